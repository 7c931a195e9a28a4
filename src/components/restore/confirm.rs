//! Make My Profile Exactly This, asked first: the alert names every
//! package the profile would lose, since the flake's packages take the
//! profile's place.

use frost_core::freeze::restore_preview::RestorePreview;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, gio};

const CANCEL: &str = "cancel";
const REPLACE: &str = "replace";

/// What replacing does, in words: which packages go, which change version,
/// and how to take it back.
pub fn replace_text(preview: &RestorePreview) -> String {
    let n = preview.package_names().len();
    let mut text = ngettext_f(
        "Your profile gets a new generation holding exactly the {n} package of the flake.",
        "Your profile gets a new generation holding exactly the {n} packages of the flake.",
        n as u64,
        &[("n", &n.to_string())],
    );
    let lost: Vec<&str> = preview
        .only_in_profile
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    if !lost.is_empty() {
        text.push(' ');
        text.push_str(&ngettext_f(
            "{names} is not in the flake and will be removed.",
            "{names} are not in the flake and will be removed.",
            lost.len() as u64,
            &[("names", &lost.join(", "))],
        ));
    }
    let changed: Vec<&str> = preview
        .different_version
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    if !changed.is_empty() {
        text.push(' ');
        text.push_str(&gettext_f(
            "These change to the flake’s version: {names}.",
            &[("names", &changed.join(", "))],
        ));
    }
    text.push(' ');
    text.push_str(&gettext(
        "Undo goes back to the generation before, and so does History later.",
    ));
    text
}

/// Asks before replacing; `agreed` runs on yes.
pub fn confirm_replace(
    parent: &impl IsA<gtk::Widget>,
    preview: &RestorePreview,
    agreed: impl FnOnce() + 'static,
) {
    let dialog = adw::AlertDialog::new(
        Some(&gettext("Make Your Profile Exactly This?")),
        Some(&replace_text(preview)),
    );
    dialog.add_responses(&[
        (CANCEL, &gettext("_Cancel")),
        (REPLACE, &gettext("_Replace")),
    ]);
    // Packages go away: not the default, and marked as such.
    let appearance = if preview.only_in_profile.is_empty() {
        adw::ResponseAppearance::Suggested
    } else {
        adw::ResponseAppearance::Destructive
    };
    dialog.set_response_appearance(REPLACE, appearance);
    dialog.set_default_response(Some(CANCEL));
    dialog.set_close_response(CANCEL);
    dialog.choose(Some(parent), gio::Cancellable::NONE, move |response| {
        if response == REPLACE {
            agreed();
        }
    });
}
