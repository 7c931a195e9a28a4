//! The buttons of the details page: one suggested pill (Open for an app,
//! else Update) and plain Update and Remove buttons, each saying in its
//! tooltip what it does or why it cannot; on a managed profile, a package
//! not in its flake also has Add to Flake. A package's files are shown
//! from its Technical Details.

use relm4::adw::prelude::*;
use relm4::prelude::*;

use frost_core::i18n::{gettext, gettext_f};

use super::details_text::{can_update, remove_hint, update_hint};
use crate::profile_loader::Package;

#[derive(Debug, Default)]
pub struct DetailsActions {
    is_app: bool,
    /// False for a nix-env profile (see details_text).
    can_remove: bool,
    can_update: bool,
    remove_hint: String,
    update_hint: String,
    /// Installed from elsewhere on a profile a folder manages.
    not_in_flake: bool,
    /// Add to Flake's tooltip: what it does, or why it cannot.
    add_hint: String,
    /// It has a source to write into the flake (not a store path).
    can_add: bool,
}

#[derive(Debug)]
pub enum ActionsInput {
    Show {
        package: Box<Package>,
        nix_env: bool,
    },
    Pressed(Action),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Open,
    Update,
    Remove,
    AddToFlake,
}

impl DetailsActions {
    /// The one suggested pill: Open for an app, else Update.
    fn main_action(&self) -> Action {
        if self.is_app {
            Action::Open
        } else {
            Action::Update
        }
    }

    fn main_label(&self) -> String {
        if self.is_app {
            gettext("_Open")
        } else {
            gettext("_Update")
        }
    }

    fn main_hint(&self) -> String {
        if self.is_app {
            String::new()
        } else {
            self.update_hint.clone()
        }
    }
}

/// Add to Flake's tooltip: a package installed from a store path has no
/// source to write into flake.nix, so the button says so instead of
/// failing when pressed.
fn add_to_flake_hint(package: &Package) -> String {
    if package.element.original_ref.is_none() {
        gettext_f(
            "{name} was installed from a store path: with no source recorded, it cannot be written into a flake.",
            &[("name", &package.element.name)],
        )
    } else {
        gettext("Write this package into the flake of the folder that manages this profile, from the source it was installed from, so the folder manages it too. The store paths stay the same.")
    }
}

#[relm4::component(pub)]
impl Component for DetailsActions {
    type Init = ();
    type Input = ActionsInput;
    type Output = Action;
    type CommandOutput = ();

    view! {
        // One suggested pill, then the other actions as plain buttons of
        // one width, kept together: on a narrow window they move under the
        // pill as a group instead of wrapping one by one.
        gtk::FlowBox {
            set_selection_mode: gtk::SelectionMode::None,
            set_column_spacing: 12,
            set_row_spacing: 12,
            set_max_children_per_line: 2,
            set_halign: gtk::Align::Start,

            gtk::Button {
                #[watch]
                set_label: &model.main_label(),
                set_use_underline: true,
                add_css_class: "pill",
                add_css_class: "suggested-action",
                #[watch]
                set_sensitive: model.is_app || model.can_update,
                #[watch]
                set_tooltip_text: Some(model.main_hint().as_str()).filter(|h| !h.is_empty()),
                #[watch]
                update_property: &[gtk::accessible::Property::Description(&model.main_hint())],
                connect_clicked[sender] => move |_| {
                    sender.input(ActionsInput::Pressed(Action::Open));
                },
            },
            gtk::Box {
                set_homogeneous: true,
                set_spacing: 12,
                set_valign: gtk::Align::Center,

                gtk::Button {
                    set_label: &gettext("_Update"),
                    set_use_underline: true,
                    #[watch]
                    set_visible: model.is_app,
                    #[watch]
                    set_sensitive: model.can_update,
                    #[watch]
                    set_tooltip_text: Some(&model.update_hint),
                    #[watch]
                    update_property: &[gtk::accessible::Property::Description(&model.update_hint)],
                    connect_clicked => ActionsInput::Pressed(Action::Update),
                },
                gtk::Button {
                    set_label: &gettext("Add to _Flake"),
                    set_use_underline: true,
                    #[watch]
                    set_visible: model.not_in_flake,
                    #[watch]
                    set_sensitive: model.can_add,
                    #[watch]
                    set_tooltip_text: Some(&model.add_hint),
                    #[watch]
                    update_property: &[gtk::accessible::Property::Description(&model.add_hint)],
                    connect_clicked => ActionsInput::Pressed(Action::AddToFlake),
                },
                gtk::Button {
                    set_label: &gettext("_Remove"),
                    set_use_underline: true,
                    #[watch]
                    set_sensitive: model.can_remove,
                    #[watch]
                    set_tooltip_text: Some(&model.remove_hint),
                    #[watch]
                    update_property: &[gtk::accessible::Property::Description(&model.remove_hint)],
                    connect_clicked => ActionsInput::Pressed(Action::Remove),
                },
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let model = DetailsActions::default();
        let widgets = view_output!();
        // Focus goes straight to the buttons, not the boxes around them.
        let mut child = root.first_child();
        while let Some(c) = child {
            c.set_focusable(false);
            child = c.next_sibling();
        }
        ComponentParts { model, widgets }
    }

    fn update_with_view(
        &mut self,
        widgets: &mut Self::Widgets,
        message: Self::Input,
        sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        match message {
            ActionsInput::Show { package, nix_env } => {
                let name = &package.element.name;
                *self = DetailsActions {
                    is_app: package
                        .info
                        .desktop_entries
                        .first()
                        .is_some_and(|e| !e.no_display),
                    can_remove: !nix_env,
                    can_update: can_update(&package, nix_env),
                    remove_hint: remove_hint(name, nix_env),
                    update_hint: update_hint(&package, nix_env),
                    not_in_flake: package.not_in_flake && !nix_env,
                    can_add: package.element.original_ref.is_some(),
                    add_hint: add_to_flake_hint(&package),
                };
            }
            // The pill says Open, and means the main action.
            ActionsInput::Pressed(Action::Open) => {
                let _ = sender.output(self.main_action());
            }
            ActionsInput::Pressed(action) => {
                let _ = sender.output(action);
            }
        }
        self.update_view(widgets, sender);
    }
}
