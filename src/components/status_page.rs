//! The page shown whenever there is no list to show: while the profile is
//! read, when it is empty, and when reading it failed. One component for all
//! three so the window switches between exactly two pages: this and the list.

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Loading,
    /// The profile exists and has no packages.
    Empty,
    /// Reading the profile failed; the text is the core's sentence, which
    /// already says what to do.
    Failed(String),
}

#[derive(Debug)]
pub struct StatusPage {
    status: Status,
}

#[derive(Debug)]
pub enum StatusPageInput {
    Show(Status),
    RetryClicked,
}

#[derive(Debug)]
pub enum StatusPageOutput {
    Retry,
}

impl StatusPage {
    fn is_loading(&self) -> bool {
        self.status == Status::Loading
    }

    fn has_failed(&self) -> bool {
        matches!(self.status, Status::Failed(_))
    }

    fn icon_name(&self) -> Option<&'static str> {
        match self.status {
            Status::Loading => None,
            Status::Empty => Some("system-software-install-symbolic"),
            Status::Failed(_) => Some("dialog-error-symbolic"),
        }
    }

    fn title(&self) -> String {
        match self.status {
            Status::Loading => gettext("Reading Profile…"),
            Status::Empty => gettext("No Packages Yet"),
            Status::Failed(_) => gettext("Cannot Show This Profile"),
        }
    }

    /// Pango markup: AdwStatusPage renders its description as markup, and a
    /// path or a Nix message may contain `<` or `&`.
    fn description_markup(&self) -> String {
        let text = match &self.status {
            Status::Loading => String::new(),
            Status::Empty => gettext(
                "This profile has no packages. Install one with “nix profile install”, then reload.",
            ),
            Status::Failed(sentence) => sentence.clone(),
        };
        glib::markup_escape_text(&text).to_string()
    }
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
            set_child = &gtk::Box {
                set_orientation: gtk::Orientation::Vertical,
                set_halign: gtk::Align::Center,

                gtk::Spinner {
                    set_size_request: (32, 32),
                    update_property: &[gtk::accessible::Property::Label(&gettext("Reading profile"))],
                    #[watch]
                    set_visible: model.is_loading(),
                    #[watch]
                    set_spinning: model.is_loading(),
                },

                gtk::Button {
                    set_label: &gettext("_Try Again"),
                    set_use_underline: true,
                    add_css_class: "pill",
                    add_css_class: "suggested-action",
                    #[watch]
                    set_visible: model.has_failed(),
                    connect_clicked => StatusPageInput::RetryClicked,
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

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            StatusPageInput::Show(status) => self.status = status,
            StatusPageInput::RetryClicked => {
                // Only fails when the window is gone, and then nobody is
                // left to retry for.
                let _ = sender.output(StatusPageOutput::Retry);
            }
        }
    }
}
