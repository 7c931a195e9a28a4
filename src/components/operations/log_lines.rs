//! The log view's list model: the core's bounded [`LogModel`] seen through
//! `GListModel`, with the search applied. Its items are made only when the
//! view asks for one (the rows on screen), and a batch is announced with at
//! most two `items-changed` signals.
//!
//! Batches are paced: a fast build sends ten thousand lines every 50 ms,
//! and a view takes about 13 ms to replace ten thousand rows, so new lines
//! wait in `pending` and go in a few thousand per frame. While they wait,
//! only the newest ten thousand are kept; once the build slows down the view
//! holds exactly the log's last lines again. Measured with
//! benches/log_view.rs: a `GListStore` of ten thousand objects replaced
//! twenty times a second kept the main loop busy 10–40 ms a batch.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::time::Duration;

use frost_core::ops::log::{display_line, DEFAULT_MAX_LINES};
use frost_core::ops::{LogBatch, LogCounts, LogLine, LogModel};
use relm4::gtk::gio::{self, prelude::*, subclass::prelude::*};
use relm4::gtk::glib;

mod imp {
    use super::*;

    #[derive(Default)]
    pub struct LogLines {
        pub lines: RefCell<LogModel>,
        /// Lines dropped from the front so far: a held line's absolute
        /// number is `dropped + its index`, which stays put as lines go.
        pub dropped: Cell<u64>,
        /// Lowercase; empty shows every line.
        pub query: RefCell<String>,
        /// With a query, the absolute numbers of the matching lines.
        pub matches: RefCell<Option<VecDeque<u64>>>,
        /// Items at the end not announced yet. A batch changes the model
        /// at both ends, but each `items-changed` must leave the model as
        /// its listeners then believe it is: the new lines stay hidden
        /// while the removal at the front is announced.
        pub unannounced: Cell<usize>,
        /// Lines received and not shown yet, the newest
        /// [`DEFAULT_MAX_LINES`] at most, and the log's counts with them.
        pub pending: RefCell<VecDeque<LogLine>>,
        pub counts: Cell<LogCounts>,
        pub pacing: RefCell<Option<glib::SourceId>>,
        /// Called after lines went in (the view scrolls to follow them).
        pub on_shown: RefCell<Option<Box<dyn Fn()>>>,
    }

    impl LogLines {
        /// Items held, announced or not.
        pub fn held(&self) -> usize {
            match &*self.matches.borrow() {
                Some(matches) => matches.len(),
                None => self.lines.borrow().len(),
            }
        }
    }

    #[glib::object_subclass]
    impl ObjectSubclass for LogLines {
        const NAME: &'static str = "FrostLogLines";
        type Type = super::LogLines;
        type Interfaces = (gio::ListModel,);
    }

    impl ObjectImpl for LogLines {}

    impl ListModelImpl for LogLines {
        fn item_type(&self) -> glib::Type {
            glib::BoxedAnyObject::static_type()
        }

        fn n_items(&self) -> u32 {
            let len = self.held().saturating_sub(self.unannounced.get());
            u32::try_from(len).unwrap_or(u32::MAX)
        }

        fn item(&self, position: u32) -> Option<glib::Object> {
            if position >= self.n_items() {
                return None;
            }
            let index = match &*self.matches.borrow() {
                Some(matches) => {
                    let absolute = *matches.get(position as usize)?;
                    usize::try_from(absolute.checked_sub(self.dropped.get())?).ok()?
                }
                None => position as usize,
            };
            let line = self.lines.borrow().get(index)?.clone();
            Some(glib::BoxedAnyObject::new(line).upcast())
        }
    }
}

glib::wrapper! {
    pub struct LogLines(ObjectSubclass<imp::LogLines>) @implements gio::ListModel;
}

impl Default for LogLines {
    fn default() -> Self {
        glib::Object::new()
    }
}

/// About a frame at 60 Hz.
const FRAME: Duration = Duration::from_millis(16);
/// Lines shown per frame while a fast build floods the log: about 2 ms of
/// the view's work, 150,000 lines a second.
const LINES_PER_FRAME: usize = 2500;

fn contains(line: &LogLine, query: &str) -> bool {
    display_line(line).to_lowercase().contains(query)
}

impl LogLines {
    /// Starts over, for another operation.
    pub fn clear(&self) {
        let imp = self.imp();
        let old = self.n_items();
        imp.pending.borrow_mut().clear();
        imp.counts.set(LogCounts::default());
        if let Some(source) = imp.pacing.take() {
            source.remove();
        }
        imp.lines.replace(LogModel::new());
        imp.dropped.set(0);
        if let Some(matches) = &mut *imp.matches.borrow_mut() {
            matches.clear();
        }
        self.items_changed(0, old, 0);
    }

    pub fn connect_shown(&self, f: impl Fn() + 'static) {
        self.imp().on_shown.replace(Some(Box::new(f)));
    }

    /// Queues a batch; it shows over the next frames.
    pub fn push(&self, batch: LogBatch) {
        let imp = self.imp();
        imp.counts.set(batch.counts);
        {
            let mut pending = imp.pending.borrow_mut();
            pending.extend(batch.lines);
            let excess = pending.len().saturating_sub(DEFAULT_MAX_LINES);
            pending.drain(..excess);
        }
        if imp.pacing.borrow().is_none() {
            // At once when it is little (most builds), then paced.
            if self.show_some() {
                let model = self.downgrade();
                let source = glib::timeout_add_local(FRAME, move || match model.upgrade() {
                    Some(model) if model.show_some() => glib::ControlFlow::Continue,
                    Some(model) => {
                        model.imp().pacing.take();
                        glib::ControlFlow::Break
                    }
                    None => glib::ControlFlow::Break,
                });
                imp.pacing.replace(Some(source));
            }
        }
    }

    /// Shows up to [`LINES_PER_FRAME`] waiting lines; true if more wait.
    fn show_some(&self) -> bool {
        let imp = self.imp();
        let (lines, more) = {
            let mut pending = imp.pending.borrow_mut();
            let take = pending.len().min(LINES_PER_FRAME);
            let lines: Vec<LogLine> = pending.drain(..take).collect();
            (lines, !pending.is_empty())
        };
        if !lines.is_empty() || !more {
            #[cfg(feature = "test-hooks")]
            let (started, count) = (std::time::Instant::now(), lines.len());
            self.apply(LogBatch {
                lines,
                counts: imp.counts.get(),
            });
            if let Some(shown) = &*imp.on_shown.borrow() {
                shown();
            }
            #[cfg(feature = "test-hooks")]
            crate::bench_log::applied(started, count);
        }
        more
    }

    /// Shows every waiting line now (before copying the log).
    pub fn flush(&self) {
        while self.show_some() {}
    }

    /// Appends a batch; the oldest lines beyond the log's bounds go.
    fn apply(&self, batch: LogBatch) {
        let imp = self.imp();
        let old = self.n_items();
        let applied = imp.lines.borrow_mut().apply(batch);
        let dropped = imp.dropped.get() + applied.removed_front as u64;
        imp.dropped.set(dropped);
        let (removed, added) = {
            let mut matches = imp.matches.borrow_mut();
            match &mut *matches {
                None => (applied.removed_front, applied.appended),
                Some(matches) => {
                    let before = matches.len();
                    while matches.front().is_some_and(|&m| m < dropped) {
                        matches.pop_front();
                    }
                    let removed = before - matches.len();
                    let lines = imp.lines.borrow();
                    let query = imp.query.borrow();
                    let first_new = lines.len() - applied.appended;
                    let kept = matches.len();
                    for (i, line) in lines.iter().enumerate().skip(first_new) {
                        if contains(line, &query) {
                            matches.push_back(dropped + i as u64);
                        }
                    }
                    (removed, matches.len() - kept)
                }
            }
        };
        let (removed, added) = (removed as u32, added as u32);
        // Two signals, never one that both removes and adds: given both, a
        // list view asks for every added item to look for a row it can
        // reuse (10,000 items, 16 ms, for a batch that replaced them all).
        if removed > 0 {
            imp.unannounced.set(added as usize);
            self.items_changed(0, removed, 0);
            imp.unannounced.set(0);
        }
        if added > 0 {
            self.items_changed(old - removed, 0, added);
        }
    }

    /// Shows only the lines containing `query` (case ignored); an empty
    /// query shows them all. False when it did not change.
    pub fn search(&self, query: &str) -> bool {
        let imp = self.imp();
        let query = query.trim().to_lowercase();
        if *imp.query.borrow() == query {
            return false;
        }
        let old = self.n_items();
        let found = (!query.is_empty()).then(|| {
            let dropped = imp.dropped.get();
            imp.lines
                .borrow()
                .iter()
                .enumerate()
                .filter(|(_, line)| contains(line, &query))
                .map(|(i, _)| dropped + i as u64)
                .collect::<VecDeque<u64>>()
        });
        imp.query.replace(query);
        imp.matches.replace(found);
        self.items_changed(0, old, self.n_items());
        true
    }

    /// The log's counts, and how many of its lines are not kept.
    pub fn summary_counts(&self) -> (LogCounts, u64) {
        let imp = self.imp();
        let counts = imp.counts.get();
        let held = imp.lines.borrow().len() + imp.pending.borrow().len();
        (counts, counts.total.saturating_sub(held as u64))
    }

    /// Every line kept as text, for copying.
    pub fn to_text(&self) -> String {
        self.flush();
        self.imp().lines.borrow().to_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;
    use std::sync::{Mutex, MutexGuard, PoisonError};

    use frost_core::ops::LineKind;

    /// Pacing uses the default main context, which one thread at a time
    /// may own: these tests take turns.
    fn one_at_a_time() -> MutexGuard<'static, ()> {
        static TURN: Mutex<()> = Mutex::new(());
        TURN.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A batch of the lines numbered `from..to`, as the worker would send
    /// them after `to` lines in all.
    fn batch(from: u64, to: u64) -> LogBatch {
        LogBatch {
            lines: (from..to)
                .map(|n| LogLine {
                    seq: n,
                    kind: LineKind::Build,
                    source: None,
                    text: format!("line {n}").into(),
                })
                .collect(),
            counts: LogCounts {
                total: to,
                ..LogCounts::default()
            },
        }
    }

    fn text(model: &LogLines, position: u32) -> Option<String> {
        let object = model.item(position)?;
        let boxed = object.downcast::<glib::BoxedAnyObject>().ok()?;
        let line = boxed.borrow::<LogLine>();
        Some(line.text.to_string())
    }

    /// Replays every `items-changed` on a count of its own and checks the
    /// model says the same at each signal, as a list view relies on: a
    /// signal that does not match the model crashed the view.
    fn watched() -> (LogLines, Rc<Cell<u32>>) {
        let model = LogLines::default();
        let seen = Rc::new(Cell::new(0u32));
        let count = Rc::clone(&seen);
        model.connect_items_changed(move |model, position, removed, added| {
            assert!(position + removed <= count.get(), "removed past the end");
            count.set(count.get() - removed + added);
            assert_eq!(model.n_items(), count.get(), "signal and model disagree");
            for p in position..position + added {
                assert!(model.item(p).is_some(), "no item {p} after a signal");
            }
        });
        (model, seen)
    }

    #[test]
    fn a_flood_ends_with_exactly_the_newest_lines_and_every_signal_matches() {
        let _turn = one_at_a_time();
        let (model, seen) = watched();
        // 100 batches of 3,000 lines, more than the view takes per frame.
        for b in 0..100 {
            model.push(batch(b * 3000, (b + 1) * 3000));
        }
        model.flush();
        assert_eq!(model.n_items() as usize, DEFAULT_MAX_LINES);
        assert_eq!(seen.get() as usize, DEFAULT_MAX_LINES);
        assert_eq!(text(&model, 0).as_deref(), Some("line 290000"));
        assert_eq!(text(&model, 9999).as_deref(), Some("line 299999"));
        assert_eq!(model.item(10_000), None);
        let (counts, dropped) = model.summary_counts();
        assert_eq!(counts.total, 300_000);
        assert_eq!(dropped, 290_000);
    }

    #[test]
    fn search_shows_matching_lines_and_follows_new_ones() {
        let _turn = one_at_a_time();
        let (model, seen) = watched();
        model.push(batch(0, 100));
        model.flush();
        assert!(model.search("LINE 4"));
        // line 4 and lines 40..=49.
        assert_eq!(model.n_items(), 11);
        assert_eq!(text(&model, 0).as_deref(), Some("line 4"));
        model.push(batch(100, 500));
        model.flush();
        // …and 400..=499 join them.
        assert_eq!(model.n_items(), 111);
        assert_eq!(text(&model, 110).as_deref(), Some("line 499"));
        // Old matches go with the lines they were.
        model.push(batch(500, 10_100));
        model.flush();
        assert_eq!(text(&model, 0).as_deref(), Some("line 400"));
        assert!(!model.search("line 4"));
        assert!(model.search(""));
        assert_eq!(model.n_items() as usize, DEFAULT_MAX_LINES);
        assert_eq!(seen.get() as usize, DEFAULT_MAX_LINES);
        model.clear();
        assert_eq!((model.n_items(), seen.get()), (0, 0));
    }

    #[test]
    fn copying_takes_lines_still_waiting() {
        let _turn = one_at_a_time();
        let (model, _) = watched();
        model.push(batch(0, 6000));
        let text = model.to_text();
        assert_eq!(text.lines().count(), 6000);
        assert_eq!(text.lines().last(), Some("line 5999"));
    }
}
