//! The window's actions and keyboard shortcuts, the profile switcher's
//! choices, and the dialog that opens a profile by path.

use std::path::{Path, PathBuf};

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk::{gio, glib};
use relm4::prelude::*;

use super::main_page::MainPageInput;
use super::profile_switcher::ProfileChoice;
use super::window::{Window, WindowInput};
use crate::dialogs;

const SWITCH: &str = "switch-profile";
const UPDATE_ALL: &str = "update-all";
const INSTALL: &str = "install-package";

/// Install and Update All only for a profile Frost may change (see
/// details_text's note on nix-env).
pub fn enable_changes(window: &adw::ApplicationWindow, enabled: bool) {
    for name in [UPDATE_ALL, INSTALL] {
        if let Some(action) = window
            .lookup_action(name)
            .and_downcast::<gio::SimpleAction>()
        {
            action.set_enabled(enabled);
        }
    }
}

/// Registers the `win.` actions the header and menus use, and their keys.
pub fn install(window: &adw::ApplicationWindow, sender: &ComponentSender<Window>) {
    let simple = |name: &str, message: fn() -> WindowInput| {
        let action = gio::SimpleAction::new(name, None);
        let input = sender.input_sender().clone();
        action.connect_activate(move |_, _| input.emit(message()));
        window.add_action(&action);
    };
    simple("reload", || WindowInput::Reload);
    simple("history", || WindowInput::ShowHistory);
    simple("open-profile", || WindowInput::OpenProfile);
    simple("search", || WindowInput::Search);
    simple(UPDATE_ALL, || WindowInput::UpdateAll);
    simple(INSTALL, || WindowInput::InstallPackage);
    simple("open-frozen-folder", || WindowInput::ChooseFrozenFolder);

    let about = gio::SimpleAction::new("about", None);
    let parent = window.downgrade();
    about.connect_activate(move |_, _| {
        if let Some(window) = parent.upgrade() {
            dialogs::show_about(&window);
        }
    });
    window.add_action(&about);

    let shortcuts = gio::SimpleAction::new("show-help-overlay", None);
    let parent = window.downgrade();
    shortcuts.connect_activate(move |_, _| {
        if let Some(window) = parent.upgrade() {
            dialogs::show_shortcuts(&window);
        }
    });
    window.add_action(&shortcuts);

    let switch = gio::SimpleAction::new(SWITCH, Some(glib::VariantTy::STRING));
    let input = sender.input_sender().clone();
    switch.connect_activate(move |_, target| {
        if let Some(path) = target.and_then(|t| t.get::<String>()) {
            input.emit(WindowInput::SwitchProfile(PathBuf::from(path)));
        }
    });
    window.add_action(&switch);

    let app = relm4::main_application();
    let quit = gio::SimpleAction::new("quit", None);
    let weak_app = app.downgrade();
    quit.connect_activate(move |_, _| {
        if let Some(app) = weak_app.upgrade() {
            crate::window_state::close_all(app.upcast_ref());
        }
    });
    app.add_action(&quit);
    for (action, keys) in [
        ("app.quit", &["<Control>q"][..]),
        ("window.close", &["<Control>w"]),
        ("win.reload", &["<Control>r", "F5"]),
        ("win.history", &["<Control>h"]),
        ("win.open-profile", &["<Control>o"]),
        ("win.search", &["<Control>f"]),
        ("win.install-package", &["<Control>i"]),
        ("win.show-help-overlay", &["F1", "<Control>question"]),
    ] {
        app.set_accels_for_action(action, keys);
    }
}

/// Fills the profile switcher: the shown profile, the others beside it and
/// those opened by path this session.
pub fn update_profiles(window: &Window) {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut add = |p: &Path| {
        if !paths.iter().any(|known| known == p) {
            paths.push(p.to_path_buf());
        }
    };
    if let Some(loaded) = &window.loaded {
        add(&loaded.path);
        loaded.siblings.iter().for_each(|p| add(p));
    }
    for opened in &window.opened {
        add(opened);
    }
    let current = window.loaded.as_ref().map(|l| l.path.clone());
    let choices: Vec<ProfileChoice> = paths
        .iter()
        .map(|path| {
            // Same-named profiles from different folders need their folder.
            let same_name = paths
                .iter()
                .filter(|p| p.file_name() == path.file_name())
                .count();
            let label = match path.file_name() {
                Some(name) if same_name == 1 => name.to_string_lossy().into_owned(),
                _ => path.display().to_string(),
            };
            ProfileChoice {
                current: current.as_ref() == Some(path),
                path: path.clone(),
                label,
            }
        })
        .collect();
    window
        .main_page
        .sender()
        .emit(MainPageInput::Profiles(choices));
}

/// Asks for a profile with the file chooser, starting in the folder of the
/// profile shown (or of the one expected), where Nix keeps profiles.
pub fn choose_profile(
    window: &Window,
    root: &adw::ApplicationWindow,
    sender: &ComponentSender<Window>,
) {
    let dialog = gtk::FileDialog::builder()
        .title(gettext("Open Profile"))
        .accept_label(gettext("_Open"))
        .modal(true)
        .build();
    // Known without touching the disk: no reads on the main loop.
    let folder = match (&window.loaded, &window.error) {
        (Some(loaded), _) => loaded.path.parent().map(Path::to_path_buf),
        (None, Some(error)) => error.folder(),
        (None, None) => None,
    };
    if let Some(dir) = folder {
        dialog.set_initial_folder(Some(&gio::File::for_path(dir)));
    }
    let input = sender.input_sender().clone();
    dialog.open(Some(root), gio::Cancellable::NONE, move |result| {
        // Cancelling is an error too; nothing to say about it.
        if let Some(path) = result.ok().and_then(|file| file.path()) {
            input.emit(WindowInput::SwitchProfile(path));
        }
    });
}
