//! `FROST_BENCH_FIRST_PAINT=1 frost-gui PROFILE`: prints how long the window
//! took from `main()` to the first frame that shows the package list, then
//! quits. The benchmark (benches/first_paint.rs) runs it and also measures
//! from starting the process, which adds loading the libraries.
//!
//! `FROST_BENCH_SCROLL=1 frost-gui PROFILE`: once every row is in the list,
//! scrolls it from top to bottom, half a screen per frame, and prints how
//! long each frame's work took (from its tick to its painting), then quits.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::Instant;

use relm4::gtk::{self, prelude::*};

const VARIABLE: &str = "FROST_BENCH_FIRST_PAINT";
const SCROLL_VARIABLE: &str = "FROST_BENCH_SCROLL";
/// A frame at 60 Hz.
const FRAME_MS: f64 = 1000.0 / 60.0;

static STARTED: OnceLock<Instant> = OnceLock::new();

thread_local! {
    static WAITING: Cell<bool> = const { Cell::new(false) };
    static SCROLLING: Cell<bool> = const { Cell::new(false) };
}

/// Called first thing in `main()`.
pub fn mark_start() {
    let _ = STARTED.set(Instant::now());
    WAITING.set(std::env::var_os(VARIABLE).is_some_and(|v| v == "1"));
    SCROLLING.set(std::env::var_os(SCROLL_VARIABLE).is_some_and(|v| v == "1"));
}

/// The list just received its rows: report after the next frame that paints
/// `list` with rows in it, once per run.
pub fn list_filled(list: &gtk::ListView) {
    if !WAITING.get() {
        return;
    }
    let Some(clock) = list.frame_clock() else {
        // Not realized yet: try again once it is.
        let again = list.clone();
        list.connect_realize(move |_| list_filled(&again));
        return;
    };
    list.queue_draw();
    let list = list.downgrade();
    let handler = std::rc::Rc::new(Cell::new(None));
    let own = std::rc::Rc::clone(&handler);
    let id = clock.connect_after_paint(move |clock| {
        let Some(list) = list.upgrade() else { return };
        // Rows exist once the list was laid out in this frame.
        if !WAITING.get() || !list.is_mapped() || list.first_child().is_none() {
            return;
        }
        WAITING.set(false);
        let ms = STARTED
            .get()
            .map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
        println!("first painted list: {ms:.1} ms after main()");
        if let Some(id) = own.take() {
            clock.disconnect(id);
        }
        relm4::main_application().quit();
    });
    handler.set(Some(id));
}

/// Every row is in the list: scroll through it once, timing each frame.
pub fn list_complete(list: &gtk::ListView) {
    if !SCROLLING.replace(false) {
        return;
    }
    let (Some(adjustment), Some(clock)) = (list.vadjustment(), list.frame_clock()) else {
        println!("scroll: the list is not on screen");
        return;
    };
    let tick_at: Rc<Cell<Option<Instant>>> = Rc::new(Cell::new(None));
    let work: Rc<RefCell<Vec<f64>>> = Rc::new(RefCell::new(Vec::new()));
    let (tick, done) = (Rc::clone(&tick_at), Rc::clone(&work));
    clock.connect_after_paint(move |_| {
        if let Some(start) = tick.take() {
            done.borrow_mut()
                .push(start.elapsed().as_secs_f64() * 1000.0);
        }
    });
    list.add_tick_callback(move |_, _| {
        let bottom = adjustment.upper() - adjustment.page_size();
        if adjustment.value() >= bottom {
            report_scroll(&mut work.borrow_mut());
            relm4::main_application().quit();
            return gtk::glib::ControlFlow::Break;
        }
        tick_at.set(Some(Instant::now()));
        adjustment.set_value((adjustment.value() + adjustment.page_size() / 2.0).min(bottom));
        gtk::glib::ControlFlow::Continue
    });
}

fn report_scroll(frames: &mut [f64]) {
    frames.sort_by(f64::total_cmp);
    let at = |q: f64| {
        frames
            .get(((frames.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let slow = frames.iter().filter(|&&ms| ms > FRAME_MS).count();
    println!(
        "scroll: {} frames, median {:.1} ms, 95th percentile {:.1} ms, slowest {:.1} ms, over {FRAME_MS:.1} ms: {slow}",
        frames.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}
