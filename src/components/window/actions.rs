//! The window's actions and their keyboard shortcuts, as types: the header,
//! the menus and the profile switcher name them through these
//! (`Reload::action_name()` is "win.reload"), so a misspelt action cannot
//! compile.

use std::path::PathBuf;

use relm4::actions::{AccelsPlus, RelmAction, RelmActionGroup};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::{Window, WindowInput};
use crate::dialogs;

relm4::new_action_group!(pub WindowActions, "win");
relm4::new_stateless_action!(pub Reload, WindowActions, "reload");
relm4::new_stateless_action!(pub ShowHistory, WindowActions, "history");
relm4::new_stateless_action!(pub OpenProfile, WindowActions, "open-profile");
relm4::new_stateless_action!(pub Search, WindowActions, "search");
relm4::new_stateless_action!(pub UpdateAll, WindowActions, "update-all");
relm4::new_stateless_action!(pub InstallPackage, WindowActions, "install-package");
relm4::new_stateless_action!(pub AddSoftware, WindowActions, "add-software");
relm4::new_stateless_action!(pub FreezeProfile, WindowActions, "freeze");
relm4::new_stateless_action!(pub OpenFrozenFolder, WindowActions, "open-frozen-folder");
relm4::new_stateless_action!(pub RestoreReference, WindowActions, "restore-reference");
relm4::new_stateless_action!(pub StopManaging, WindowActions, "stop-managing");
relm4::new_stateless_action!(pub ManageWithFolder, WindowActions, "manage-with-folder");
relm4::new_stateless_action!(pub ManageWithReference, WindowActions, "manage-with-reference");
relm4::new_stateless_action!(pub UpdateManaged, WindowActions, "update-managed");
relm4::new_stateless_action!(pub About, WindowActions, "about");
relm4::new_stateless_action!(pub Shortcuts, WindowActions, "show-help-overlay");
// The target is the profile's path, as a string (what a variant carries).
relm4::new_stateful_action!(pub SwitchProfile, WindowActions, "switch-profile", String, ());

relm4::new_action_group!(AppActions, "app");
relm4::new_stateless_action!(Quit, AppActions, "quit");

/// The actions that change the profile: on only for a profile Frost may
/// change (see details_text's note on nix-env).
#[derive(Debug)]
pub struct ChangeActions {
    update_all: RelmAction<UpdateAll>,
    install: RelmAction<InstallPackage>,
    add_software: RelmAction<AddSoftware>,
}

impl ChangeActions {
    pub fn set_enabled(&self, enabled: bool) {
        self.update_all.set_enabled(enabled);
        self.install.set_enabled(enabled);
        self.add_software.set_enabled(enabled);
    }
}

/// A stateless action that sends `message` to the window.
fn send<A>(sender: &ComponentSender<Window>, message: fn() -> WindowInput) -> RelmAction<A>
where
    A: relm4::actions::ActionName<Target = (), State = ()>,
{
    let input = sender.input_sender().clone();
    RelmAction::new_stateless(move |_| input.emit(message()))
}

/// Registers the `win.` and `app.` actions and their keys; the change
/// actions start off until a profile Frost may change shows.
pub fn install(window: &adw::ApplicationWindow, sender: &ComponentSender<Window>) -> ChangeActions {
    let changes = ChangeActions {
        update_all: send(sender, || WindowInput::UpdateAll),
        install: send(sender, || WindowInput::InstallPackage),
        add_software: send(sender, || WindowInput::AddSoftware),
    };
    changes.set_enabled(false);

    let mut group = RelmActionGroup::<WindowActions>::new();
    group.add_action(send::<Reload>(sender, || WindowInput::Reload));
    group.add_action(send::<ShowHistory>(sender, || WindowInput::ShowHistory));
    group.add_action(send::<OpenProfile>(sender, || WindowInput::OpenProfile));
    group.add_action(send::<Search>(sender, || WindowInput::Search));
    group.add_action(send::<FreezeProfile>(sender, || WindowInput::Freeze));
    group.add_action(send::<OpenFrozenFolder>(sender, || {
        WindowInput::ChooseFrozenFolder
    }));
    group.add_action(send::<RestoreReference>(sender, || {
        WindowInput::AskReference
    }));
    group.add_action(send::<StopManaging>(sender, || {
        WindowInput::AskStopManaging
    }));
    group.add_action(send::<ManageWithFolder>(sender, || {
        WindowInput::ChooseFolderToManage
    }));
    group.add_action(send::<ManageWithReference>(sender, || {
        WindowInput::AskReferenceToManage
    }));
    group.add_action(send::<UpdateManaged>(sender, || WindowInput::UpdateManaged));
    group.add_action(changes.update_all.clone());
    group.add_action(changes.install.clone());
    group.add_action(changes.add_software.clone());

    let parent = window.downgrade();
    group.add_action(RelmAction::<About>::new_stateless(move |_| {
        if let Some(window) = parent.upgrade() {
            dialogs::show_about(&window);
        }
    }));
    let parent = window.downgrade();
    group.add_action(RelmAction::<Shortcuts>::new_stateless(move |_| {
        if let Some(window) = parent.upgrade() {
            dialogs::show_shortcuts(&window);
        }
    }));
    let input = sender.input_sender().clone();
    group.add_action(RelmAction::<SwitchProfile>::new_with_target_value(
        move |_, path: String| input.emit(WindowInput::SwitchProfile(PathBuf::from(path))),
    ));
    group.register_for_widget(window);

    let app = relm4::main_application();
    let weak_app = app.downgrade();
    let mut app_group = RelmActionGroup::<AppActions>::new();
    app_group.add_action(RelmAction::<Quit>::new_stateless(move |_| {
        if let Some(app) = weak_app.upgrade() {
            crate::window_state::close_all(app.upcast_ref());
        }
    }));
    app_group.register_for_main_application();

    app.set_accelerators_for_action::<Quit>(&["<Control>q"]);
    // GTK's own action: every window has it.
    app.set_accels_for_action("window.close", &["<Control>w"]);
    app.set_accelerators_for_action::<Reload>(&["<Control>r", "F5"]);
    app.set_accelerators_for_action::<ShowHistory>(&["<Control>h"]);
    app.set_accelerators_for_action::<OpenProfile>(&["<Control>o"]);
    app.set_accelerators_for_action::<Search>(&["<Control>f"]);
    app.set_accelerators_for_action::<InstallPackage>(&["<Control>i"]);
    app.set_accelerators_for_action::<AddSoftware>(&["<Control>n"]);
    app.set_accelerators_for_action::<Shortcuts>(&["F1", "<Control>question"]);
    changes
}
