//! The page shown whenever there is no list to show: while the profile is
//! read, when it is empty, when there is no Nix or no profile yet, and when
//! reading failed. Each state names a next step the user can take.

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk::{gio, glib};
use relm4::prelude::*;

use super::window::actions::InstallPackage;
use crate::profile_loader::LoadError;
use relm4::actions::ActionName;

/// Where Nix's own installation instructions are.
pub const NIX_INSTALL_URL: &str = "https://nixos.org/download/";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Loading,
    /// The profile exists and has no packages.
    Empty,
    Error(LoadError),
}

#[derive(Debug)]
pub struct StatusPage {
    status: Status,
}

#[derive(Debug)]
pub enum StatusPageInput {
    Show(Status),
    /// The failed page's one main button.
    Main,
}

#[derive(Debug, Clone, Copy)]
pub enum StatusPageOutput {
    /// The History page, to go back to a generation that works.
    ShowHistory,
    Retry,
    CopyDetails,
    ReportIssue,
    OpenProfile,
    InstallNix,
    /// Restore Packages…: from a frozen folder or a flake reference.
    Restore,
}

impl StatusPage {
    fn is(&self, wanted: fn(&Status) -> bool) -> bool {
        wanted(&self.status)
    }

    fn icon_name(&self) -> Option<&'static str> {
        match &self.status {
            Status::Loading => None,
            Status::Empty | Status::Error(LoadError::NoProfileYet { .. }) => {
                Some("system-software-install-symbolic")
            }
            Status::Error(LoadError::NixMissing) => Some("computer-fail-symbolic"),
            Status::Error(e) if e.damaged_profile().is_some() => Some("dialog-warning-symbolic"),
            Status::Error(LoadError::Failed { .. }) => Some("dialog-error-symbolic"),
        }
    }

    fn title(&self) -> String {
        match &self.status {
            Status::Loading => gettext("Reading Profile…"),
            Status::Empty => gettext("No Packages Yet"),
            Status::Error(LoadError::NixMissing) => gettext("Nix Is Not Installed"),
            Status::Error(LoadError::NoProfileYet { .. }) => gettext("Nothing Installed Yet"),
            Status::Error(e) if e.damaged_profile().is_some() => {
                gettext("Cannot Read the Installed Packages")
            }
            Status::Error(LoadError::Failed { .. }) => gettext("Cannot Show This Profile"),
        }
    }

    /// Pango markup: AdwStatusPage renders its description as markup, and a
    /// path or a Nix message may contain `<` or `&`.
    fn description_markup(&self) -> String {
        let text = match &self.status {
            Status::Loading => String::new(),
            Status::Empty => gettext(
                "This profile has no packages yet. Restore the ones you froze on another computer, from a folder or a flake reference, or install a package by its name.",
            ),
            Status::Error(LoadError::NixMissing) => gettext(
                "Frost shows what the Nix package manager installed, and there is no Nix on this computer. Install Nix 2.20 or newer, then try again.",
            ),
            Status::Error(LoadError::NoProfileYet { .. }) => gettext(
                "Nothing is installed with Nix for you yet. If you froze your packages on another computer, restore them here from that folder or flake reference: Frost shows what they are before anything changes.",
            ),
            Status::Error(e) if e.damaged_profile().is_some() => gettext(
                "The list of what is installed in this profile is damaged, so Frost cannot show it. Your earlier packages are safe: Frost keeps each earlier state as a generation in History. Open History and go back to one that works.",
            ),
            Status::Error(LoadError::Failed { message, .. }) => message.clone(),
        };
        glib::markup_escape_text(&text).to_string()
    }

    /// The exact error of a damaged profile, for Technical Details.
    fn details(&self) -> String {
        match &self.status {
            Status::Error(e) => e
                .damaged_profile()
                .map_or_else(String::new, |d| d.details.clone()),
            _ => String::new(),
        }
    }

    /// The one main action: History for a damaged profile, else Try Again
    /// (the other actions are in the menu next to it).
    fn main_label(&self) -> String {
        if self.is(is_damaged) {
            gettext("_History")
        } else {
            gettext("_Try Again")
        }
    }
}

/// The failed page's other actions, in its "⋮" menu.
fn more_menu(damaged: bool) -> gio::Menu {
    let menu = gio::Menu::new();
    if damaged {
        menu.append(Some(&gettext("_Try Again")), Some("status.retry"));
    }
    menu.append(
        Some(&gettext("_Open Another Profile…")),
        Some("status.open"),
    );
    let report = gio::Menu::new();
    report.append(Some(&gettext("_Copy Details")), Some("status.copy"));
    report.append(Some(&gettext("_Report Issue…")), Some("status.report"));
    menu.append_section(None, &report);
    menu
}

/// The menu's actions, on the page, each sending its output.
fn menu_actions(sender: &ComponentSender<StatusPage>) -> gio::SimpleActionGroup {
    let group = gio::SimpleActionGroup::new();
    let outputs = [
        ("retry", StatusPageOutput::Retry),
        ("open", StatusPageOutput::OpenProfile),
        ("copy", StatusPageOutput::CopyDetails),
        ("report", StatusPageOutput::ReportIssue),
    ];
    for (name, output) in outputs {
        let action = gio::SimpleAction::new(name, None);
        let sender = sender.clone();
        action.connect_activate(move |_, _| {
            let _ = sender.output(output);
        });
        group.add_action(&action);
    }
    group
}

fn is_loading(s: &Status) -> bool {
    matches!(s, Status::Loading)
}
fn has_failed(s: &Status) -> bool {
    matches!(s, Status::Error(LoadError::Failed { .. }))
}
fn is_damaged(s: &Status) -> bool {
    matches!(s, Status::Error(e) if e.damaged_profile().is_some())
}
fn is_empty(s: &Status) -> bool {
    matches!(s, Status::Empty)
}
fn nix_missing(s: &Status) -> bool {
    matches!(s, Status::Error(LoadError::NixMissing))
}
/// An empty profile, or none yet: restoring is the way to fill it.
fn may_restore(s: &Status) -> bool {
    matches!(
        s,
        Status::Empty | Status::Error(LoadError::NoProfileYet { .. })
    )
}

#[relm4::component(pub)]
impl SimpleComponent for StatusPage {
    type Init = Status;
    type Input = StatusPageInput;
    type Output = StatusPageOutput;

    view! {
        adw::StatusPage {
            #[watch]
            set_icon_name: model.icon_name(),
            #[watch]
            set_title: &model.title(),
            #[watch]
            set_description: Some(&model.description_markup()),

            #[wrap(Some)]
            set_child = &adw::Clamp {
                set_maximum_size: 480,

                gtk::Box {
                    set_orientation: gtk::Orientation::Vertical,
                    set_spacing: 12,

                    gtk::Spinner {
                        set_halign: gtk::Align::Center,
                        set_size_request: (32, 32),
                        update_property: &[gtk::accessible::Property::Label(&gettext("Reading profile"))],
                        #[watch]
                        set_visible: model.is(is_loading),
                        #[watch]
                        set_spinning: model.is(is_loading),
                    },

                    gtk::Button {
                        set_label: &gettext("_Installation Guide"),
                        set_use_underline: true,
                        set_tooltip_text: Some(NIX_INSTALL_URL),
                        set_halign: gtk::Align::Center,
                        add_css_class: "pill",
                        add_css_class: "suggested-action",
                        #[watch]
                        set_visible: model.is(nix_missing),
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(StatusPageOutput::InstallNix);
                        },
                    },

                    gtk::Button {
                        set_label: &gettext("_Restore Packages…"),
                        set_use_underline: true,
                        set_halign: gtk::Align::Center,
                        add_css_class: "pill",
                        add_css_class: "suggested-action",
                        #[watch]
                        set_visible: model.is(may_restore),
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(StatusPageOutput::Restore);
                        },
                    },

                    // The action is off for a profile Frost may not change.
                    gtk::Button {
                        set_label: &gettext("_Install Package…"),
                        set_use_underline: true,
                        set_action_name: Some(InstallPackage::action_name().as_str()),
                        set_halign: gtk::Align::Center,
                        add_css_class: "pill",
                        #[watch]
                        set_visible: model.is(is_empty),
                    },

                    gtk::Button {
                        set_label: &gettext("_Try Again"),
                        set_use_underline: true,
                        set_halign: gtk::Align::Center,
                        add_css_class: "pill",
                        #[watch]
                        set_visible: model.is(nix_missing),
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(StatusPageOutput::Retry);
                        },
                    },

                    // A failure: one main action, the others in a menu.
                    gtk::Box {
                        set_spacing: 12,
                        set_halign: gtk::Align::Center,
                        #[watch]
                        set_visible: model.is(has_failed),

                        gtk::Button {
                            set_use_underline: true,
                            add_css_class: "pill",
                            add_css_class: "suggested-action",
                            #[watch]
                            set_label: &model.main_label(),
                            connect_clicked => StatusPageInput::Main,
                        },
                        gtk::MenuButton {
                            set_icon_name: "view-more-symbolic",
                            set_valign: gtk::Align::Center,
                            add_css_class: "circular",
                            add_css_class: "flat",
                            set_tooltip_text: Some(&gettext("More Actions")),
                            update_property: &[gtk::accessible::Property::Label(&gettext("More Actions"))],
                            #[watch]
                            set_menu_model: Some(&more_menu(model.is(is_damaged))),
                        },
                    },

                    gtk::ListBox {
                        add_css_class: "boxed-list",
                        set_selection_mode: gtk::SelectionMode::None,
                        set_margin_top: 12,
                        #[watch]
                        set_visible: model.is(is_damaged),

                        adw::ExpanderRow {
                            set_title: &gettext("Technical Details"),

                            add_row = &gtk::Label {
                                set_xalign: 0.0,
                                set_wrap: true,
                                set_wrap_mode: gtk::pango::WrapMode::WordChar,
                                set_selectable: true,
                                set_margin_top: 12,
                                set_margin_bottom: 12,
                                set_margin_start: 12,
                                set_margin_end: 12,
                                add_css_class: "monospace",
                                add_css_class: "caption",
                                #[watch]
                                set_label: &model.details(),
                            },
                        },
                    },
                },
            },
        }
    }

    fn init(
        status: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let model = StatusPage { status };
        let widgets = view_output!();
        root.insert_action_group("status", Some(&menu_actions(&sender)));
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            StatusPageInput::Show(status) => self.status = status,
            StatusPageInput::Main => {
                let _ = sender.output(if self.is(is_damaged) {
                    StatusPageOutput::ShowHistory
                } else {
                    StatusPageOutput::Retry
                });
            }
        }
    }
}
