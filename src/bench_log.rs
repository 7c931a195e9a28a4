//! `FROST_BENCH_LOG=NAME frost-gui PROFILE`: once the list shows, updates
//! the element NAME with the log open and measures the main loop while the
//! log streams in: each batch applied to the log view, and each frame's
//! work (from the frame clock's before-paint to its after-paint). When the
//! update ends it prints the figures and the process's peak memory, and
//! quits. benches/log_view.rs runs it on a build that prints a million
//! lines.

use std::cell::RefCell;
use std::time::Instant;

use relm4::gtk::{self, prelude::*};

const VARIABLE: &str = "FROST_BENCH_LOG";
const FRAME_MS: f64 = 1000.0 / 60.0;

#[derive(Default)]
struct Figures {
    applies: Vec<f64>,
    frames: Vec<f64>,
    lines: u64,
    frame_start: Option<Instant>,
    started: Option<Instant>,
}

thread_local! {
    static FIGURES: RefCell<Option<Figures>> = const { RefCell::new(None) };
}

/// The element to update, once: `None` unless benchmarking.
pub fn take_element() -> Option<String> {
    let name = std::env::var(VARIABLE).ok().filter(|n| !n.is_empty())?;
    let first = FIGURES.with_borrow_mut(|f| {
        let first = f.is_none();
        f.get_or_insert_with(|| Figures {
            started: Some(Instant::now()),
            ..Figures::default()
        });
        first
    });
    first.then_some(name)
}

/// `lines` went into the log view, starting at `started` (its signals and
/// the scrolling included).
pub fn applied(started: Instant, lines: usize) {
    FIGURES.with_borrow_mut(|f| {
        if let Some(f) = f {
            f.applies.push(started.elapsed().as_secs_f64() * 1000.0);
            f.lines += lines as u64;
        }
    });
}

/// Times every frame of `widget`'s window while benchmarking.
pub fn watch_frames(widget: &impl IsA<gtk::Widget>) {
    if std::env::var_os(VARIABLE).is_none() {
        return;
    }
    widget.connect_realize(|widget| {
        let Some(clock) = widget.frame_clock() else {
            return;
        };
        clock.connect_before_paint(|_| {
            FIGURES.with_borrow_mut(|f| {
                if let Some(f) = f {
                    f.frame_start = Some(Instant::now());
                }
            });
        });
        clock.connect_after_paint(|_| {
            FIGURES.with_borrow_mut(|f| {
                if let Some(f) = f {
                    if let Some(start) = f.frame_start.take() {
                        f.frames.push(start.elapsed().as_secs_f64() * 1000.0);
                    }
                }
            });
        });
    });
}

fn summary(label: &str, values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        values
            .get(((values.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let slow = values.iter().filter(|&&ms| ms > FRAME_MS).count();
    format!(
        "{label}: {} times, median {:.2} ms, 95th percentile {:.2} ms, slowest {:.2} ms, over {FRAME_MS:.1} ms: {slow}",
        values.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    )
}

/// Peak resident memory of this process, from the kernel.
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The benchmarked update ended: print and quit.
pub fn finished(succeeded: bool) {
    let Some(mut f) = FIGURES.with_borrow_mut(Option::take) else {
        return;
    };
    let seconds = f.started.map_or(0.0, |s| s.elapsed().as_secs_f64());
    println!(
        "log: update {} after {seconds:.1} s, {} lines applied",
        if succeeded { "succeeded" } else { "FAILED" },
        f.lines
    );
    println!("log: {}", summary("lines shown (one go)", &mut f.applies));
    println!("log: {}", summary("frames", &mut f.frames));
    println!(
        "log: peak memory {} kB",
        peak_memory_kb().map_or_else(|| "?".to_owned(), |k| k.to_string())
    );
    relm4::main_application().quit();
}
