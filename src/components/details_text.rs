//! The sentences of the details page, made from a package without GTK, so
//! they are tested like the core's.

use std::path::Path;

use frost_core::commands::{SharedCommand, Why};
use frost_core::element::DEFAULT_PRIORITY;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::time::{local_datetime, relative_datetime};
use frost_core::Outputs;

use crate::profile_loader::Package;

/// Which outputs the element installs, in words.
pub fn outputs_text(outputs: &Outputs) -> String {
    match outputs {
        Outputs::Default => gettext("the package’s default outputs"),
        Outputs::All => gettext("all outputs"),
        Outputs::Named(names) => names.join(", "),
    }
}

pub fn priority_text(priority: i64) -> String {
    if priority == DEFAULT_PRIORITY {
        gettext_f(
            "{priority} (the default)",
            &[("priority", &priority.to_string())],
        )
    } else {
        gettext_f(
            "{priority} (when two packages install the same file, the lower number wins)",
            &[("priority", &priority.to_string())],
        )
    }
}

/// Since when the package is installed, as GNOME says it ("Today at
/// 06:25"), and the exact time with the generation for the tooltip
/// ("2024-05-12 14:03, generation 2").
pub fn since_text(number: u64, created: u64) -> (String, String) {
    let exact = gettext_f(
        "{date}, generation {number}",
        &[
            ("number", &number.to_string()),
            ("date", &local_datetime(created)),
        ],
    );
    (relative_datetime(created), exact)
}

/// Under a command another package has too: which of them runs, and why,
/// for the package named `me`. Nix's rule is in frost_core::commands.
pub fn shared_command_text(shared: &SharedCommand, me: &str) -> String {
    let mine = shared
        .others
        .iter()
        .chain([&shared.used])
        .find(|p| p.name == me)
        .map_or(0, |p| p.priority);
    if shared.used.name == me {
        let others: Vec<&str> = shared.others.iter().map(|p| p.name.as_str()).collect();
        let others = others.join(", ");
        let theirs = shared.others.first().map_or(0, |p| p.priority);
        match shared.why {
            Why::LowerPriority => gettext_f(
                "This one runs: {others} has it too, but this package has the lower priority number ({mine} before {theirs}).",
                &[
                    ("others", &others),
                    ("mine", &mine.to_string()),
                    ("theirs", &theirs.to_string()),
                ],
            ),
            Why::SameBuild => gettext_f(
                "{others} has the very same program: either way the same one runs.",
                &[("others", &others)],
            ),
            Why::SamePriorityGuess => gettext_f(
                "This one runs: {others} has it too, with the same priority, and Nix takes this one first.",
                &[("others", &others)],
            ),
        }
    } else {
        let used = &shared.used;
        match shared.why {
            Why::SameBuild => gettext_f(
                "{other} has the very same program: either way the same one runs.",
                &[("other", &used.name)],
            ),
            Why::LowerPriority => gettext_f(
                "{other}’s runs instead: it has the lower priority number ({theirs} before {mine}).",
                &[
                    ("other", &used.name),
                    ("theirs", &used.priority.to_string()),
                    ("mine", &mine.to_string()),
                ],
            ),
            Why::SamePriorityGuess => gettext_f(
                "{other}’s runs instead: both have the same priority, and Nix takes that one first.",
                &[("other", &used.name)],
            ),
        }
    }
}

/// The name a store path shows in the list of paths: the part after the
/// hash (`hello-2.12.1`, `multi-1.0-man`).
pub fn store_name(path: &str) -> &str {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    match name.split_once('-') {
        Some((hash, rest)) if hash.len() == 32 => rest,
        _ => name,
    }
}

/// The full, copyable sources: what was asked for, and what it was pinned
/// to, each as a flake reference `nix` accepts. Empty for a bare store path.
pub fn full_sources(package: &Package) -> Vec<(String, String)> {
    let element = &package.element;
    let attr = element.attr_path.as_deref();
    let with_attr = |url: String| match attr {
        Some(attr) => format!("{url}#{attr}"),
        None => url,
    };
    let mut out = Vec::new();
    if let Some(original) = &element.original_ref {
        out.push((gettext("Installed from"), with_attr(original.to_url())));
    }
    if let Some(locked) = &element.locked_ref {
        out.push((gettext("Pinned to"), with_attr(locked.to_url())));
    }
    out
}

/// Why Remove and Update are off for a nix-env profile: `nix profile`
/// would convert it, and nix-env could no longer use it (seen with 2.26).
fn nix_env_hint(command: &str) -> String {
    gettext_f(
        "This profile is managed by nix-env. Changing it from Frost would convert it to a “nix profile” profile, which nix-env can no longer use. Use “{command}” in a terminal instead; this page updates by itself.",
        &[("command", command)],
    )
}

/// The Remove button's tooltip: what it does, or why it cannot.
pub fn remove_hint(name: &str, nix_env: bool) -> String {
    if nix_env {
        nix_env_hint(&format!("nix-env --uninstall {name}"))
    } else {
        gettext_f("Remove {name} from this profile", &[("name", name)])
    }
}

/// Whether Update can do anything: a package installed from a store path
/// has no source to look for a newer version in.
pub fn can_update(package: &Package, nix_env: bool) -> bool {
    !nix_env && package.element.original_ref.is_some()
}

pub fn update_hint(package: &Package, nix_env: bool) -> String {
    let name = &package.element.name;
    if nix_env {
        nix_env_hint(&format!("nix-env --upgrade {name}"))
    } else if package.element.original_ref.is_none() {
        gettext_f(
            "{name} was installed from a store path, with no source to look for a newer version in.",
            &[("name", name)],
        )
    } else {
        gettext_f(
            "Update {name} to the newest version its source has",
            &[("name", name)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frost_core::element::Origin;
    use frost_core::{Element, FlakeRef};
    use std::sync::Arc;

    #[test]
    fn store_names_drop_the_hash() {
        assert_eq!(
            store_name("/nix/store/1hk81fcrwjl56fvmd2a1n6194qyqlx0p-multi-1.0-man"),
            "multi-1.0-man"
        );
        assert_eq!(store_name("/somewhere/else"), "else");
    }

    #[test]
    fn outputs_and_priority_in_words() {
        assert_eq!(outputs_text(&Outputs::All), "all outputs");
        assert_eq!(
            outputs_text(&Outputs::Named(vec!["out".into(), "man".into()])),
            "out, man"
        );
        assert_eq!(priority_text(5), "5 (the default)");
        assert!(priority_text(3).starts_with("3 (when two packages"));
    }

    #[test]
    fn shared_commands_say_which_runs_and_why() {
        use frost_core::commands::Provider;
        let shared = SharedCommand {
            command: "hello".into(),
            used: Provider {
                name: "hello-1".into(),
                priority: 4,
            },
            others: vec![Provider {
                name: "hello".into(),
                priority: 5,
            }],
            why: Why::LowerPriority,
        };
        assert_eq!(
            shared_command_text(&shared, "hello"),
            "hello-1’s runs instead: it has the lower priority number (4 before 5)."
        );
        assert_eq!(
            shared_command_text(&shared, "hello-1"),
            "This one runs: hello has it too, but this package has the lower priority number (4 before 5)."
        );
    }

    #[test]
    fn full_sources_are_flake_references_with_the_attribute() {
        let element = Element {
            name: "pip".into(),
            origin: Origin::Flake,
            attr_path: Some("legacyPackages.x86_64-linux.python3Packages.pip".into()),
            original_ref: Some(Arc::new(
                FlakeRef::parse("flake:nixpkgs").unwrap_or_else(|e| panic!("{e}")),
            )),
            locked_ref: Some(Arc::new(
                FlakeRef::parse("github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681")
                    .unwrap_or_else(|e| panic!("{e}")),
            )),
            outputs: Outputs::Default,
            priority: 5,
            active: true,
            store_paths: vec![],
            pname: "pip".into(),
            version: Some("24.0".into()),
        };
        let sources = full_sources(&Package::with_info(element, empty_info()));
        assert_eq!(
            sources,
            [
                (
                    "Installed from".to_owned(),
                    "flake:nixpkgs#legacyPackages.x86_64-linux.python3Packages.pip".to_owned()
                ),
                (
                    "Pinned to".to_owned(),
                    "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681#legacyPackages.x86_64-linux.python3Packages.pip".to_owned()
                ),
            ]
        );
    }

    fn empty_info() -> frost_core::describe::PackageInfo {
        frost_core::describe::PackageInfo {
            kind: frost_core::describe::PackageKind::Other,
            desktop_entries: vec![],
            icon: None,
            summary: None,
            commands: vec![],
        }
    }
}
