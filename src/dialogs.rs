//! The About dialog and the keyboard shortcuts window. Both are built when
//! asked for: nobody should pay for them at start-up.

use frost_core::i18n::gettext;
use relm4::adw::{self, prelude::*};
use relm4::gtk;

/// The project's home, from Cargo.toml.
pub const WEBSITE: &str = env!("CARGO_PKG_REPOSITORY");

pub fn issues_url() -> String {
    format!("{WEBSITE}/issues")
}

pub fn show_about(parent: &impl IsA<gtk::Widget>) {
    let about = adw::AboutDialog::builder()
        .application_name(gettext("Frost"))
        .application_icon(crate::APP_ID)
        .version(env!("CARGO_PKG_VERSION"))
        .comments(gettext(
            "See, manage and freeze your Nix profile: what is installed, where it came from, and its history.",
        ))
        .license_type(gtk::License::Gpl30)
        .website(WEBSITE)
        .issue_url(issues_url())
        .developer_name(gettext("The Frost developers"))
        .build();
    about.set_developers(&[&gettext("The Frost developers")]);
    // Translators: put your names here, one per line.
    about.set_translator_credits(&gettext("translator-credits"));
    about.present(Some(parent));
}

/// (Accelerator, what it does) for every shortcut, in groups.
fn shortcut_groups() -> Vec<(String, Vec<(&'static str, String)>)> {
    vec![
        (
            gettext("General"),
            vec![
                ("<Control>f", gettext("Search")),
                ("<Control>h", gettext("Show the history")),
                ("<Control>o", gettext("Open a profile")),
                ("<Control>i", gettext("Install a package")),
                (
                    "<Control>n",
                    gettext("Add software: search for packages to install"),
                ),
                ("<Control>r F5", gettext("Reload the profile")),
                ("F1 <Control>question", gettext("Show keyboard shortcuts")),
                ("<Control>w", gettext("Close the window")),
                ("<Control>q", gettext("Quit")),
            ],
        ),
        (
            gettext("Navigation"),
            vec![
                ("Return", gettext("Open the chosen package or generation")),
                ("Escape <Alt>Left", gettext("Go back")),
            ],
        ),
    ]
}

pub fn show_shortcuts(parent: &impl IsA<gtk::Window>) {
    let section = gtk::ShortcutsSection::builder()
        .section_name("shortcuts")
        .build();
    for (title, shortcuts) in shortcut_groups() {
        let group = gtk::ShortcutsGroup::builder().title(title).build();
        for (accelerator, what) in shortcuts {
            let shortcut = gtk::ShortcutsShortcut::builder()
                .accelerator(accelerator)
                .title(what)
                .build();
            group.add_shortcut(&shortcut);
        }
        section.add_group(&group);
    }
    let window = gtk::ShortcutsWindow::builder()
        .transient_for(parent)
        .modal(true)
        .title(gettext("Keyboard Shortcuts"))
        .build();
    window.add_section(&section);
    window.present();
}
