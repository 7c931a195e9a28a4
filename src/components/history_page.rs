//! The profile's generations, newest first, each saying what it changed in
//! words, then its number and date. Activating one opens what it changed
//! in full, where the profile can go back to it. A profile managed by a
//! folder that is a Git repository also shows that folder's recent commits
//! below, in a group of their own.

use std::path::PathBuf;
use std::rc::Rc;

use crate::components::layout::{CONTENT_TIGHTENING, CONTENT_WIDTH};
use frost_core::freeze::git::FolderCommit;
use frost_core::freeze::managed::home_shortened;
use frost_core::history::History;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::time::{local_datetime, relative_datetime};
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

#[derive(Debug)]
pub struct HistoryPage {
    /// `None` while reading; the error sentence when reading failed.
    history: Option<Result<Rc<History>, String>>,
    list: gtk::ListBox,
    /// The managing folder's commits, newest first.
    changes: gtk::ListBox,
    /// The group's title; empty when there is no group.
    changes_title: String,
}

#[derive(Debug)]
pub enum HistoryInput {
    Loading,
    Show(Result<Rc<History>, String>),
    /// The managing folder and its recent commits (read off the GTK
    /// thread), or `None`: not managed, or the folder is no Git
    /// repository.
    Changes(Option<(PathBuf, Vec<FolderCommit>)>),
    Activated(u64),
}

#[derive(Debug)]
pub enum HistoryOutput {
    /// Show what generation `n` changed.
    Open(u64),
}

impl HistoryPage {
    fn page(&self) -> &'static str {
        match &self.history {
            None => "loading",
            Some(Ok(h)) if !h.entries.is_empty() => "list",
            Some(_) => "message",
        }
    }

    fn message(&self) -> String {
        match &self.history {
            Some(Err(e)) => e.clone(),
            _ => gettext("This profile has no generations."),
        }
    }

    fn fill(&self, history: &History, sender: &ComponentSender<Self>) {
        // Keep the focused generation focused across a refresh.
        let focused = self
            .list
            .focus_child()
            .and_then(|row| row.widget_name().parse::<u64>().ok());
        while let Some(row) = self.list.first_child() {
            self.list.remove(&row);
        }
        for entry in history.entries.iter().rev() {
            let number = entry.generation.number;
            let created = entry.generation.created;
            let subtitle = gettext_f(
                // Translators: a History row's second line, "Generation 6 · Today at 23:41".
                "Generation {number} · {date}",
                &[
                    ("number", &number.to_string()),
                    ("date", &relative_datetime(created)),
                ],
            );
            // What changed leads; which generation and when come second.
            let row = adw::ActionRow::builder()
                .title(glib::markup_escape_text(&entry.headline()).as_str())
                .subtitle(glib::markup_escape_text(&subtitle).as_str())
                .activatable(true)
                .build();
            row.set_tooltip_text(Some(&local_datetime(created)));
            row.set_widget_name(&number.to_string());
            if entry.generation.current {
                let tag = gtk::Label::new(Some(&gettext("Current")));
                tag.set_valign(gtk::Align::Center);
                tag.add_css_class("current-tag");
                tag.add_css_class("caption-heading");
                row.add_suffix(&tag);
            }
            let go = gtk::Image::from_icon_name("go-next-symbolic");
            go.set_accessible_role(gtk::AccessibleRole::Presentation);
            row.add_suffix(&go);
            let s = sender.clone();
            row.connect_activated(move |_| s.input(HistoryInput::Activated(number)));
            self.list.append(&row);
            if focused == Some(number) {
                row.grab_focus();
            }
        }
    }

    /// One row per commit: its subject, then when, the exact time in a
    /// tooltip (as the generations say it).
    fn fill_changes(&mut self, changes: Option<(PathBuf, Vec<FolderCommit>)>) {
        while let Some(row) = self.changes.first_child() {
            self.changes.remove(&row);
        }
        self.changes_title.clear();
        let Some((folder, commits)) = changes.filter(|(_, c)| !c.is_empty()) else {
            return;
        };
        self.changes_title = gettext_f(
            // Translators: the title above a managing folder's Git commits on the History page.
            "Changes to {dir}",
            &[("dir", &home_shortened(&folder))],
        );
        self.changes
            .update_property(&[gtk::accessible::Property::Label(&self.changes_title)]);
        for commit in commits {
            let row = adw::ActionRow::builder()
                .title(glib::markup_escape_text(&commit.subject).as_str())
                .subtitle(glib::markup_escape_text(&relative_datetime(commit.time)).as_str())
                .build();
            row.set_tooltip_text(Some(&local_datetime(commit.time)));
            self.changes.append(&row);
        }
    }
}

#[relm4::component(pub)]
impl SimpleComponent for HistoryPage {
    type Init = ();
    type Input = HistoryInput;
    type Output = HistoryOutput;

    view! {
        adw::NavigationPage {
            set_title: &gettext("History"),

            adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::Stack {
                    add_named[Some("loading")] = &adw::StatusPage {
                        set_title: &gettext("Reading the History…"),
                    },
                    add_named[Some("message")] = &adw::StatusPage {
                        set_icon_name: Some("document-open-recent-symbolic"),
                        set_title: &gettext("No History"),
                        #[watch]
                        set_description: Some(&glib::markup_escape_text(&model.message())),
                    },
                    add_named[Some("list")] = &gtk::ScrolledWindow {
                        set_hscrollbar_policy: gtk::PolicyType::Never,

                        adw::Clamp {
                            set_maximum_size: CONTENT_WIDTH,
                            set_tightening_threshold: CONTENT_TIGHTENING,

                            gtk::Box {
                                set_orientation: gtk::Orientation::Vertical,
                                set_spacing: 12,
                                set_margin_top: 24,
                                set_margin_bottom: 24,
                                set_margin_start: 12,
                                set_margin_end: 12,

                                gtk::Label {
                                    set_xalign: 0.0,
                                    set_wrap: true,
                                    add_css_class: "dim-label",
                                    set_label: &gettext("Each time your packages change, Frost keeps the previous state as a generation you can go back to. The newest is at the top; choose one to see what changed."),
                                },

                                #[local_ref]
                                list -> gtk::ListBox {
                                    add_css_class: "boxed-list",
                                    set_selection_mode: gtk::SelectionMode::None,
                                    update_property: &[gtk::accessible::Property::Label(&gettext("Generations"))],
                                },

                                gtk::Label {
                                    set_xalign: 0.0,
                                    set_wrap: true,
                                    set_margin_top: 12,
                                    add_css_class: "heading",
                                    #[watch]
                                    set_visible: !model.changes_title.is_empty(),
                                    #[watch]
                                    set_label: &model.changes_title,
                                },

                                #[local_ref]
                                changes -> gtk::ListBox {
                                    add_css_class: "boxed-list",
                                    set_selection_mode: gtk::SelectionMode::None,
                                    #[watch]
                                    set_visible: !model.changes_title.is_empty(),
                                },
                            },
                        },
                    },
                    #[watch]
                    set_visible_child_name: model.page(),
                },
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        _sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let model = HistoryPage {
            history: None,
            list: gtk::ListBox::new(),
            changes: gtk::ListBox::new(),
            changes_title: String::new(),
        };
        let list = &model.list;
        let changes = &model.changes;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            HistoryInput::Loading => self.history = None,
            HistoryInput::Show(history) => {
                if let Ok(h) = &history {
                    self.fill(h, &sender);
                }
                self.history = Some(history);
            }
            HistoryInput::Changes(changes) => self.fill_changes(changes),
            HistoryInput::Activated(number) => {
                let _ = sender.output(HistoryOutput::Open(number));
            }
        }
    }
}
