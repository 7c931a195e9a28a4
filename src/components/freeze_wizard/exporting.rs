//! Step 5, Export: the freeze and its check run as an operation of the
//! worker; this page shows its progress in Nix's own phrase and its log
//! (the operations bar's log view), and Cancel stops it (the operation then takes back whatever it wrote). A failure
//! stays on this page with Nix's message and what to do next.

use frost_core::i18n::gettext;
use frost_core::ops::{LogBatch, Progress};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use crate::components::operations::log_view::{LogView, LogViewInput, LogViewOutput};

#[derive(Debug)]
pub struct ExportStep {
    progress: gtk::ProgressBar,
    /// Nix reported how far it is: the bar shows that instead of pulsing.
    measured: bool,
    log: Controller<LogView>,
    phrase: String,
    /// Heading and text of a failure; `None` while running.
    failure: Option<(String, String)>,
}

#[derive(Debug)]
pub enum ExportInput {
    /// A new export begins.
    Start,
    Progress(Box<Progress>),
    Log(LogBatch),
    Failed {
        heading: String,
        text: String,
    },
    /// Pulses the bar while Nix reports nothing measurable.
    Tick,
}

#[derive(Debug)]
pub enum ExportOutput {
    Cancel,
    /// Back to the choices after a failure.
    Back,
    Toast(String),
}

#[relm4::component(pub)]
impl Component for ExportStep {
    type Init = ();
    type Input = ExportInput;
    type Output = ExportOutput;
    type CommandOutput = ();

    view! {
        adw::NavigationPage {
            set_title: &gettext("Exporting"),
            // Leaving while it runs is Cancel, not Back.
            set_can_pop: false,

            #[wrap(Some)]
            set_child = &adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {
                    set_show_back_button: false,
                },

                #[wrap(Some)]
                set_content = &adw::Clamp {
                    set_maximum_size: 480,
                    set_valign: gtk::Align::Center,

                    gtk::Box {
                        set_orientation: gtk::Orientation::Vertical,
                        set_spacing: 18,
                        set_margin_all: 12,

                        gtk::Label {
                            #[watch]
                            set_label: &model.failure.as_ref().map_or_else(
                                || gettext("Writing the Folder"),
                                |(heading, _)| heading.clone(),
                            ),
                            set_wrap: true,
                            add_css_class: "title-2",
                        },
                        #[local_ref]
                        progress -> gtk::ProgressBar {
                            #[watch]
                            set_visible: model.failure.is_none(),
                        },
                        gtk::Label {
                            #[watch]
                            set_label: &model.failure.as_ref().map_or_else(
                                || model.phrase.clone(),
                                |(_, text)| text.clone(),
                            ),
                            set_wrap: true,
                            set_wrap_mode: gtk::pango::WrapMode::WordChar,
                            set_selectable: true,
                            set_focusable: false,
                            set_justify: gtk::Justification::Center,
                        },
                        gtk::Expander {
                            set_label: Some(&gettext("Log")),
                            #[wrap(Some)]
                            set_child = &gtk::Box {
                                set_height_request: 200,
                                set_margin_top: 6,
                                append: model.log.widget(),
                            },
                        },
                        gtk::Button {
                            set_label: &gettext("_Cancel"),
                            set_use_underline: true,
                            set_halign: gtk::Align::Center,
                            add_css_class: "pill",
                            #[watch]
                            set_visible: model.failure.is_none(),
                            connect_clicked[sender] => move |_| {
                                let _ = sender.output(ExportOutput::Cancel);
                            },
                        },
                        gtk::Button {
                            set_label: &gettext("_Back to the Choices"),
                            set_use_underline: true,
                            set_halign: gtk::Align::Center,
                            add_css_class: "pill",
                            #[watch]
                            set_visible: model.failure.is_some(),
                            connect_clicked[sender] => move |_| {
                                let _ = sender.output(ExportOutput::Back);
                            },
                        },
                    },
                },
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let log = LogView::builder()
            .launch(())
            .forward(sender.output_sender(), |LogViewOutput::Toast(text)| {
                ExportOutput::Toast(text)
            });
        let model = ExportStep {
            progress: gtk::ProgressBar::new(),
            measured: false,
            log,
            phrase: String::new(),
            failure: None,
        };
        let progress = &model.progress;
        let widgets = view_output!();
        let input = sender.input_sender().clone();
        relm4::gtk::glib::timeout_add_local(std::time::Duration::from_millis(200), move || {
            if input.send(ExportInput::Tick).is_err() {
                return relm4::gtk::glib::ControlFlow::Break;
            }
            relm4::gtk::glib::ControlFlow::Continue
        });
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: ExportInput, _sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            ExportInput::Start => {
                self.failure = None;
                self.phrase = gettext("Reading the profile and asking Nix about its sources…");
                self.progress.set_fraction(0.0);
                self.measured = false;
                self.log.emit(LogViewInput::Clear);
                root.set_can_pop(false);
            }
            ExportInput::Progress(p) => {
                if let Some(phrase) = p.phrase {
                    self.phrase = phrase;
                }
                if let Some(f) = p.fraction {
                    self.measured = true;
                    self.progress.set_fraction(f.clamp(0.0, 1.0));
                }
            }
            ExportInput::Log(batch) => self.log.emit(LogViewInput::Apply(batch)),
            ExportInput::Failed { heading, text } => {
                self.failure = Some((heading, text));
                root.set_can_pop(true);
            }
            ExportInput::Tick => {
                if self.failure.is_none() && !self.measured && root.is_mapped() {
                    self.progress.pulse();
                }
            }
        }
    }
}
