//! The window's speed (see src/bench.rs for the modes it runs the app in):
//! - start-up, from starting `frost-gui` to the first frame that shows the
//!   package list, on the fixture profile (8 elements) and on a real
//!   1,000-element profile. Target: under 300 ms for 1,000 elements.
//! - scrolling the 1,000-element list from top to bottom, half a screen per
//!   frame: each frame's work, against the 16.7 ms of a 60 Hz frame, and
//!   side by side against a bare GtkListView of the same rows (the same
//!   widgets, texts, icons and style) scrolled the same way in the same app.
//!   Target: within 1.3× of the bare list.
//!
//! Runs inside tests/ui/session.sh (a private Xvfb and D-Bus), so it
//! measures the real app, X and software rendering included.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use frost_testkit::{FixtureProfile, LargeProfile, NixSandbox};

const BINARY: &str = env!("CARGO_BIN_EXE_frost-gui");
const ELEMENTS: usize = 1000;
const RUNS: usize = 7;
const SCROLL_RUNS: usize = 5;
const TARGET_MS: f64 = 300.0;
/// Frost's list against the bare one, median frame to median frame.
const TARGET_RATIO: f64 = 1.3;

/// One start: (from spawning the process, from its `main()`) to the first
/// painted list.
fn start_once(sandbox: &NixSandbox, profile: &Path) -> (Duration, f64) {
    let started = Instant::now();
    let mut child = sandbox
        .command(BINARY)
        .arg(profile)
        .env("FROST_BENCH_FIRST_PAINT", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {BINARY}: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut lines = BufReader::new(stdout).lines();
    let line = lines
        .find_map(|l| l.ok().filter(|l| l.starts_with("first painted list")))
        .unwrap_or_else(|| panic!("frost-gui quit without painting its list"));
    let elapsed = started.elapsed();
    let _ = child.wait();
    // "first painted list: 123.4 ms after main()"
    let from_main = line
        .split_whitespace()
        .find_map(|w| w.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    (elapsed, from_main)
}

/// Scrolls the list once (`mode` "1": Frost's, "bare": a bare list of the
/// same rows); returns the app's summary line.
fn scroll_once(sandbox: &NixSandbox, profile: &Path, mode: &str) -> String {
    let output = sandbox
        .command(BINARY)
        .arg(profile)
        .env("FROST_BENCH_SCROLL", mode)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {BINARY}: {e}"));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find(|l| l.starts_with("scroll:"))
        .unwrap_or_else(|| panic!("frost-gui quit without scrolling"))
        .to_owned()
}

/// The number after `label` in a summary line.
fn figure(line: &str, label: &str) -> f64 {
    line.split(label)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.trim_end_matches([',', ':', ';']).parse().ok())
        .unwrap_or(f64::NAN)
}

fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

fn measure(label: &str, sandbox: &NixSandbox, profile: &Path) -> f64 {
    // The first start after building reads every store path and fills the
    // description cache; it is reported on its own.
    let (first, _) = start_once(sandbox, profile);
    let runs: Vec<(Duration, f64)> = (0..RUNS).map(|_| start_once(sandbox, profile)).collect();
    let spawn = median(runs.iter().map(|r| r.0).collect::<Vec<_>>());
    let main = median(runs.iter().map(|r| r.1).collect::<Vec<_>>());
    let ms = spawn.as_secs_f64() * 1e3;
    println!(
        "  {label:<28} {ms:7.1} ms from starting the process ({main:.1} ms from main()); first start {:.1} ms",
        first.as_secs_f64() * 1e3
    );
    ms
}

fn main() {
    common::enter_session();

    let fixture = FixtureProfile::build().unwrap_or_else(|e| panic!("{e}"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-gui-large-profile");
    let _ = std::fs::remove_dir_all(&dir);
    let sandbox = NixSandbox::at(&dir).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("building a {ELEMENTS}-element profile with nix (about a minute the first time)…");
    let large = LargeProfile::build_in(sandbox, ELEMENTS).unwrap_or_else(|e| panic!("{e}"));

    println!("first_paint: frost-gui start to first painted list, median of {RUNS} starts");
    measure("fixture, 8 elements", &fixture.sandbox, &fixture.profile);
    let ms = measure(
        &format!("{ELEMENTS} elements"),
        &large.sandbox,
        &large.profile,
    );
    let verdict = if ms < TARGET_MS { "met" } else { "MISSED" };
    println!("  target: under {TARGET_MS:.0} ms for {ELEMENTS} elements: {verdict}");

    println!(
        "scrolling {ELEMENTS} elements top to bottom, {SCROLL_RUNS} runs each of Frost's list and of a bare GtkListView of the same rows, alternating (the run with the median frame shown)"
    );
    let mut frost = Vec::with_capacity(SCROLL_RUNS);
    let mut bare = Vec::with_capacity(SCROLL_RUNS);
    // Alternating, so a busy moment on the machine weighs on both alike.
    for _ in 0..SCROLL_RUNS {
        frost.push(scroll_once(&large.sandbox, &large.profile, "1"));
        bare.push(scroll_once(&large.sandbox, &large.profile, "bare"));
    }
    let median_run = |runs: &mut Vec<String>| {
        runs.sort_by(|a, b| figure(a, "median").total_cmp(&figure(b, "median")));
        runs[runs.len() / 2].clone()
    };
    let (frost, bare) = (median_run(&mut frost), median_run(&mut bare));
    println!("  Frost: {}", frost.trim_start_matches("scroll: "));
    println!("  bare:  {}", bare.trim_start_matches("scroll: "));
    let ratio = figure(&frost, "median") / figure(&bare, "median");
    let (slow, bare_slow) = (figure(&frost, "ms:"), figure(&bare, "ms:"));
    let cpu_ratio = figure(&frost, "CPU median") / figure(&bare, "CPU median");
    println!(
        "  Frost / bare: median {ratio:.2}× (main thread's CPU {cpu_ratio:.2}×), frames over 16.7 ms {slow} / {bare_slow}"
    );
    let verdict = if ratio <= TARGET_RATIO {
        "met"
    } else {
        "MISSED"
    };
    println!("  target: within {TARGET_RATIO}× of the bare list: {verdict}");
    let verdict = match (slow == 0.0, bare_slow == 0.0) {
        (true, _) => "met",
        (false, true) => "MISSED",
        (false, false) => "MISSED, as by the bare list: the machine is busy",
    };
    println!("  target: no frame over 16.7 ms: {verdict}");
}
