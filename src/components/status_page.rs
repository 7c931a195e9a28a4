//! The page shown whenever there is no list to show: while the profile is
//! read, when it is empty, when there is no Nix or no profile yet, and when
//! reading failed. Each state names a next step the user can take.

use std::path::PathBuf;

use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::prelude::*;
use relm4::gtk::glib;
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
}

#[derive(Debug)]
pub enum StatusPageOutput {
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
            Status::Error(LoadError::Failed { .. }) => Some("dialog-error-symbolic"),
        }
    }

    fn title(&self) -> String {
        match &self.status {
            Status::Loading => gettext("Reading Profile…"),
            Status::Empty => gettext("No Packages Yet"),
            Status::Error(LoadError::NixMissing) => gettext("Nix Is Not Installed"),
            Status::Error(LoadError::NoProfileYet { .. }) => gettext("Nothing Installed Yet"),
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
            Status::Error(LoadError::Failed { message, .. }) => message.clone(),
        };
        glib::markup_escape_text(&text).to_string()
    }

    fn file(&self) -> Option<PathBuf> {
        match &self.status {
            Status::Error(LoadError::Failed { file, .. }) => file.clone(),
            _ => None,
        }
    }

    fn file_text(&self) -> String {
        self.file().map_or_else(String::new, |f| {
            gettext_f("File: {path}", &[("path", &f.display().to_string())])
        })
    }
}

fn is_loading(s: &Status) -> bool {
    matches!(s, Status::Loading)
}
fn has_failed(s: &Status) -> bool {
    matches!(s, Status::Error(LoadError::Failed { .. }))
}
fn is_empty(s: &Status) -> bool {
    matches!(s, Status::Empty)
}
fn nix_missing(s: &Status) -> bool {
    matches!(s, Status::Error(LoadError::NixMissing))
}
fn can_retry(s: &Status) -> bool {
    has_failed(s) || nix_missing(s)
}
fn may_open_other(s: &Status) -> bool {
    matches!(s, Status::Error(LoadError::Failed { .. }))
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
                    set_halign: gtk::Align::Center,
                    set_spacing: 12,

                    gtk::Spinner {
                        set_size_request: (32, 32),
                        update_property: &[gtk::accessible::Property::Label(&gettext("Reading profile"))],
                        #[watch]
                        set_visible: model.is(is_loading),
                        #[watch]
                        set_spinning: model.is(is_loading),
                    },

                    gtk::Label {
                        set_wrap: true,
                        set_wrap_mode: gtk::pango::WrapMode::WordChar,
                        set_selectable: true,
                        set_justify: gtk::Justification::Center,
                        add_css_class: "monospace",
                        add_css_class: "caption",
                        #[watch]
                        set_label: &model.file_text(),
                        #[watch]
                        set_visible: model.file().is_some(),
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
                        set_css_classes: if model.is(has_failed) { &["pill", "suggested-action"] } else { &["pill"] },
                        #[watch]
                        set_visible: model.is(can_retry),
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(StatusPageOutput::Retry);
                        },
                    },

                    gtk::Button {
                        set_label: &gettext("_Open Another Profile…"),
                        set_use_underline: true,
                        set_halign: gtk::Align::Center,
                        add_css_class: "pill",
                        #[watch]
                        set_visible: model.is(may_open_other),
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(StatusPageOutput::OpenProfile);
                        },
                    },

                    gtk::Box {
                        set_spacing: 12,
                        set_halign: gtk::Align::Center,
                        #[watch]
                        set_visible: model.is(has_failed),

                        gtk::Button {
                            set_label: &gettext("_Copy Details"),
                            set_use_underline: true,
                            set_tooltip_text: Some(&gettext("Copy the error, the file and Frost’s version, to paste into a report")),
                            add_css_class: "flat",
                            connect_clicked[sender] => move |_| {
                                let _ = sender.output(StatusPageOutput::CopyDetails);
                            },
                        },
                        gtk::Button {
                            set_label: &gettext("_Report Issue…"),
                            set_use_underline: true,
                            set_tooltip_text: Some(&gettext("Open Frost’s issue tracker in the web browser")),
                            add_css_class: "flat",
                            connect_clicked[sender] => move |_| {
                                let _ = sender.output(StatusPageOutput::ReportIssue);
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
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, _sender: ComponentSender<Self>) {
        match message {
            StatusPageInput::Show(status) => self.status = status,
        }
    }
}
