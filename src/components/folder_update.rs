//! What an update of the folder that manages the profile would install:
//! each package whose version changes, installed → new, in an alert that
//! installs them (one generation, with Undo) or puts flake.lock back as it
//! was. Unchanged packages are not listed; with none changed the alert says
//! so and only puts the lock back.

use frost_core::freeze::update::{Change, FolderUpdate, PackageUpdate};
use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, gio};

/// What the person chose.
pub enum Choice {
    Install,
    PutBack,
}

/// "2.12.1 → 2.12.2", or with an unknown side "new" / "gone".
pub fn versions(package: &PackageUpdate) -> String {
    let unknown = gettext("unknown");
    let before = package.installed_version.as_deref().unwrap_or(&unknown);
    let after = package.new_version.as_deref().unwrap_or(&unknown);
    match package.change {
        Change::Added => gettext_f("new: {version}", &[("version", after)]),
        Change::Removed => gettext_f("{version}, no longer in the folder", &[("version", before)]),
        Change::Updated | Change::Unchanged => gettext_f(
            // Translators: a package's version before and after an update.
            "{before} → {after}",
            &[("before", before), ("after", after)],
        ),
    }
}

/// The packages an update changes.
fn changed(update: &FolderUpdate) -> Vec<&PackageUpdate> {
    update
        .packages
        .iter()
        .filter(|p| p.change != Change::Unchanged)
        .collect()
}

fn list(packages: &[&PackageUpdate]) -> gtk::ListBox {
    let list = gtk::ListBox::new();
    list.add_css_class("boxed-list");
    list.set_selection_mode(gtk::SelectionMode::None);
    for package in packages {
        let row = adw::ActionRow::new();
        row.set_title(&package.name);
        row.set_subtitle(&versions(package));
        row.set_subtitle_selectable(true);
        list.append(&row);
    }
    list
}

/// Shows what `update` would install; `chosen` gets the answer (closing
/// the alert puts the lock back).
pub fn show(
    parent: &impl IsA<gtk::Widget>,
    update: &FolderUpdate,
    chosen: impl FnOnce(Choice) + 'static,
) {
    let packages = changed(update);
    let dialog = if packages.is_empty() {
        let dialog = adw::AlertDialog::new(
            Some(&gettext("Everything is up to date")),
            Some(&gettext(
                "The folder’s sources have no newer version of any package. Nothing was installed.",
            )),
        );
        dialog.add_responses(&[("cancel", &gettext("_Close"))]);
        dialog
    } else {
        let dialog = adw::AlertDialog::new(
            Some(&gettext("New Versions")),
            Some(&gettext(
                "The folder’s sources have these newer versions. Installing them makes one new generation; you can go back with Undo.",
            )),
        );
        let scrolled = gtk::ScrolledWindow::new();
        scrolled.set_hscrollbar_policy(gtk::PolicyType::Never);
        scrolled.set_propagate_natural_height(true);
        scrolled.set_max_content_height(320);
        scrolled.set_child(Some(&list(&packages)));
        dialog.set_extra_child(Some(&scrolled));
        dialog.add_responses(&[
            ("cancel", &gettext("_Cancel")),
            ("install", &gettext("_Install These Versions")),
        ]);
        dialog.set_response_appearance("install", adw::ResponseAppearance::Suggested);
        dialog.set_default_response(Some("install"));
        dialog
    };
    dialog.set_close_response("cancel");
    dialog.choose(Some(parent), gio::Cancellable::NONE, move |response| {
        chosen(if response == "install" {
            Choice::Install
        } else {
            Choice::PutBack
        });
    });
}
