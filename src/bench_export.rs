//! `FROST_BENCH_EXPORT=1 frost-gui PROFILE`: once the profile shows, opens
//! the Freeze to Flake wizard as its header button does; once the wizard's
//! first page has been on screen for a moment, presses its Export button
//! (the one-click path: every choice at its default). When a frame first
//! paints the Done page it prints how long that took from the press (and
//! when the worker's result came in, before the page was shown), and
//! quits; a failed export prints why and quits too.
//! benches/freeze_export.rs runs it beside `frost freeze --git --verify`.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use relm4::gtk::{self, glib, prelude::*};

const VARIABLE: &str = "FROST_BENCH_EXPORT";
/// How long the first page shows before the press, as it would for a
/// person reading it: the window's own start-up work (the history, icons)
/// is over by then and does not count against the export.
const SETTLE: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Unread,
    Off,
    /// The wizard is still to be opened.
    Open,
    /// Open: Export is still to be pressed.
    Press,
    Pressed(Instant),
    Reported,
}

/// The app's own threads, summed from /proc/self/task/*/schedstat: time on
/// a processor and time waiting for one, in nanoseconds. What the window
/// itself costs during an export, beside the wall time.
fn scheduled() -> (u64, u64) {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return (0, 0);
    };
    let mut sum = (0, 0);
    for task in tasks.flatten() {
        let Ok(text) = std::fs::read_to_string(task.path().join("schedstat")) else {
            continue;
        };
        let mut fields = text
            .split_whitespace()
            .map(|f| f.parse::<u64>().unwrap_or(0));
        sum.0 += fields.next().unwrap_or(0);
        sum.1 += fields.next().unwrap_or(0);
    }
    sum
}

thread_local! {
    static AT_PRESS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

thread_local! {
    /// What the wizard asked Nix ahead when it opened, before the press:
    /// how many inputs' answers it kept, and in how many milliseconds.
    static ASKED: Cell<Option<(usize, f64)>> = const { Cell::new(None) };
}

thread_local! {
    static PHASE: Cell<Phase> = const { Cell::new(Phase::Unread) };
}

fn phase() -> Phase {
    if PHASE.get() == Phase::Unread {
        let on = std::env::var_os(VARIABLE).is_some_and(|v| v == "1");
        PHASE.set(if on { Phase::Open } else { Phase::Off });
    }
    PHASE.get()
}

/// The profile shows: whether to open the wizard now (once per run).
pub fn open_wizard() -> bool {
    if phase() != Phase::Open {
        return false;
    }
    PHASE.set(Phase::Press);
    true
}

/// The wizard's questions to Nix when it opened are answered: `kept`
/// answers, after `took`. Counted only before the press.
pub fn asked_ahead(kept: usize, took: Duration) {
    if matches!(phase(), Phase::Open | Phase::Press) {
        ASKED.set(Some((kept, took.as_secs_f64() * 1000.0)));
    }
}

/// The first page's Export button: pressed once it has shown for a moment.
pub fn export_button(button: &gtk::Button) {
    if phase() == Phase::Off {
        return;
    }
    button.connect_map(|button| {
        let button = button.downgrade();
        glib::timeout_add_local_once(SETTLE, move || {
            let Some(button) = button.upgrade() else {
                return;
            };
            if phase() != Phase::Press || !button.is_mapped() {
                return;
            }
            if !button.is_sensitive() {
                println!("export: FAILED: the Export button cannot be pressed");
                quit();
                return;
            }
            AT_PRESS.set(scheduled());
            PHASE.set(Phase::Pressed(Instant::now()));
            button.emit_clicked();
        });
    });
}

/// The Done page was pushed onto `navigation`: report after the first frame
/// that paints it.
pub fn done_pushed(
    navigation: &impl IsA<gtk::Widget>,
    page: &impl IsA<gtk::Widget>,
    identical: bool,
) {
    let Phase::Pressed(pressed) = phase() else {
        return;
    };
    // The export's result is in: the rest is the window's.
    let result_in = pressed.elapsed().as_secs_f64() * 1000.0;
    let (at_press, now) = (AT_PRESS.get(), scheduled());
    let ms = |ns: u64| ns as f64 / 1e6;
    let (ran, waited) = (ms(now.0 - at_press.0), ms(now.1 - at_press.1));
    let Some(clock) = navigation.frame_clock() else {
        println!("export: FAILED: the wizard is not on screen");
        quit();
        return;
    };
    let page = page.as_ref().downgrade();
    let handler = Rc::new(Cell::new(None));
    let own = Rc::clone(&handler);
    let id = clock.connect_after_paint(move |clock| {
        if !page.upgrade().is_some_and(|p| p.is_mapped()) {
            return;
        }
        if let Some(id) = own.take() {
            clock.disconnect(id);
        }
        let ms = pressed.elapsed().as_secs_f64() * 1000.0;
        // What the app's threads did from the result to this frame: the
        // page's own work, against the wall time it took.
        let after = scheduled();
        let (frame_ran, frame_waited) = (
            (after.0 - now.0) as f64 / 1e6,
            (after.1 - now.1) as f64 / 1e6,
        );
        let asked = match ASKED.get() {
            Some((kept, took)) => format!(
                "asked ahead, before the press: {kept} inputs in {took:.1} ms"
            ),
            None => "asked ahead, before the press: nothing".to_owned(),
        };
        let verdict = if identical {
            "every package identical"
        } else {
            "NOT every package identical"
        };
        println!(
            "export: {ms:.1} ms from pressing Export to the Done page (its result in after {result_in:.1} ms; until then the app's threads ran {ran:.1} ms and waited {waited:.1} ms for a processor; from then to the frame they ran {frame_ran:.1} ms and waited {frame_waited:.1} ms; {asked}); {verdict}"
        );
        PHASE.set(Phase::Reported);
        quit();
    });
    handler.set(Some(id));
    navigation.queue_draw();
}

/// The pressed export failed or was cancelled.
pub fn failed(why: &str) {
    if matches!(phase(), Phase::Pressed(_)) {
        println!("export: FAILED: {}", why.replace('\n', " "));
        PHASE.set(Phase::Reported);
        quit();
    }
}

fn quit() {
    relm4::main_application().quit();
}
