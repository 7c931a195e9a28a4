//! The buttons of the details page: Open (apps only), Show Files, Update
//! and Remove, each saying in its tooltip what it does or why it cannot.

use relm4::adw::prelude::*;
use relm4::prelude::*;

use frost_core::i18n::gettext;

use super::details_text::{can_update, remove_hint, update_hint};
use crate::profile_loader::Package;

#[derive(Debug, Default)]
pub struct DetailsActions {
    is_app: bool,
    has_files: bool,
    /// False for a nix-env profile (see details_text).
    can_remove: bool,
    can_update: bool,
    remove_hint: String,
    update_hint: String,
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
    ShowFiles,
    Update,
    Remove,
}

#[relm4::component(pub)]
impl Component for DetailsActions {
    type Init = ();
    type Input = ActionsInput;
    type Output = Action;
    type CommandOutput = ();

    view! {
        // Wraps on narrow screens instead of cutting buttons off.
        gtk::FlowBox {
            set_selection_mode: gtk::SelectionMode::None,
            set_column_spacing: 12,
            set_row_spacing: 12,
            set_max_children_per_line: 4,
            set_halign: gtk::Align::Start,

            #[name = "open"]
            gtk::Button {
                set_label: &gettext("_Open"),
                set_use_underline: true,
                add_css_class: "pill",
                add_css_class: "suggested-action",
                connect_clicked => ActionsInput::Pressed(Action::Open),
            },
            gtk::Button {
                set_label: &gettext("Show _Files"),
                set_use_underline: true,
                add_css_class: "pill",
                #[watch]
                set_sensitive: model.has_files,
                connect_clicked => ActionsInput::Pressed(Action::ShowFiles),
            },
            gtk::Button {
                set_label: &gettext("_Update"),
                set_use_underline: true,
                add_css_class: "pill",
                #[watch]
                set_sensitive: model.can_update,
                #[watch]
                set_tooltip_text: Some(&model.update_hint),
                #[watch]
                update_property: &[gtk::accessible::Property::Description(&model.update_hint)],
                connect_clicked => ActionsInput::Pressed(Action::Update),
            },
            gtk::Button {
                set_label: &gettext("_Remove"),
                set_use_underline: true,
                add_css_class: "pill",
                add_css_class: "destructive-action",
                #[watch]
                set_sensitive: model.can_remove,
                #[watch]
                set_tooltip_text: Some(&model.remove_hint),
                #[watch]
                update_property: &[gtk::accessible::Property::Description(&model.remove_hint)],
                connect_clicked => ActionsInput::Pressed(Action::Remove),
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
                    has_files: !package.element.store_paths.is_empty(),
                    can_remove: !nix_env,
                    can_update: can_update(&package, nix_env),
                    remove_hint: remove_hint(name, nix_env),
                    update_hint: update_hint(&package, nix_env),
                };
            }
            ActionsInput::Pressed(action) => {
                let _ = sender.output(action);
            }
        }
        // The flow box keeps a slot for a hidden button: hide its slot.
        if let Some(slot) = widgets.open.parent() {
            slot.set_visible(self.is_app);
        }
        self.update_view(widgets, sender);
    }
}
