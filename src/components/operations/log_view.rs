//! The log of the operation the bar shows: a GtkListView over a list store
//! that each batch from the worker changes with one splice at the top (old
//! lines the bounded log dropped) and one at the bottom (new lines). Only
//! the rows on screen have widgets, so a build that prints a million lines
//! costs a few thousand small objects a second and never a rebuilt view.
//! Warnings and errors stand out; a search filters the lines; Copy takes
//! the whole log as text.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use frost_core::i18n::{gettext, ngettext_f};
use frost_core::ops::log::display_line;
use frost_core::ops::{LineKind, LogBatch, LogLine, LogModel};
use relm4::adw::prelude::*;
use relm4::gtk::{gio, glib};
use relm4::prelude::*;

/// Style classes a line may carry; all are removed before a row is reused.
const KIND_CLASSES: [&str; 3] = ["error", "warning", "dim-label"];

pub struct LogView {
    /// The same lines as `store`, as the core's bounded model: it says
    /// what each batch drops, and gives the text to copy.
    lines: LogModel,
    store: gio::ListStore,
    filter: gtk::CustomFilter,
    /// Lowercase; empty shows every line.
    query: Rc<RefCell<String>>,
    view: gtk::ListView,
    scrolled: gtk::ScrolledWindow,
    /// Keep the newest line in view: until the user scrolls up, and again
    /// once they scroll back to the bottom.
    follow: Rc<Cell<bool>>,
}

impl std::fmt::Debug for LogView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogView")
            .field("lines", &self.lines.len())
            .finish()
    }
}

#[derive(Debug)]
pub enum LogViewInput {
    /// A new operation: start over.
    Clear,
    Apply(LogBatch),
    Search(String),
    Copy,
}

#[derive(Debug)]
pub enum LogViewOutput {
    Toast(String),
}

fn line_of(object: &glib::Object) -> Option<std::cell::Ref<'_, LogLine>> {
    object
        .downcast_ref::<glib::BoxedAnyObject>()?
        .try_borrow::<LogLine>()
        .ok()
}

impl LogView {
    /// "3,000 lines · 2 warnings · 1 error", and how many were not kept.
    fn summary(&self) -> String {
        let counts = self.lines.counts();
        let mut parts = vec![ngettext_f(
            "{n} line",
            "{n} lines",
            counts.total,
            &[("n", &counts.total.to_string())],
        )];
        if counts.warnings > 0 {
            parts.push(ngettext_f(
                "{n} warning",
                "{n} warnings",
                counts.warnings,
                &[("n", &counts.warnings.to_string())],
            ));
        }
        if counts.errors > 0 {
            parts.push(ngettext_f(
                "{n} error",
                "{n} errors",
                counts.errors,
                &[("n", &counts.errors.to_string())],
            ));
        }
        let dropped = self.lines.dropped();
        if dropped > 0 {
            parts.push(ngettext_f(
                "the first {n} line is not kept",
                "the first {n} lines are not kept",
                dropped,
                &[("n", &dropped.to_string())],
            ));
        }
        // Translators: separates the parts of the log's summary line.
        parts.join(&gettext(" · "))
    }

    fn apply(&mut self, batch: LogBatch) {
        if batch.is_empty() && batch.counts == self.lines.counts() {
            return;
        }
        let applied = self.lines.apply(batch);
        let skip = self.lines.len() - applied.appended;
        let added: Vec<glib::BoxedAnyObject> = self
            .lines
            .iter()
            .skip(skip)
            .map(|line| glib::BoxedAnyObject::new(line.clone()))
            .collect();
        if applied.removed_front > 0 {
            self.store
                .splice(0, applied.removed_front as u32, &added[..0]);
        }
        self.store.extend_from_slice(&added);
        // A folded-away list has no size to scroll in; it scrolls when
        // shown (see `watch_scrolling`).
        if self.follow.get() && self.view.is_mapped() {
            scroll_to_end(&self.view);
        }
    }
}

fn scroll_to_end(view: &gtk::ListView) {
    if let Some(n) = view.model().map(|m| m.n_items()).filter(|&n| n > 0) {
        view.scroll_to(n - 1, gtk::ListScrollFlags::NONE, None);
    }
}

/// Tells a user scrolling up (wheel, touchpad, the scroll bar) from the
/// list moving by itself: only the former stops following, and reaching
/// the bottom again resumes it. The adjustment cannot tell them apart:
/// dropping old lines at the top moves it up too.
fn watch_scrolling(scrolled: &gtk::ScrolledWindow, view: &gtk::ListView, follow: &Rc<Cell<bool>>) {
    let wheel = gtk::EventControllerScroll::new(gtk::EventControllerScrollFlags::VERTICAL);
    wheel.set_propagation_phase(gtk::PropagationPhase::Capture);
    let f = Rc::clone(follow);
    wheel.connect_scroll(move |_, _, dy| {
        if dy < 0.0 {
            f.set(false);
        }
        glib::Propagation::Proceed
    });
    scrolled.add_controller(wheel);
    let drag = gtk::GestureDrag::new();
    drag.set_propagation_phase(gtk::PropagationPhase::Capture);
    let f = Rc::clone(follow);
    drag.connect_drag_begin(move |_, _, _| f.set(false));
    scrolled.vscrollbar().add_controller(drag);
    let f = Rc::clone(follow);
    scrolled.connect_edge_reached(move |_, edge| {
        if edge == gtk::PositionType::Bottom {
            f.set(true);
        }
    });
    // Lines that came while the log was folded away: show the newest.
    let (f, v) = (Rc::clone(follow), view.clone());
    scrolled.connect_map(move |_| {
        if f.get() {
            // Once it has its size: scrolling before that is lost.
            v.add_tick_callback(|v, _| {
                scroll_to_end(v);
                glib::ControlFlow::Break
            });
        }
    });
}

fn factory() -> gtk::SignalListItemFactory {
    let factory = gtk::SignalListItemFactory::new();
    factory.connect_setup(|_, item| {
        let Some(item) = item.downcast_ref::<gtk::ListItem>() else {
            return;
        };
        let label = gtk::Label::new(None);
        label.set_xalign(0.0);
        label.set_wrap(true);
        label.set_wrap_mode(gtk::pango::WrapMode::WordChar);
        label.add_css_class("monospace");
        label.add_css_class("log-line");
        item.set_child(Some(&label));
        item.set_activatable(false);
    });
    factory.connect_bind(|_, item| {
        let Some(item) = item.downcast_ref::<gtk::ListItem>() else {
            return;
        };
        let (Some(label), Some(object)) = (item.child().and_downcast::<gtk::Label>(), item.item())
        else {
            return;
        };
        let Some(line) = line_of(&object) else { return };
        for class in KIND_CLASSES {
            label.remove_css_class(class);
        }
        match line.kind {
            LineKind::Error => label.add_css_class("error"),
            LineKind::Warning => label.add_css_class("warning"),
            LineKind::Info => label.add_css_class("dim-label"),
            LineKind::Build => {}
        }
        label.set_text(&display_line(&line));
    });
    factory
}

#[relm4::component(pub)]
impl SimpleComponent for LogView {
    type Init = ();
    type Input = LogViewInput;
    type Output = LogViewOutput;

    view! {
        gtk::Box {
            set_orientation: gtk::Orientation::Vertical,
            set_spacing: 6,
            set_margin_start: 12,
            set_margin_end: 12,
            set_margin_bottom: 12,

            gtk::Box {
                set_spacing: 6,

                gtk::SearchEntry {
                    set_hexpand: true,
                    set_placeholder_text: Some(&gettext("Search the log")),
                    update_property: &[gtk::accessible::Property::Label(&gettext("Search the log"))],
                    connect_search_changed[sender] => move |entry| {
                        sender.input(LogViewInput::Search(entry.text().to_string()));
                    },
                },
                gtk::Button {
                    set_icon_name: "edit-copy-symbolic",
                    set_tooltip_text: Some(&gettext("Copy the Log")),
                    update_property: &[gtk::accessible::Property::Label(&gettext("Copy the Log"))],
                    connect_clicked => LogViewInput::Copy,
                },
            },

            #[local_ref]
            scrolled -> gtk::ScrolledWindow {
                set_height_request: 240,
                set_hscrollbar_policy: gtk::PolicyType::Never,
                add_css_class: "card",

                #[local_ref]
                view -> gtk::ListView {
                    add_css_class: "log-view",
                    update_property: &[gtk::accessible::Property::Label(&gettext("Log"))],
                },
            },

            gtk::Label {
                set_xalign: 0.0,
                set_wrap: true,
                add_css_class: "caption",
                add_css_class: "dim-label",
                #[watch]
                set_label: &model.summary(),
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let store = gio::ListStore::new::<glib::BoxedAnyObject>();
        let query = Rc::new(RefCell::new(String::new()));
        let wanted = Rc::clone(&query);
        let filter = gtk::CustomFilter::new(move |object| {
            let query = wanted.borrow();
            query.is_empty()
                || line_of(object)
                    .is_some_and(|l| display_line(&l).to_lowercase().contains(&*query))
        });
        let filtered = gtk::FilterListModel::new(Some(store.clone()), Some(filter.clone()));
        // Filtering 10,000 lines at once could take more than a frame.
        filtered.set_incremental(true);
        let view = gtk::ListView::new(Some(gtk::NoSelection::new(Some(filtered))), Some(factory()));
        let model = LogView {
            lines: LogModel::new(),
            store,
            filter,
            query,
            view,
            scrolled: gtk::ScrolledWindow::new(),
            follow: Rc::new(Cell::new(true)),
        };
        let scrolled = &model.scrolled;
        let view = &model.view;
        let widgets = view_output!();
        watch_scrolling(scrolled, view, &model.follow);
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            LogViewInput::Clear => {
                self.lines = LogModel::new();
                self.store.remove_all();
                self.follow.set(true);
            }
            LogViewInput::Apply(batch) => self.apply(batch),
            LogViewInput::Search(text) => {
                let text = text.trim().to_lowercase();
                let change = {
                    let old = self.query.borrow();
                    if *old == text {
                        return;
                    }
                    if text.contains(&*old) {
                        gtk::FilterChange::MoreStrict
                    } else if old.contains(&text) {
                        gtk::FilterChange::LessStrict
                    } else {
                        gtk::FilterChange::Different
                    }
                };
                *self.query.borrow_mut() = text;
                self.filter.changed(change);
            }
            LogViewInput::Copy => {
                self.view.clipboard().set_text(&self.lines.to_text());
                let _ = sender.output(LogViewOutput::Toast(gettext("Log copied")));
            }
        }
    }
}
