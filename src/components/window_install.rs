//! The window's side of installing: the Install Package dialog opened on
//! the profile shown; what the user types ends as an operation for the
//! worker.

use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::Window;
use crate::components::install_dialog::InstallInput;

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
}
