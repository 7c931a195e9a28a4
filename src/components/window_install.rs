//! The window's side of installing and of frozen folders: the Install
//! Package dialog opened on the profile shown, and a frozen folder chosen
//! (or given with `--open-frozen`), checked for a flake off the main loop,
//! then offered once the first profile has shown, since what Frost offers
//! depends on it. Every choice ends as an operation for the worker.

use std::path::PathBuf;

use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::{Loaded, Window, WindowInput};
use crate::components::frozen_folder;
use crate::components::install_dialog::InstallInput;

/// Asks for a folder with the file chooser.
pub(super) fn choose_folder(root: &adw::ApplicationWindow, sender: &ComponentSender<Window>) {
    let input = sender.input_sender().clone();
    frozen_folder::choose(root, move |dir| {
        input.emit(WindowInput::FrozenFolder(dir));
    });
}

/// Looks for its flake.nix on a worker thread.
pub(super) fn check_folder(dir: PathBuf, sender: &ComponentSender<Window>) {
    sender.spawn_oneshot_command(move || {
        // Reads the disk: not on the main loop. The same test as the
        // apply's own, so what is offered is what can run.
        let is_flake = frost_core::freeze::apply::holds_flake(&dir);
        Loaded::FrozenFolder { dir, is_flake }
    });
}

impl Window {
    /// Only into a profile Frost may change (see details_text's note on
    /// nix-env); the action is off for the others.
    pub(super) fn ask_install(&self, root: &adw::ApplicationWindow) {
        let Some(loaded) = self.loaded.as_ref().filter(|l| !l.nix_env) else {
            return;
        };
        self.install.sender().emit(InstallInput::Open {
            profile: loaded.path.clone(),
            name: loaded.name.clone(),
            parent: root.clone().upcast(),
        });
    }

    pub(super) fn folder_checked(
        &mut self,
        dir: PathBuf,
        is_flake: bool,
        root: &adw::ApplicationWindow,
    ) {
        if !is_flake {
            frozen_folder::show_not_a_flake(root, &dir);
        } else if self.loaded.is_none() && self.error.is_none() {
            self.waiting_folder = Some(dir);
        } else {
            self.offer_folder(dir, root);
        }
    }

    /// Offers the choices for a folder known to hold a flake.
    pub(super) fn offer_folder(&self, dir: PathBuf, root: &adw::ApplicationWindow) {
        let profile = self
            .loaded
            .as_ref()
            .filter(|l| !l.nix_env)
            .map(|l| l.path.as_path());
        let input = self.input.clone();
        frozen_folder::ask(root, &dir, profile, move |operation| {
            input.emit(WindowInput::Submit(operation));
        });
    }
}
