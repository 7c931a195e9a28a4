//! The progress model and the log on event streams real Nix 2.26.3 wrote
//! (tests/fixtures/internal-json, captured by the runner's tests): the
//! phrases follow what Nix did step by step, the totals end where Nix's own
//! bar would, and the log holds what `nix … -L` would print.

use std::path::Path;

use frost_core::nix::parse_line;
use frost_core::ops::{LineKind, LogModel, Monitor, Progress, Tally};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/internal-json")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Feeds every line; returns the phrases in order (repeats merged), the
/// last progress and the whole log as a view would hold it.
fn replay(name: &str) -> (Vec<Option<String>>, Progress, LogModel, Monitor) {
    let mut monitor = Monitor::default();
    let mut view = LogModel::new();
    let mut phrases: Vec<Option<String>> = vec![None];
    for line in fixture(name).lines() {
        monitor.observe(&parse_line(line));
        let update = monitor.take_update();
        view.apply(update.log);
        if phrases.last() != Some(&update.progress.phrase) {
            phrases.push(update.progress.phrase);
        }
    }
    (phrases, monitor.progress(), view, monitor)
}

fn texts(log: &LogModel) -> Vec<String> {
    log.iter().map(frost_core::ops::log::display_line).collect()
}

#[test]
fn a_profile_install_is_followed_step_by_step() {
    let (phrases, last, log, _) = replay("nix-2.26.3-profile-install.log");
    let phrase = |s: &str| Some(s.to_owned());
    assert_eq!(
        phrases,
        [
            None,
            phrase("Evaluating…"),
            phrase("Copying sources to the store…"),
            phrase("Evaluating…"),
            phrase("Copying sources to the store…"),
            phrase("Evaluating…"),
            None,
            phrase("Building…"),
            phrase("Building hello-frost"),
            None,
        ]
    );
    assert_eq!(
        last.builds,
        Tally {
            done: 1,
            expected: 1,
            running: 0,
            failed: 0
        }
    );
    assert_eq!(last.fraction, None);
    let drv = "/nix/store/fc70kvgcxh9q5cgpsrfha91nj0zn1klf-hello-frost.drv";
    assert_eq!(
        texts(&log),
        [
            "this derivation will be built:".to_owned(),
            format!("  {drv}"),
            format!("building '{drv}'..."),
            "hello-frost> configuring hello".to_owned(),
            "hello-frost> building hello".to_owned(),
            "hello-frost> all tests passed".to_owned(),
            "hello-frost> a warning on stderr".to_owned(),
        ]
    );
    assert!(log.iter().skip(3).all(|l| l.kind == LineKind::Build));
}

#[test]
fn a_copy_is_shown_in_bytes_until_its_activities_stop() {
    let (phrases, last, _, _) = replay("nix-2.26.3-copy-to-cache.log");
    for expected in [
        "Copying 0 bytes of 456 bytes",
        "Copying 73 bytes of 456 bytes",
        "Copying 449 bytes of 456 bytes",
    ] {
        assert!(
            phrases.iter().any(|p| p.as_deref() == Some(expected)),
            "{expected:?} in {phrases:?}"
        );
    }
    assert_eq!(phrases.last(), Some(&None));
    // Nix reported 449 of the 456 bytes it announced; once the announcing
    // activity stops, what was done is what counts (as in Nix's bar).
    assert_eq!(
        last.copied_bytes,
        Tally {
            done: 449,
            expected: 449,
            running: 0,
            failed: 0
        }
    );
    assert_eq!((last.copies.done, last.copies.expected), (1, 1));
}

#[test]
fn a_failed_build_counts_as_failed_and_its_error_ends_the_log() {
    let (_, last, log, monitor) = replay("nix-2.26.3-build-failure.log");
    assert_eq!(last.builds.failed, 1);
    assert_eq!(last.builds.done, 0);
    let lines = texts(&log);
    assert!(lines.contains(&"broken-frost> compiling broken".to_owned()));
    let error = log.iter().last().expect("lines");
    assert_eq!(error.kind, LineKind::Error);
    assert!(error.text.starts_with("error: builder for '/nix/store/"));
    assert_eq!(log.counts().errors, 1);
    assert_eq!(monitor.tail().last(), log.iter().last());
}

#[test]
fn an_interrupted_build_and_other_messages_are_classified() {
    let (_, _, log, _) = replay("nix-2.26.3-interrupted.log");
    let last = log.iter().last().expect("lines");
    assert_eq!(
        (last.kind, &*last.text),
        (LineKind::Error, "error: interrupted by the user")
    );
    assert!(texts(&log).contains(&"slow-frost> starting a long build".to_owned()));

    let (_, _, log, monitor) = replay("nix-2.26.3-warning-and-trace.log");
    let kinds: Vec<(LineKind, &str)> = log.iter().map(|l| (l.kind, &*l.text)).collect();
    assert_eq!(
        kinds,
        [
            (
                LineKind::Warning,
                "warning: unknown setting 'frost-bogus-setting'"
            ),
            (LineKind::Info, "trace: tracing frost"),
        ]
    );
    assert_eq!(
        monitor.warnings(),
        ["unknown setting 'frost-bogus-setting'"]
    );

    let (_, _, log, _) = replay("nix-2.26.3-eval-error.log");
    assert!(log.len() > 1, "a message of several lines");
    assert!(log.iter().all(|l| l.kind == LineKind::Error));
    assert_eq!(
        log.get(0).map(|l| &*l.text),
        Some("error: cannot add a string to an integer")
    );
}

#[test]
fn every_fixture_replays_without_surprises() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/internal-json");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let name = entry.expect("entry").file_name();
        let (_, last, log, _) = replay(&name.to_string_lossy());
        // Every activity stopped: nothing is left in progress or running.
        for tally in [
            last.builds,
            last.copies,
            last.copied_bytes,
            last.downloaded_bytes,
        ] {
            assert!(!tally.in_progress(), "{name:?}: {tally:?}");
        }
        assert!(!log.is_empty(), "{name:?} says something");
        seen += 1;
    }
    assert!(seen >= 7);
}
