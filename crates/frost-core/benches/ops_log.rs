//! A million `@nix` lines through what an operation does with them: the
//! parser, the progress model and the log (the worker's pending lines, taken
//! as a window would every 50 ms, applied to the window's own log model).
//!
//! Targets: the parser reads over 1,000,000 lines/s, and the log model stays
//! bounded, under 50 MB, however many lines go by. Memory is measured by a
//! counting global allocator (every byte requested and not yet freed), not
//! estimated. Run with `cargo bench -p frost-core --bench ops_log`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use frost_core::nix::{parse_line, LogEvent};
use frost_core::ops::{LogModel, Monitor};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; only
// the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const LINES: usize = 1_000_000;
/// Distinct lines generated, then cycled: keeps the input's own memory
/// small next to what is measured.
const POOL: usize = 1 << 16;
/// Lines between two updates: a build printing 400,000 lines/s, updated
/// every 50 ms.
const BATCH: usize = 20_000;
const PARSER_TARGET: f64 = 1_000_000.0;
const MEMORY_TARGET: usize = 50_000_000;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let pool = synthetic_log(POOL, 120);
    let line = |i: usize| pool[i % POOL].as_str();

    // 1. The parser alone.
    for i in 0..POOL {
        black_box(parse_line(black_box(line(i))));
    }
    let start = Instant::now();
    let mut text = 0usize;
    for i in 0..LINES {
        if let LogEvent::Text(_) = black_box(parse_line(black_box(line(i)))) {
            text += 1;
        }
    }
    let parse_rate = LINES as f64 / start.elapsed().as_secs_f64();
    assert_eq!(text, 0, "every synthetic line is valid internal-json");
    println!("parse_line: {LINES} lines at {parse_rate:.0} lines/s");

    // 2. Parser, progress model and log, as an operation runs them.
    let (rate, peak, view) = pipeline(LINES, line);
    println!(
        "parse + progress + log: {LINES} lines at {rate:.0} lines/s; \
         the window's log holds {} lines ({:.1} MB counted by the model), dropped {}",
        view.len(),
        mb(view.bytes_held()),
        view.dropped()
    );
    println!(
        "  heap: peak {:.1} MB above the start for everything (parsing, progress, both logs); \
         the window's log model alone {:.1} MB",
        mb(peak.everything),
        mb(peak.model)
    );

    // 3. The worst case for memory: every line as long as a line can be kept.
    let long = synthetic_log(256, 20_000);
    let long_lines = 50_000;
    let (long_rate, long_peak, long_view) = pipeline(long_lines, |i| long[i % 256].as_str());
    println!(
        "long lines (20 kB each): {long_lines} lines at {long_rate:.0} lines/s; the log holds {} lines, \
         heap peak {:.1} MB for everything, {:.1} MB for the window's log model",
        long_view.len(),
        mb(long_peak.everything),
        mb(long_peak.model)
    );

    println!(
        "parser over {PARSER_TARGET:.0} lines/s: {}",
        if parse_rate > PARSER_TARGET {
            "yes"
        } else {
            "NO"
        }
    );
    let worst = peak.everything.max(long_peak.everything);
    println!(
        "log model bounded, under {:.0} MB (peak heap of the whole pipeline, worst case {:.1} MB): {}",
        mb(MEMORY_TARGET),
        mb(worst),
        if worst < MEMORY_TARGET { "yes" } else { "NO" }
    );
}

struct Peak {
    /// Highest heap use above the start while the lines went through.
    everything: usize,
    /// Heap held by the window's log model at the end, on its own.
    model: usize,
}

fn pipeline<'a>(count: usize, line: impl Fn(usize) -> &'a str) -> (f64, Peak, LogModel) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let mut monitor = Monitor::default();
    let mut view = LogModel::new();
    for i in 0..count {
        monitor.observe(&parse_line(line(i)));
        if i % BATCH == BATCH - 1 {
            let update = monitor.take_update();
            black_box(&update.progress);
            view.apply(update.log);
        }
    }
    view.apply(monitor.take_update().log);
    let rate = count as f64 / start.elapsed().as_secs_f64();
    let everything = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    drop(monitor);
    let model = CURRENT.load(Ordering::Relaxed).saturating_sub(base);
    (rate, Peak { everything, model }, view)
}

/// Lines shaped like Nix 2.26's (tests/fixtures/internal-json), mixed like a
/// busy build: mostly build output, then progress, activities starting and
/// stopping, a few messages. `width` is the length of a build line.
fn synthetic_log(count: usize, width: usize) -> Vec<String> {
    let base: u64 = 3_000_000 << 32;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    (0..count)
        .map(|i| {
            let id = base + (i as u64 % 64);
            let drv = format!("/nix/store/{:032x}-pkg{}-1.{}.drv", next(), i % 97, i % 7);
            match next() % 100 {
                0..=59 => {
                    let mut text = match next() % 50 {
                        0 => format!("src/m{}.c:3:5: warning: unused variable 'x'", i % 300),
                        1 => format!("src/m{}.c:9:1: error: expected ';'", i % 300),
                        2 => "\\u001b[32mPASS\\u001b[0m test_module".to_owned(),
                        _ => format!("[{}/500] CC src/module_{}.o -O2 -Wall -fPIC", i % 500, next() % 1000),
                    };
                    while text.len() < width {
                        text.push_str(" -DFROST_PADDING");
                    }
                    format!(r#"@nix {{"action":"result","fields":["{text}"],"id":{id},"type":101}}"#)
                }
                60..=84 => format!(
                    r#"@nix {{"action":"result","fields":[{},{},{},0],"id":{id},"type":105}}"#,
                    next() % 1_000_000,
                    1_000_000,
                    next() % 4
                ),
                85..=89 => format!(
                    r#"@nix {{"action":"result","fields":[{},{}],"id":{id},"type":106}}"#,
                    100 + next() % 2,
                    next() % 10_000_000
                ),
                90..=94 => format!(
                    r#"@nix {{"action":"start","fields":["{drv}","",1,1],"id":{id},"level":3,"parent":0,"text":"building '{drv}'","type":105}}"#
                ),
                95..=98 => format!(r#"@nix {{"action":"stop","id":{id}}}"#),
                _ => format!(
                    r#"@nix {{"action":"msg","level":1,"msg":"\u001b[35;1mwarning:\u001b[0m Git tree '{}' is dirty"}}"#,
                    i % 13
                ),
            }
        })
        .collect()
}
