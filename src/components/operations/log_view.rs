//! The log of the operation the bar shows: a GtkListView over the log's
//! own list model (log_lines.rs), which makes row objects only for the rows
//! on screen and announces each batch with one or two signals. Warnings and
//! errors stand out; a search shows only the lines that contain it; Copy
//! takes the whole log as text. The view follows the newest line until the
//! user scrolls up.

use std::cell::Cell;
use std::rc::Rc;

use frost_core::i18n::{gettext, ngettext_f};
use frost_core::ops::log::display_line;
use frost_core::ops::{LineKind, LogBatch, LogLine};
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

use super::log_lines::LogLines;

/// Style classes a line may carry; all are removed before a row is reused.
const KIND_CLASSES: [&str; 3] = ["error", "warning", "dim-label"];

pub struct LogView {
    lines: LogLines,
    view: gtk::GridView,
    scrolled: gtk::ScrolledWindow,
    /// Keep the newest line in view: until the user scrolls up, and again
    /// once they scroll back to the bottom.
    follow: Rc<Cell<bool>>,
}

impl std::fmt::Debug for LogView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogView")
            .field("lines", &self.lines.n_items())
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
        let (counts, dropped) = self.lines.summary_counts();
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
}

fn scroll_to_end(view: &gtk::GridView) {
    if let Some(n) = view.model().map(|m| m.n_items()).filter(|&n| n > 0) {
        view.scroll_to(n - 1, gtk::ListScrollFlags::NONE, None);
    }
}

/// Tells a user scrolling up (wheel, touchpad, the scroll bar) from the
/// list moving by itself: only the former stops following, and reaching
/// the bottom again resumes it. The adjustment cannot tell them apart:
/// dropping old lines at the top moves it up too.
fn watch_scrolling(scrolled: &gtk::ScrolledWindow, view: &gtk::GridView, follow: &Rc<Cell<bool>>) {
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

/// Rows are GtkInscriptions, made for list cells: a line each, cut with
/// an ellipsis, measured without laying the text out. A list view keeps
/// widgets for the 200 rows around the newest, and with wrapped labels
/// re-measuring them after every batch took 40–100 ms a frame.
fn factory() -> gtk::SignalListItemFactory {
    let factory = gtk::SignalListItemFactory::new();
    factory.connect_setup(|_, item| {
        let Some(item) = item.downcast_ref::<gtk::ListItem>() else {
            return;
        };
        let line = gtk::Inscription::new(None);
        line.set_xalign(0.0);
        line.set_text_overflow(gtk::InscriptionOverflow::EllipsizeEnd);
        line.add_css_class("monospace");
        line.add_css_class("log-line");
        item.set_child(Some(&line));
        item.set_activatable(false);
    });
    factory.connect_bind(|_, item| {
        let Some(item) = item.downcast_ref::<gtk::ListItem>() else {
            return;
        };
        let (Some(widget), Some(object)) =
            (item.child().and_downcast::<gtk::Inscription>(), item.item())
        else {
            return;
        };
        let Some(line) = line_of(&object) else { return };
        for class in KIND_CLASSES {
            widget.remove_css_class(class);
        }
        match line.kind {
            LineKind::Error => widget.add_css_class("error"),
            LineKind::Warning => widget.add_css_class("warning"),
            LineKind::Info => widget.add_css_class("dim-label"),
            LineKind::Build => {}
        }
        let text = display_line(&line);
        widget.set_text(Some(&text));
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
                view -> gtk::GridView {
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
        let lines = LogLines::default();
        // A grid of one column is a list that keeps row widgets for about
        // 30 rows around the newest line; a GtkListView keeps 200, and
        // rebinds them all when the view follows a fast build.
        let view = gtk::GridView::new(
            Some(gtk::NoSelection::new(Some(lines.clone()))),
            Some(factory()),
        );
        view.set_max_columns(1);
        let model = LogView {
            lines,
            view,
            scrolled: gtk::ScrolledWindow::new(),
            follow: Rc::new(Cell::new(true)),
        };
        // A folded-away list has no size to scroll in; it scrolls when
        // shown (see `watch_scrolling`).
        let (view, follow) = (model.view.downgrade(), Rc::clone(&model.follow));
        model.lines.connect_shown(move || {
            if let Some(view) = view.upgrade().filter(|v| follow.get() && v.is_mapped()) {
                scroll_to_end(&view);
            }
        });
        let scrolled = &model.scrolled;
        let view = &model.view;
        let widgets = view_output!();
        watch_scrolling(scrolled, view, &model.follow);
        #[cfg(feature = "test-hooks")]
        crate::bench_log::watch_frames(view);
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            LogViewInput::Clear => {
                self.lines.clear();
                self.follow.set(true);
            }
            LogViewInput::Apply(batch) => self.lines.push(batch),
            LogViewInput::Search(text) => {
                if self.lines.search(&text) && self.follow.get() {
                    scroll_to_end(&self.view);
                }
            }
            LogViewInput::Copy => {
                self.view.clipboard().set_text(&self.lines.to_text());
                let _ = sender.output(LogViewOutput::Toast(gettext("Log copied")));
            }
        }
    }
}
