//! The log view under a flood: updating a package whose build prints
//! 1,000,000 lines (the scenario flake's `chatty`, every 10,000th a warning)
//! with the log open, in the real app on real Nix (src/bench_log.rs says
//! what the app measures). Reported: the time each group of lines takes to
//! go into the view (target: none longer than a 60 Hz frame, 16.7 ms), the
//! work of each frame, and the app's peak memory.
//!
//! Runs inside tests/ui/session.sh (a private Xvfb and D-Bus), software
//! rendering included; Nix, its builder and Frost share the machine's cores.

mod common;

use frost_testkit::{FixtureProfile, CHATTY_LINES};

const BINARY: &str = env!("CARGO_BIN_EXE_frost-gui");
const RUNS: usize = 3;
const FRAME_MS: f64 = 1000.0 / 60.0;

/// One update of a fresh fixture (a fresh build: the scenario's derivations
/// are unique to their sandbox); the app's `log:` lines.
fn run_once() -> Vec<String> {
    let fixture = FixtureProfile::build().unwrap_or_else(|e| panic!("{e}"));
    let scenario = fixture.add_scenario().unwrap_or_else(|e| panic!("{e}"));
    scenario
        .rebind("greeter", "chatty")
        .unwrap_or_else(|e| panic!("{e}"));
    let output = fixture
        .sandbox
        .command(BINARY)
        .arg(&fixture.profile)
        .env("FROST_BENCH_LOG", "greeter")
        .output()
        .unwrap_or_else(|e| panic!("cannot start {BINARY}: {e}"));
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("log: ").map(str::to_owned))
        .collect();
    assert!(
        lines.iter().any(|l| l.starts_with("update succeeded")),
        "the update did not succeed:\n{}\n{}",
        lines.join("\n"),
        String::from_utf8_lossy(&output.stderr)
    );
    lines
}

/// The number after `label` in a summary line.
fn figure(line: &str, label: &str) -> f64 {
    line.split(label)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.trim_end_matches([',', ':']).parse().ok())
        .unwrap_or(f64::NAN)
}

fn find<'a>(lines: &'a [String], start: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.starts_with(start))
        .map_or("", String::as_str)
}

fn main() {
    common::enter_session();

    println!(
        "log_view: updating a package whose build prints {CHATTY_LINES} lines, log open, {RUNS} runs (the run with the median slowest apply shown)"
    );
    let mut runs: Vec<Vec<String>> = (0..RUNS).map(|_| run_once()).collect();
    runs.sort_by(|a, b| {
        let slowest = |r: &Vec<String>| figure(find(r, "lines shown"), "slowest");
        slowest(a).total_cmp(&slowest(b))
    });
    let run = &runs[runs.len() / 2];
    for line in run {
        println!("  {line}");
    }
    let slowest = figure(find(run, "lines shown"), "slowest");
    let verdict = if slowest <= FRAME_MS { "met" } else { "MISSED" };
    println!("  target: lines go in within one frame ({FRAME_MS:.1} ms): {verdict}");
}
