//! The restore page's menu, for a folder: Check Lock and Update Inputs,
//! which change the folder's flake.lock and nothing in the profile.

use frost_core::i18n::gettext;
use relm4::actions::{ActionName, RelmAction, RelmActionGroup};
use relm4::adw;
use relm4::gtk::gio;

use super::RestoreInput;

relm4::new_action_group!(RestoreActions, "restore");
relm4::new_stateless_action!(CheckLock, RestoreActions, "check-lock");
relm4::new_stateless_action!(UpdateInputs, RestoreActions, "update-inputs");

pub fn folder_menu() -> gio::Menu {
    let menu = gio::Menu::new();
    menu.append(
        Some(&gettext("_Check Lock")),
        Some(CheckLock::action_name().as_str()),
    );
    menu.append(
        Some(&gettext("_Update Inputs")),
        Some(UpdateInputs::action_name().as_str()),
    );
    menu
}

/// The menu's actions, on the page `root`, sending to the page.
pub fn register(root: &adw::NavigationPage, input: &relm4::Sender<RestoreInput>) {
    let mut actions = RelmActionGroup::<RestoreActions>::new();
    let check = input.clone();
    actions.add_action(RelmAction::<CheckLock>::new_stateless(move |_| {
        check.emit(RestoreInput::CheckLock)
    }));
    let update = input.clone();
    actions.add_action(RelmAction::<UpdateInputs>::new_stateless(move |_| {
        update.emit(RestoreInput::UpdateInputs)
    }));
    actions.register_for_widget(root);
}
