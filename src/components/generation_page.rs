//! What one generation changed from the one before: first in words, then
//! the packages added, updated, changed and removed, with versions and
//! sources; from here the profile can go back to it, or freeze it.

use crate::components::layout::{CONTENT_TIGHTENING, CONTENT_WIDTH};
use frost_core::diff::{ElementChange, ManifestDiff};
use frost_core::history::HistoryEntry;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::time::{local_datetime, relative_datetime};
use frost_core::Element;
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

#[derive(Debug)]
pub struct GenerationPage {
    entry: Option<HistoryEntry>,
    groups: gtk::Box,
}

#[derive(Debug)]
pub enum GenerationInput {
    Show(Box<HistoryEntry>),
    RollBack,
    Freeze,
}

#[derive(Debug)]
pub enum GenerationOutput {
    /// The user asked to go back to generation `n` (the window asks first).
    RollBack(u64),
    /// Freeze to Flake, of generation `n` rather than the current one.
    Freeze(u64),
}

/// What Go Back does, for its tooltip and screen readers.
pub fn go_back_hint(number: u64) -> String {
    gettext_f(
        "Make your packages those of generation {number} again; Frost asks first",
        &[("number", &number.to_string())],
    )
}

impl GenerationPage {
    pub fn number(&self) -> u64 {
        self.entry.as_ref().map_or(0, |e| e.generation.number)
    }

    fn title(&self) -> String {
        gettext_f(
            "Generation {number}",
            &[("number", &self.number().to_string())],
        )
    }

    /// What it changed, in words: the page's first line.
    fn headline(&self) -> String {
        self.entry
            .as_ref()
            .map_or_else(String::new, HistoryEntry::headline)
    }

    /// When, and what the lists below compare it with.
    fn description(&self) -> String {
        let Some(entry) = &self.entry else {
            return String::new();
        };
        let date = relative_datetime(entry.generation.created);
        match entry.previous {
            Some(previous) => gettext_f(
                // Translators: "Today at 23:41 · compared with generation 5".
                "{date} · compared with generation {previous}",
                &[("date", &date), ("previous", &previous.to_string())],
            ),
            None => gettext_f(
                // Translators: "12 May · the oldest generation kept".
                "{date} · the oldest generation kept",
                &[("date", &date)],
            ),
        }
    }

    /// The exact time, for the date's tooltip.
    fn exact_date(&self) -> String {
        self.entry
            .as_ref()
            .map_or_else(String::new, |e| local_datetime(e.generation.created))
    }

    fn is_current(&self) -> bool {
        self.entry.as_ref().is_some_and(|e| e.generation.current)
    }

    fn fill(&self) {
        while let Some(child) = self.groups.first_child() {
            self.groups.remove(&child);
        }
        let Some(entry) = &self.entry else { return };
        let Some(diff) = &entry.diff else {
            let error = gtk::Label::new(entry.error.as_deref());
            error.set_wrap(true);
            error.set_xalign(0.0);
            error.set_selectable(true);
            error.add_css_class("error");
            self.groups.append(&error);
            return;
        };
        // An empty diff: the headline already says that nothing changed.
        for group in groups(diff) {
            self.groups.append(&group);
        }
    }
}

fn row(title: &str, subtitle: &str) -> adw::ActionRow {
    adw::ActionRow::builder()
        .title(glib::markup_escape_text(title).as_str())
        .subtitle(glib::markup_escape_text(subtitle).as_str())
        .subtitle_selectable(true)
        .build()
}

fn element_row(e: &Element) -> adw::ActionRow {
    let version = e.version.clone().unwrap_or_else(|| gettext("no version"));
    row(
        &e.name,
        &gettext_f(
            "{version} · {source}",
            &[("version", &version), ("source", &e.source_description())],
        ),
    )
}

fn change_row(c: &ElementChange) -> adw::ActionRow {
    let mut what = Vec::new();
    if c.version_changed {
        let none = gettext("no version");
        what.push(format!(
            "{} → {}",
            c.old.version.as_deref().unwrap_or(&none),
            c.new.version.as_deref().unwrap_or(&none)
        ));
    }
    if c.source_changed {
        what.push(gettext_f(
            "source {old} → {new}",
            &[
                ("old", &c.old.source_description()),
                ("new", &c.new.source_description()),
            ],
        ));
    }
    if c.priority_changed {
        what.push(gettext_f(
            "priority {old} → {new}",
            &[
                ("old", &c.old.priority.to_string()),
                ("new", &c.new.priority.to_string()),
            ],
        ));
    }
    if c.outputs_changed {
        what.push(gettext("other outputs"));
    }
    if what.is_empty() {
        what.push(gettext("rebuilt"));
    }
    row(&c.name, &what.join(&gettext(", ")))
}

fn groups(diff: &ManifestDiff) -> Vec<adw::PreferencesGroup> {
    let (downgraded, updated): (Vec<&ElementChange>, Vec<&ElementChange>) = diff
        .changed
        .iter()
        .filter(|c| c.version_changed)
        .partition(|c| c.is_downgrade());
    let other: Vec<&ElementChange> = diff.changed.iter().filter(|c| !c.version_changed).collect();
    let mut out = Vec::new();
    let mut group = |title: String, rows: Vec<adw::ActionRow>| {
        if rows.is_empty() {
            return;
        }
        let group = adw::PreferencesGroup::new();
        group.set_title(&title);
        for row in rows {
            group.add(&row);
        }
        out.push(group);
    };
    group(
        gettext("Added"),
        diff.added.iter().map(element_row).collect(),
    );
    group(
        gettext("Updated"),
        updated.into_iter().map(change_row).collect(),
    );
    group(
        gettext("Downgraded"),
        downgraded.into_iter().map(change_row).collect(),
    );
    group(
        gettext("Changed"),
        other.into_iter().map(change_row).collect(),
    );
    group(
        gettext("Removed"),
        diff.removed.iter().map(element_row).collect(),
    );
    out
}

#[relm4::component(pub)]
impl SimpleComponent for GenerationPage {
    type Init = ();
    type Input = GenerationInput;
    type Output = GenerationOutput;

    view! {
        adw::NavigationPage {
            #[watch]
            set_title: &model.title(),

            adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::ScrolledWindow {
                    set_hscrollbar_policy: gtk::PolicyType::Never,

                    adw::Clamp {
                        set_maximum_size: CONTENT_WIDTH,
                        set_tightening_threshold: CONTENT_TIGHTENING,

                        gtk::Box {
                            set_orientation: gtk::Orientation::Vertical,
                            set_spacing: 18,
                            set_margin_top: 24,
                            set_margin_bottom: 24,
                            set_margin_start: 12,
                            set_margin_end: 12,

                            gtk::Box {
                                set_orientation: gtk::Orientation::Vertical,
                                set_spacing: 6,

                                gtk::Label {
                                    set_xalign: 0.0,
                                    set_wrap: true,
                                    set_wrap_mode: gtk::pango::WrapMode::WordChar,
                                    add_css_class: "title-4",
                                    #[watch]
                                    set_label: &model.headline(),
                                },
                                gtk::Label {
                                    set_xalign: 0.0,
                                    set_wrap: true,
                                    add_css_class: "dim-label",
                                    #[watch]
                                    set_label: &model.description(),
                                    #[watch]
                                    set_tooltip_text: Some(&model.exact_date()),
                                },
                            },
                            gtk::Label {
                                set_xalign: 0.0,
                                add_css_class: "dim-label",
                                set_label: &gettext("This is the profile’s current generation."),
                                #[watch]
                                set_visible: model.is_current(),
                            },
                            gtk::Button {
                                set_label: &gettext("_Go Back to This Generation…"),
                                set_use_underline: true,
                                set_halign: gtk::Align::Start,
                                add_css_class: "pill",
                                add_css_class: "suggested-action",
                                connect_clicked => GenerationInput::RollBack,
                                #[watch]
                                set_visible: !model.is_current(),
                                #[watch]
                                set_tooltip_text: Some(&go_back_hint(model.number())),
                                #[watch]
                                update_property: &[gtk::accessible::Property::Description(&go_back_hint(model.number()))],
                            },
                            gtk::Button {
                                set_label: &gettext("_Freeze This Generation…"),
                                set_use_underline: true,
                                set_halign: gtk::Align::Start,
                                // One suggested pill per page (docs/ui.md):
                                // the other action is a plain button.
                                connect_clicked => GenerationInput::Freeze,
                                set_tooltip_text: Some(&gettext("Write this generation’s packages into a flake folder")),
                            },

                            #[local_ref]
                            groups -> gtk::Box {
                                set_orientation: gtk::Orientation::Vertical,
                                set_spacing: 18,
                            },
                        },
                    },
                },
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        _sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let model = GenerationPage {
            entry: None,
            groups: gtk::Box::new(gtk::Orientation::Vertical, 18),
        };
        let groups = &model.groups;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            GenerationInput::Show(entry) => {
                self.entry = Some(*entry);
                self.fill();
            }
            GenerationInput::RollBack => {
                if self.entry.is_some() && !self.is_current() {
                    let _ = sender.output(GenerationOutput::RollBack(self.number()));
                }
            }
            GenerationInput::Freeze => {
                if self.entry.is_some() {
                    let _ = sender.output(GenerationOutput::Freeze(self.number()));
                }
            }
        }
    }
}
