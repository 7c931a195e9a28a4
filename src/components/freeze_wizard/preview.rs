//! Step 4, Preview: what the export will do, in words, and the flake.nix
//! it will write, read-only in a monospace view.

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::prelude::*;

#[derive(Debug)]
pub struct PreviewStep {
    summary: String,
    buffer: gtk::TextBuffer,
}

#[derive(Debug)]
pub enum PreviewInput {
    /// The summary, and flake.nix or why it cannot be written.
    Show(String, Result<String, String>),
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

                add_bottom_bar = &gtk::Box {
                    set_spacing: 12,
                    set_margin_all: 12,
                    set_halign: gtk::Align::End,

                    gtk::Button {
                        set_label: &gettext("_Export"),
                        set_use_underline: true,
                        add_css_class: "suggested-action",
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(PreviewOutput::Export);
                        },
                    },
                },
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = PreviewStep {
            summary: String::new(),
            buffer: gtk::TextBuffer::new(None),
        };
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(
        &mut self,
        message: PreviewInput,
        _sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        let PreviewInput::Show(summary, flake) = message;
        self.summary = summary;
        match flake {
            Ok(text) => self.buffer.set_text(&text),
            Err(why) => self.buffer.set_text(&why),
        }
    }
}
