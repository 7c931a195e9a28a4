//! `FROST_BENCH_FIRST_PAINT=1 frost-gui PROFILE`: prints how long the window
//! took from `main()` to the first frame that shows the package list, then
//! quits. The benchmark (benches/first_paint.rs) runs it and also measures
//! from starting the process, which adds loading the libraries.

use std::cell::Cell;
use std::sync::OnceLock;
use std::time::Instant;

use relm4::gtk::{self, prelude::*};

const VARIABLE: &str = "FROST_BENCH_FIRST_PAINT";

static STARTED: OnceLock<Instant> = OnceLock::new();

thread_local! {
    static WAITING: Cell<bool> = const { Cell::new(false) };
}

/// Called first thing in `main()`.
pub fn mark_start() {
    let _ = STARTED.set(Instant::now());
    WAITING.set(std::env::var_os(VARIABLE).is_some_and(|v| v == "1"));
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
