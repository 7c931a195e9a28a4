//! The operations bar at the bottom of the window: what Frost is doing now
//! (title, a progress bar and Nix's progress in a short phrase), how many
//! changes wait after it, a Cancel button and the log behind a toggle. It
//! stays in view on every page, so the user keeps browsing meanwhile.

use std::time::Duration;

use frost_core::i18n::{gettext, ngettext_f};
use frost_core::ops::{OpId, OpUpdate};
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

use super::log_view::{LogView, LogViewInput, LogViewOutput};

/// How often a bar that cannot say how far it is moves: often enough to
/// look busy, rarely enough to cost nothing.
const PULSE: Duration = Duration::from_millis(120);

#[derive(Debug)]
struct Change {
    id: OpId,
    title: String,
    started: bool,
    phrase: Option<String>,
    fraction: Option<f64>,
    cancelling: bool,
}

#[derive(Debug)]
pub struct OperationsBar {
    /// Changes not finished, in the order they run; the first is shown.
    changes: Vec<Change>,
    /// Whose log the log view holds.
    logged: Option<OpId>,
    log: Controller<LogView>,
    progress: gtk::ProgressBar,
    pulse: Option<glib::SourceId>,
    log_open: bool,
}

#[derive(Debug)]
pub enum BarInput {
    Queued { id: OpId, title: String },
    Started(OpId),
    Update(OpId, Box<OpUpdate>),
    Finished(OpId),
    Cancel,
    ShowLog(bool),
}

#[derive(Debug)]
pub enum BarOutput {
    Cancel(OpId),
    Toast(String),
}

impl OperationsBar {
    fn current(&self) -> Option<&Change> {
        self.changes.first()
    }

    fn title(&self) -> String {
        self.current().map(|c| c.title.clone()).unwrap_or_default()
    }

    fn phrase(&self) -> String {
        match self.current() {
            None => String::new(),
            Some(c) if c.cancelling => gettext("Cancelling…"),
            Some(c) if !c.started => gettext("Waiting to start…"),
            Some(c) => c.phrase.clone().unwrap_or_else(|| gettext("Working…")),
        }
    }

    fn waiting(&self) -> String {
        let more = self.changes.len().saturating_sub(1) as u64;
        if more == 0 {
            return String::new();
        }
        ngettext_f(
            "{n} more waiting",
            "{n} more waiting",
            more,
            &[("n", &more.to_string())],
        )
    }

    fn can_cancel(&self) -> bool {
        self.current().is_some_and(|c| !c.cancelling)
    }

    /// Shows the first change's progress: its fraction, or a pulse while
    /// Nix cannot say how far it is.
    fn show_progress(&mut self) {
        let fraction = self.current().and_then(|c| c.fraction);
        match fraction {
            Some(f) => {
                if let Some(pulse) = self.pulse.take() {
                    pulse.remove();
                }
                self.progress.set_fraction(f.clamp(0.0, 1.0));
            }
            None if self.current().is_some() => {
                if self.pulse.is_none() {
                    let bar = self.progress.downgrade();
                    self.pulse = Some(glib::timeout_add_local(PULSE, move || {
                        match bar.upgrade() {
                            Some(bar) => {
                                bar.pulse();
                                glib::ControlFlow::Continue
                            }
                            None => glib::ControlFlow::Break,
                        }
                    }));
                }
            }
            None => {
                if let Some(pulse) = self.pulse.take() {
                    pulse.remove();
                }
            }
        }
        // The log view follows the change shown.
        let shown = self.current().map(|c| c.id);
        if shown != self.logged {
            self.logged = shown;
            self.log.sender().emit(LogViewInput::Clear);
        }
    }
}

#[relm4::component(pub)]
impl SimpleComponent for OperationsBar {
    type Init = ();
    type Input = BarInput;
    type Output = BarOutput;

    view! {
        gtk::Revealer {
            set_transition_type: gtk::RevealerTransitionType::SlideUp,
            #[watch]
            set_reveal_child: !model.changes.is_empty(),

            gtk::Box {
                set_orientation: gtk::Orientation::Vertical,
                add_css_class: "operations-bar",

                gtk::Box {
                    set_spacing: 12,
                    set_margin_top: 10,
                    set_margin_bottom: 10,
                    set_margin_start: 12,
                    set_margin_end: 12,

                    gtk::Box {
                        set_orientation: gtk::Orientation::Vertical,
                        set_spacing: 6,
                        set_hexpand: true,
                        set_valign: gtk::Align::Center,

                        gtk::Box {
                            set_spacing: 12,
                            gtk::Label {
                                set_xalign: 0.0,
                                set_hexpand: true,
                                set_ellipsize: gtk::pango::EllipsizeMode::End,
                                add_css_class: "heading",
                                #[watch]
                                set_label: &model.title(),
                            },
                            gtk::Label {
                                add_css_class: "caption",
                                add_css_class: "dim-label",
                                #[watch]
                                set_label: &model.waiting(),
                                #[watch]
                                set_visible: model.changes.len() > 1,
                            },
                        },
                        #[local_ref]
                        progress -> gtk::ProgressBar {
                            set_pulse_step: 0.08,
                            #[watch]
                            update_property: &[gtk::accessible::Property::Label(&model.title())],
                        },
                        gtk::Label {
                            set_xalign: 0.0,
                            set_ellipsize: gtk::pango::EllipsizeMode::End,
                            add_css_class: "caption",
                            add_css_class: "dim-label",
                            #[watch]
                            set_label: &model.phrase(),
                        },
                    },

                    gtk::ToggleButton {
                        set_icon_name: "utilities-terminal-symbolic",
                        set_valign: gtk::Align::Center,
                        set_tooltip_text: Some(&gettext("Show the Log")),
                        update_property: &[gtk::accessible::Property::Label(&gettext("Show the Log"))],
                        connect_toggled[sender] => move |button| {
                            sender.input(BarInput::ShowLog(button.is_active()));
                        },
                    },
                    gtk::Button {
                        set_label: &gettext("_Cancel"),
                        set_use_underline: true,
                        set_valign: gtk::Align::Center,
                        #[watch]
                        set_sensitive: model.can_cancel(),
                        set_tooltip_text: Some(&gettext("Stop it; the profile stays as it was")),
                        connect_clicked => BarInput::Cancel,
                    },
                },

                gtk::Revealer {
                    set_transition_type: gtk::RevealerTransitionType::SlideUp,
                    #[watch]
                    set_reveal_child: model.log_open,
                    set_child: Some(model.log.widget()),
                },
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let log = LogView::builder()
            .launch(())
            .forward(sender.output_sender(), |output| match output {
                LogViewOutput::Toast(text) => BarOutput::Toast(text),
            });
        let model = OperationsBar {
            changes: Vec::new(),
            logged: None,
            log,
            progress: gtk::ProgressBar::new(),
            pulse: None,
            log_open: false,
        };
        let progress = &model.progress;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            BarInput::Queued { id, title } => self.changes.push(Change {
                id,
                title,
                started: false,
                phrase: None,
                fraction: None,
                cancelling: false,
            }),
            BarInput::Started(id) => {
                if let Some(c) = self.changes.iter_mut().find(|c| c.id == id) {
                    c.started = true;
                }
            }
            BarInput::Update(id, update) => {
                let OpUpdate { progress, log } = *update;
                if let Some(c) = self.changes.iter_mut().find(|c| c.id == id) {
                    c.phrase = progress.phrase;
                    c.fraction = progress.fraction;
                }
                if self.current().is_some_and(|c| c.id == id) {
                    self.show_progress();
                    self.log.sender().emit(LogViewInput::Apply(log));
                }
            }
            BarInput::Finished(id) => self.changes.retain(|c| c.id != id),
            BarInput::ShowLog(open) => self.log_open = open,
            BarInput::Cancel => {
                if let Some(c) = self.changes.first_mut() {
                    c.cancelling = true;
                    let _ = sender.output(BarOutput::Cancel(c.id));
                }
            }
        }
        self.show_progress();
    }
}
