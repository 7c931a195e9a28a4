//! Step 4, Preview: what the export will do, in words, and the flake.nix
//! it will write, read-only in a monospace view. For a move to another
//! branch, each package's version there (old → new, or not there): the
//! wizard freezes into a scratch folder first, through the worker, and
//! this page shows its progress until the versions are known.

use frost_core::freeze::engine::Moved;
use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::step_bar::StepBar;

#[derive(Debug)]
pub struct PreviewStep {
    bar: StepBar,
    summary: String,
    buffer: gtk::TextBuffer,
    /// The branch whose versions are being looked up; `None` when done or
    /// when nothing moves.
    checking: Option<String>,
    /// Why the versions could not be looked up.
    unchecked: Option<String>,
    versions: gtk::ListBox,
}

#[derive(Debug)]
pub enum PreviewInput {
    /// The summary, and flake.nix or why it cannot be written.
    Show(String, Result<String, String>),
    /// Looking up the versions on this branch, or `None`: nothing moves.
    Checking(Option<String>),
    /// Each moved package, or why they could not be looked up.
    Versions(Result<Vec<Moved>, String>),
}

/// Where one package's version goes on the new branch, in words.
pub fn version_change(m: &Moved) -> String {
    let old = m.old_version.as_deref().unwrap_or("?");
    match (&m.new_version, m.missing) {
        (_, true) => gettext("not available on this branch: it will be left out"),
        (Some(new), false) if new == old => gettext_f("stays at {version}", &[("version", new)]),
        (Some(new), false) => format!("{old} → {new}"),
        (None, false) => gettext("version unknown on this branch"),
    }
}

#[derive(Debug)]
pub enum PreviewOutput {
    Export,
}

#[relm4::component(pub)]
impl Component for PreviewStep {
    type Init = ();
    type Input = PreviewInput;
    type Output = PreviewOutput;
    type CommandOutput = ();

    view! {
        adw::NavigationPage {
            set_title: &gettext("Preview"),

            #[wrap(Some)]
            set_child = &adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::Box {
                    set_orientation: gtk::Orientation::Vertical,
                    set_spacing: 12,
                    set_margin_all: 12,

                    gtk::Label {
                        #[watch]
                        set_label: &model.summary,
                        set_wrap: true,
                        set_wrap_mode: gtk::pango::WrapMode::WordChar,
                        set_xalign: 0.0,
                    },
                    gtk::Box {
                        set_spacing: 12,
                        #[watch]
                        set_visible: model.checking.is_some(),

                        gtk::Spinner {
                            #[watch]
                            set_spinning: model.checking.is_some(),
                        },
                        gtk::Label {
                            #[watch]
                            set_label: &model.checking.as_ref().map_or_else(String::new, |b| {
                                gettext_f("Looking up the versions on {branch}…", &[("branch", b)])
                            }),
                            set_wrap: true,
                            set_wrap_mode: gtk::pango::WrapMode::WordChar,
                            set_xalign: 0.0,
                        },
                    },
                    gtk::Label {
                        #[watch]
                        set_visible: model.unchecked.is_some(),
                        #[watch]
                        set_label: &model.unchecked.as_ref().map_or_else(String::new, |why| {
                            gettext_f(
                                "Could not look up the versions on this branch: {reason} Export tries again and says what it finds.",
                                &[("reason", why)],
                            )
                        }),
                        set_wrap: true,
                        set_wrap_mode: gtk::pango::WrapMode::WordChar,
                        set_xalign: 0.0,
                        add_css_class: "warning",
                    },
                    // Many packages may move: the list scrolls rather than
                    // pushing flake.nix off the page.
                    gtk::ScrolledWindow {
                        set_hscrollbar_policy: gtk::PolicyType::Never,
                        set_propagate_natural_height: true,
                        set_max_content_height: 240,
                        #[watch]
                        set_visible: model.versions.first_child().is_some(),

                        #[local_ref]
                        versions -> gtk::ListBox {
                            add_css_class: "boxed-list",
                            set_selection_mode: gtk::SelectionMode::None,
                        },
                    },
                    gtk::Label {
                        set_label: &gettext("flake.nix"),
                        set_xalign: 0.0,
                        add_css_class: "heading",
                    },
                    gtk::ScrolledWindow {
                        set_vexpand: true,
                        add_css_class: "card",

                        gtk::TextView {
                            set_buffer: Some(&model.buffer),
                            set_editable: false,
                            set_cursor_visible: false,
                            set_monospace: true,
                            set_wrap_mode: gtk::WrapMode::None,
                            set_left_margin: 8,
                            set_right_margin: 8,
                            set_top_margin: 8,
                            set_bottom_margin: 8,
                            update_property: &[gtk::accessible::Property::Label(&gettext("flake.nix"))],
                        },
                    },
                },

                #[local_ref]
                add_bottom_bar = bar -> gtk::Box {},
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = PreviewStep {
            bar: StepBar::new(sender.output_sender(), None, || PreviewOutput::Export),
            summary: String::new(),
            buffer: gtk::TextBuffer::new(None),
            checking: None,
            unchecked: None,
            versions: gtk::ListBox::new(),
        };
        let versions = &model.versions;
        let bar = &model.bar.root;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(
        &mut self,
        message: PreviewInput,
        _sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        match message {
            PreviewInput::Show(summary, flake) => {
                self.summary = summary;
                match flake {
                    Ok(text) => self.buffer.set_text(&text),
                    Err(why) => self.buffer.set_text(&why),
                }
            }
            PreviewInput::Checking(branch) => {
                self.checking = branch;
                self.unchecked = None;
                self.versions.remove_all();
            }
            PreviewInput::Versions(result) => {
                self.checking = None;
                match result {
                    Ok(moved) => {
                        for m in &moved {
                            let row = adw::ActionRow::new();
                            row.set_title(&relm4::gtk::glib::markup_escape_text(&m.name));
                            row.set_subtitle(&relm4::gtk::glib::markup_escape_text(
                                &version_change(m),
                            ));
                            self.versions.append(&row);
                        }
                    }
                    Err(why) => self.unchecked = Some(why),
                }
            }
        }
    }
}
