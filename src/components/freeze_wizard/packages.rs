//! Step 1, What to Freeze: every package as a checklist row with its
//! icon, name and version, all ticked; those Frost cannot freeze greyed
//! with the reason, nix-env guesses marked. Export here freezes with every
//! other choice at its default (the one-click path); Next goes on to the
//! versions.

use std::collections::BTreeSet;

use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::step_bar::StepBar;

use super::choices::{subtitle, Choice};
use crate::icons::IconSlot;

const ICON_SIZE: i32 = 32;

#[derive(Debug)]
pub struct PackagesStep {
    bar: StepBar,
    list: gtk::ListBox,
    /// The names ticked.
    chosen: BTreeSet<String>,
    /// An earlier generation is frozen, not the current one.
    picked: Option<u64>,
    /// The profile's generations, newest first, as the combo lists them,
    /// and the one whose packages are shown.
    generations: Vec<u64>,
    shown: Option<u64>,
    generation_names: gtk::StringList,
    generation_row: adw::ComboRow,
    freezable: usize,
}

#[derive(Debug)]
pub enum PackagesInput {
    /// The rows of generation `shown` of a profile with `generations`;
    /// `picked` when it is not the current one.
    Show {
        choices: Vec<Choice>,
        generations: Vec<u64>,
        current: Option<u64>,
        shown: Option<u64>,
        picked: Option<u64>,
    },
    /// The combo's selection changed.
    GenerationSelected,
    Toggled(String, bool),
}

#[derive(Debug)]
pub enum PackagesOutput {
    Export,
    Next,
    /// The ticked packages changed: these now.
    Chosen(BTreeSet<String>),
    /// Freeze generation `n` instead: its packages are read and shown.
    Generation(u64),
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

/// How the combo names generation `n`.
fn generation_name(n: u64, current: Option<u64>) -> String {
    if Some(n) == current {
        gettext_f("Generation {n} (current)", &[("n", &n.to_string())])
    } else {
        gettext_f("Generation {n}", &[("n", &n.to_string())])
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
                                set_visible: model.picked.is_some(),
                                #[watch]
                                set_label: &model.picked.map_or_else(String::new, |n| gettext_f(
                                    "These are the packages of generation {n}, not the current ones.",
                                    &[("n", &n.to_string())],
                                )),
                                set_wrap: true,
                                set_xalign: 0.0,
                                add_css_class: "heading",
                            },
                            gtk::Label {
                                #[watch]
                                set_label: &model.count_text(),
                                set_xalign: 0.0,
                                add_css_class: "dim-label",
                            },
                            gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,
                                #[watch]
                                set_visible: model.generations.len() > 1,

                                #[local_ref]
                                generation_row -> adw::ComboRow {
                                    set_title: &gettext("From Generation"),
                                    set_model: Some(generation_names),
                                    connect_selected_notify[sender] => move |_| {
                                        sender.input(PackagesInput::GenerationSelected);
                                    },
                                },
                            },
                            #[local_ref]
                            list -> gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,
                            },
                        },
                    },
                },

                #[local_ref]
                add_bottom_bar = bar -> gtk::Box {},
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = PackagesStep {
            bar: StepBar::new(
                sender.output_sender(),
                Some(|| PackagesOutput::Next),
                || PackagesOutput::Export,
            ),
            list: gtk::ListBox::new(),
            chosen: BTreeSet::new(),
            freezable: 0,
            picked: None,
            generations: Vec::new(),
            shown: None,
            generation_names: gtk::StringList::new(&[]),
            generation_row: adw::ComboRow::new(),
        };
        let generation_names = &model.generation_names;
        let generation_row = &model.generation_row;
        let list = &model.list;
        let bar = &model.bar.root;
        let widgets = view_output!();
        #[cfg(feature = "test-hooks")]
        crate::bench_export::export_button(model.bar.export_button());
        ComponentParts { model, widgets }
    }

    fn update(
        &mut self,
        message: PackagesInput,
        sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        match message {
            PackagesInput::GenerationSelected => {
                // Filling the combo selects too, and this message comes
                // after the filling is done: what counts is the selection
                // now, and only when it is another generation.
                let index = self.generation_row.selected();
                let chosen = self.generations.get(index as usize).copied();
                if let Some(n) = chosen.filter(|&n| Some(n) != self.shown) {
                    let _ = sender.output(PackagesOutput::Generation(n));
                }
                return;
            }
            PackagesInput::Show {
                choices,
                generations,
                current,
                shown,
                picked,
            } => {
                self.picked = picked;
                self.shown = shown;
                self.generations = generations.into_iter().rev().collect();
                let names: Vec<String> = self
                    .generations
                    .iter()
                    .map(|&n| generation_name(n, current))
                    .collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let count = self.generation_names.n_items();
                self.generation_names.splice(0, count, &names);
                if let Some(index) = self.generations.iter().position(|&n| Some(n) == shown) {
                    self.generation_row.set_selected(index as u32);
                }
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
        self.bar.set_usable(!self.chosen.is_empty());
        let _ = sender.output(PackagesOutput::Chosen(self.chosen.clone()));
    }
}
