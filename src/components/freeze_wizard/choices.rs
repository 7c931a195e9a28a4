//! What the first step lists: every package of the profile, whether Frost
//! can freeze it (and if not, why, in words), and whether its attribute is
//! a guess from a nix-env name. Read from the same plan `frost freeze`
//! makes, so the list says what the export will do.

use frost_core::freeze::plan::{plan, FreezeOptions, PlanContext};
use frost_core::i18n::gettext;

use crate::profile_loader::LoadedProfile;

/// One row of the checklist.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The element's name, as `frost freeze --only` takes it.
    pub name: String,
    /// What the row shows: the app's own name, else the element's.
    pub title: String,
    pub version: Option<String>,
    pub icon: Option<std::path::PathBuf>,
    pub kind: frost_core::describe::PackageKind,
    /// Why it cannot be frozen; `None` when it can.
    pub unfreezable: Option<String>,
    /// Found by name in nixpkgs (installed with nix-env), not recorded.
    pub guessed: bool,
}

/// The rows for `profile`, in the order the main list shows them.
pub fn choices(profile: &LoadedProfile) -> Vec<Choice> {
    let elements: Vec<_> = profile.packages.iter().map(|p| p.element.clone()).collect();
    // Without Nix: no registry or system yet. Both only decide how an
    // element is written, not whether it can be frozen.
    let planned = plan(
        &elements,
        &FreezeOptions::default(),
        &PlanContext::default(),
    )
    .ok();
    profile
        .packages
        .iter()
        .map(|p| {
            let name = &p.element.name;
            let unfreezable = planned.as_ref().and_then(|pl| {
                pl.unfrozen
                    .iter()
                    .find(|u| &u.name == name)
                    .map(|u| u.reason.describe())
            });
            let guessed = planned
                .as_ref()
                .is_some_and(|pl| pl.packages.iter().any(|q| &q.name == name && q.guessed));
            Choice {
                name: name.clone(),
                title: p.title.clone(),
                version: p.element.version.clone(),
                icon: p.info.icon.clone(),
                kind: p.kind(),
                unfreezable,
                guessed,
            }
        })
        .collect()
}

/// The row's second line: its version, and what the user should know.
pub fn subtitle(choice: &Choice) -> String {
    let mut parts: Vec<String> = choice.version.iter().cloned().collect();
    if let Some(reason) = &choice.unfreezable {
        parts.push(reason.clone());
    } else if choice.guessed {
        parts.push(gettext(
            "found by its name in nixpkgs: check it after export",
        ));
    }
    parts.join(" · ")
}
