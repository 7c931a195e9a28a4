//! Which profile the window shows: the profile switcher's choices (the
//! shown profile, the others beside it and those opened by path this
//! session) and the dialog that opens a profile by path.

use std::path::{Path, PathBuf};

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk::gio;
use relm4::prelude::*;

use super::{Window, WindowInput};
use crate::components::main_page::MainPageInput;
use crate::components::profile_switcher::ProfileChoice;

impl Window {
    /// Fills the profile switcher on the main page.
    pub(super) fn update_profiles(&self) {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut add = |p: &Path| {
            if !paths.iter().any(|known| known == p) {
                paths.push(p.to_path_buf());
            }
        };
        if let Some(loaded) = &self.loaded {
            add(&loaded.path);
            loaded.siblings.iter().for_each(|p| add(p));
        }
        for opened in &self.opened {
            add(opened);
        }
        let current = self.loaded.as_ref().map(|l| l.path.clone());
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
        self.main_page
            .sender()
            .emit(MainPageInput::Profiles(choices));
    }

    /// Asks for a profile with the file chooser, starting in the folder of
    /// the profile shown (or of the one expected), where Nix keeps profiles.
    pub(super) fn choose_profile(&self, root: &adw::ApplicationWindow) {
        let dialog = gtk::FileDialog::builder()
            .title(gettext("Open Profile"))
            .accept_label(gettext("_Open"))
            .modal(true)
            .build();
        // Known without touching the disk: no reads on the main loop.
        let folder = match (&self.loaded, &self.error) {
            (Some(loaded), _) => loaded.path.parent().map(Path::to_path_buf),
            (None, Some(error)) => error.folder(),
            (None, None) => None,
        };
        if let Some(dir) = folder {
            dialog.set_initial_folder(Some(&gio::File::for_path(dir)));
        }
        let input = self.input.clone();
        dialog.open(Some(root), gio::Cancellable::NONE, move |result| {
            // Cancelling is an error too; nothing to say about it.
            if let Some(path) = result.ok().and_then(|file| file.path()) {
                input.emit(WindowInput::SwitchProfile(path));
            }
        });
    }
}
