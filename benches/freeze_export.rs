//! The wizard's one-click export against `frost freeze`, side by side on
//! the fixture profile (8 elements, real Nix, offline):
//! - the app (`FROST_BENCH_EXPORT=1`, see src/bench_export.rs) opens the
//!   Freeze to Flake wizard, presses Export on its first page and reports
//!   the time from the press to the first frame that paints the Done page;
//!   the wizard asks Nix about the profile's inputs when it opens, while
//!   its first page shows (as it does for a person reading it), and the
//!   bench says how long that took and whether it was done by the press;
//! - `frost freeze --git --verify --profile P --out ~/nix-profile-flake`,
//!   the same choices (all packages, exact versions, Git, a check), timed
//!   as a process from start to exit.
//!
//! Both write into the same new folder, the default one, removed before
//! every run; each does one run first that is not counted, so both find
//! the Nix store and its caches as warm; the runs alternate, so a busy
//! moment on the machine weighs on both alike. Every run must leave the
//! same flake.nix and flake.lock, a Git repository of one commit, and
//! find every package identical. Target: the wizard's median within 10% of
//! the CLI's, said as met or MISSED like window_speed's targets (a run
//! that does not finish, or writes other files, fails).
//!
//! Runs inside tests/ui/session.sh (a private Xvfb and D-Bus). `frost` is
//! the one built beside `frost-gui`: run with `cargo bench --workspace`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use frost_testkit::FixtureProfile;

const GUI: &str = env!("CARGO_BIN_EXE_frost-gui");
const RUNS: usize = 11;
/// The wizard's median over the CLI's.
const TARGET_RATIO: f64 = 1.10;
/// Far beyond a run on a busy machine (a few seconds): a hung app fails.
const TIMEOUT: Duration = Duration::from_secs(300);

/// The `frost` command line, built beside `frost-gui` by `cargo bench
/// --workspace`.
fn frost_cli() -> PathBuf {
    let cli = Path::new(GUI).with_file_name("frost");
    assert!(
        cli.is_file(),
        "{} is missing: run the benchmark with cargo bench --workspace",
        cli.display()
    );
    cli
}

/// The folder both write into, new for every run.
fn fresh_folder(fixture: &FixtureProfile) -> PathBuf {
    let out = fixture.sandbox.home().join("nix-profile-flake");
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
    out
}

/// What a run left in `out`: flake.nix and flake.lock, after checking it
/// is a Git repository of one commit with nothing left out.
fn written(out: &Path) -> (String, String) {
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .arg("-C")
            .arg(out)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("git: {e}"));
        assert!(output.status.success(), "git {args:?} in {}", out.display());
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    };
    assert_eq!(git(&["rev-list", "--count", "HEAD"]), "1");
    assert_eq!(git(&["status", "--porcelain"]), "");
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", out.join(name).display()))
    };
    (read("flake.nix"), read("flake.lock"))
}

/// One export in the app: milliseconds from pressing Export to the Done
/// page, and to the export's result reaching the wizard, as the app
/// measured them.
fn wizard_once(fixture: &FixtureProfile) -> (f64, ResultIn, (String, String)) {
    let out = fresh_folder(fixture);
    let mut child = fixture
        .sandbox
        .command(GUI)
        .arg(&fixture.profile)
        .env("FROST_BENCH_EXPORT", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {GUI}: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("export:") {
                let _ = tx.send(line);
            }
        }
    });
    let line = rx.recv_timeout(TIMEOUT);
    if line.is_err() {
        let _ = child.kill();
    }
    let _ = child.wait();
    let line =
        line.unwrap_or_else(|_| panic!("frost-gui quit or hung without finishing the export"));
    // "export: 1234.5 ms from pressing Export to the Done page (its result
    // in after 1200.0 ms; until then the app's threads ran 30.1 ms and
    // waited 2.0 ms for a processor); every package identical"
    assert!(line.ends_with("; every package identical"), "{line}");
    // The number after the first `after` in `text`, a part of the line.
    let number_in = |text: &str, after: &str| -> f64 {
        text.split(after)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{line}"))
    };
    let number = |after: &str| number_in(&line, after);
    let frame = line.split("to the frame").nth(1).unwrap_or_default();
    let in_frame = |after: &str| number_in(frame, after);
    // "…; asked ahead, before the press: 2 inputs in 61.0 ms)" or "…:
    // nothing)".
    let ahead = line
        .split("before the press: ")
        .nth(1)
        .and_then(|rest| rest.split(" inputs in ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok());
    let result = ResultIn {
        ahead,
        result_in: number("result in after"),
        ran: number("threads ran"),
        waited: number("and waited"),
        frame_ran: in_frame("they ran"),
        frame_waited: in_frame("and waited"),
    };
    (number("export:"), result, written(&out))
}

/// When the export's result came in, and what the app's own threads did
/// until then.
struct ResultIn {
    /// How long the wizard's questions to Nix took when it opened, if they
    /// were answered before the press.
    ahead: Option<f64>,
    result_in: f64,
    ran: f64,
    waited: f64,
    /// From the result to the Done page's first frame.
    frame_ran: f64,
    frame_waited: f64,
}

/// The same freeze and check through `frost freeze`: milliseconds from
/// starting the process to its exit.
fn cli_once(fixture: &FixtureProfile, cli: &Path) -> (f64, (String, String)) {
    let out = fresh_folder(fixture);
    let mut command = fixture.sandbox.command(cli);
    command
        .args(["freeze", "--git", "--verify", "--profile"])
        .arg(&fixture.profile)
        .arg("--out")
        .arg(&out);
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    // It exits with failure unless every package is identical.
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (ms, written(&out))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn list(v: &[f64]) -> String {
    v.iter()
        .map(|ms| format!("{ms:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    common::enter_session();
    let cli = frost_cli();
    let fixture = FixtureProfile::build().unwrap_or_else(|e| panic!("{e}"));

    println!(
        "freeze_export: the wizard's Export (press to Done page) and frost freeze --git --verify (process start to exit), fixture profile, {RUNS} runs each after one not counted, alternating"
    );
    // Not counted: the first evaluation of the fixture's flakes, Git's and
    // Nix's first look at the folder.
    let (first_wizard, _, files) = wizard_once(&fixture);
    let (first_cli, cli_files) = cli_once(&fixture, &cli);
    assert!(
        files == cli_files,
        "the wizard and frost freeze wrote different files"
    );
    let (mut wizard, mut command) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    let mut result_in = Vec::with_capacity(RUNS);
    let (mut ran, mut waited) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    let (mut frame_wall, mut frame_ran) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    let mut frame_waited = Vec::with_capacity(RUNS);
    let mut ahead = Vec::with_capacity(RUNS);
    for round in 0..RUNS {
        let mut run_wizard = || {
            let (ms, result, written) = wizard_once(&fixture);
            assert!(written == files, "the wizard wrote other files this time");
            wizard.push(ms);
            result_in.push(result.result_in);
            ran.push(result.ran);
            waited.push(result.waited);
            frame_wall.push(ms - result.result_in);
            frame_ran.push(result.frame_ran);
            frame_waited.push(result.frame_waited);
            ahead.push(result.ahead);
        };
        let mut run_cli = || {
            let (ms, written) = cli_once(&fixture, &cli);
            assert!(written == files, "frost freeze wrote other files this time");
            command.push(ms);
        };
        if round % 2 == 0 {
            run_wizard();
            run_cli();
        } else {
            run_cli();
            run_wizard();
        }
    }
    let (w, c) = (median(wizard.clone()), median(command.clone()));
    println!(
        "  wizard:       median {w:7.0} ms ({}; not counted {first_wizard:.0})",
        list(&wizard)
    );
    println!(
        "    of which the export's result reaching the wizard: median {:.0} ms ({})",
        median(result_in.clone()),
        list(&result_in)
    );
    println!(
        "    the app's own threads until then: median {:.0} ms on a processor ({}), {:.0} ms waiting for one ({})",
        median(ran.clone()),
        list(&ran),
        median(waited.clone()),
        list(&waited)
    );
    println!(
        "    then the Done page's first frame: median {:.0} ms ({}), in which the app's threads ran {:.0} ms ({}) and waited {:.0} ms for a processor ({})",
        median(frame_wall.clone()),
        list(&frame_wall),
        median(frame_ran.clone()),
        list(&frame_ran),
        median(frame_waited.clone()),
        list(&frame_waited)
    );
    let answered: Vec<f64> = ahead.iter().flatten().copied().collect();
    if answered.is_empty() {
        println!("    asked ahead when the wizard opened: nothing answered before the press");
    } else {
        println!(
            "    asked ahead when the wizard opened (the inputs' nix flake metadata, while the first page showed, not counted above): answered before the press in {} of {RUNS} runs, median {:.0} ms ({})",
            answered.len(),
            median(answered.clone()),
            list(&answered)
        );
    }
    println!(
        "  frost freeze: median {c:7.0} ms ({}; not counted {first_cli:.0})",
        list(&command)
    );
    let ratio = w / c;
    let verdict = if ratio <= TARGET_RATIO {
        "met"
    } else {
        "MISSED"
    };
    println!(
        "  wizard / CLI: {ratio:.2}× ({:+.0}%); target: no more than {:.0}% added: {verdict}",
        (ratio - 1.0) * 100.0,
        (TARGET_RATIO - 1.0) * 100.0
    );
}
