//! Step 1, What to Freeze: every package as a checklist row with its
//! icon, name and version, all ticked; those Frost cannot freeze greyed
//! with the reason, nix-env guesses marked. Export here freezes with every
//! other choice at its default (the one-click path); Next goes on to the
//! versions.

use std::collections::BTreeSet;

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::choices::{subtitle, Choice};
use crate::icons::IconSlot;

const ICON_SIZE: i32 = 32;

#[derive(Debug)]
pub struct PackagesStep {
    list: gtk::ListBox,
    /// The names ticked.
    chosen: BTreeSet<String>,
    freezable: usize,
}

#[derive(Debug)]
pub enum PackagesInput {
    Show(Vec<Choice>),
    Toggled(String, bool),
}

#[derive(Debug)]
pub enum PackagesOutput {
    Export,
    Next,
    /// The ticked packages changed: these now.
    Chosen(BTreeSet<String>),
}

impl PackagesStep {
    fn row(choice: &Choice, sender: &ComponentSender<Self>) -> adw::ActionRow {
        let row = adw::ActionRow::new();
        row.set_title(&glib_escape(&choice.title));
        row.set_subtitle(&glib_escape(&subtitle(choice)));
        let icon = IconSlot::new(ICON_SIZE);
        icon.show(choice.icon.as_deref(), choice.kind);
        row.add_prefix(&icon.image);
        let check = gtk::CheckButton::new();
        check.set_valign(gtk::Align::Center);
        check.update_property(&[gtk::accessible::Property::Label(&choice.title)]);
        if choice.unfreezable.is_some() {
            check.set_active(false);
            row.set_sensitive(false);
        } else {
            check.set_active(true);
            let (input, name) = (sender.input_sender().clone(), choice.name.clone());
            check.connect_toggled(move |c| {
                input.emit(PackagesInput::Toggled(name.clone(), c.is_active()));
            });
        }
        row.add_suffix(&check);
        row.set_activatable_widget(Some(&check));
        row
    }

    fn count_text(&self) -> String {
        frost_core::i18n::ngettext_f(
            "{n} of {all} package will be frozen",
            "{n} of {all} packages will be frozen",
            self.freezable as u64,
            &[
                ("n", &self.chosen.len().to_string()),
                ("all", &self.freezable.to_string()),
            ],
        )
    }
}

/// Row titles are Pango markup.
fn glib_escape(text: &str) -> String {
    relm4::gtk::glib::markup_escape_text(text).to_string()
}

#[relm4::component(pub)]
impl Component for PackagesStep {
    type Init = ();
    type Input = PackagesInput;
    type Output = PackagesOutput;
    type CommandOutput = ();

    view! {
        adw::NavigationPage {
            set_title: &gettext("What to Freeze"),

            #[wrap(Some)]
            set_child = &adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::ScrolledWindow {
                    set_hscrollbar_policy: gtk::PolicyType::Never,
                    set_vexpand: true,

                    adw::Clamp {
                        set_maximum_size: 640,

                        gtk::Box {
                            set_orientation: gtk::Orientation::Vertical,
                            set_spacing: 12,
                            set_margin_all: 12,

                            gtk::Label {
                                set_label: &gettext("Choose the packages to take along. The folder you get installs exactly these versions again, on this machine or another."),
                                set_wrap: true,
                                set_xalign: 0.0,
                            },
                            gtk::Label {
                                #[watch]
                                set_label: &model.count_text(),
                                set_xalign: 0.0,
                                add_css_class: "dim-label",
                            },
                            #[local_ref]
                            list -> gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,
                            },
                        },
                    },
                },

                add_bottom_bar = &gtk::Box {
                    set_spacing: 12,
                    set_margin_all: 12,
                    set_halign: gtk::Align::End,

                    gtk::Button {
                        set_label: &gettext("_Next"),
                        set_use_underline: true,
                        #[watch]
                        set_sensitive: !model.chosen.is_empty(),
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(PackagesOutput::Next);
                        },
                    },
                    #[name = "export"]
                    gtk::Button {
                        set_label: &gettext("_Export"),
                        set_use_underline: true,
                        add_css_class: "suggested-action",
                        #[watch]
                        set_sensitive: !model.chosen.is_empty(),
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(PackagesOutput::Export);
                        },
                    },
                },
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = PackagesStep {
            list: gtk::ListBox::new(),
            chosen: BTreeSet::new(),
            freezable: 0,
        };
        let list = &model.list;
        let widgets = view_output!();
        #[cfg(feature = "test-hooks")]
        crate::bench_export::export_button(&widgets.export);
        ComponentParts { model, widgets }
    }

    fn update(
        &mut self,
        message: PackagesInput,
        sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        match message {
            PackagesInput::Show(choices) => {
                self.list.remove_all();
                self.chosen = choices
                    .iter()
                    .filter(|c| c.unfreezable.is_none())
                    .map(|c| c.name.clone())
                    .collect();
                self.freezable = self.chosen.len();
                for choice in &choices {
                    self.list.append(&Self::row(choice, &sender));
                }
            }
            PackagesInput::Toggled(name, on) => {
                if on {
                    self.chosen.insert(name);
                } else {
                    self.chosen.remove(&name);
                }
            }
        }
        let _ = sender.output(PackagesOutput::Chosen(self.chosen.clone()));
    }
}
