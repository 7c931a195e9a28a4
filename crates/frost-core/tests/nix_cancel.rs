//! Cancelling leaves nothing behind: not Nix, not its builder (which runs in
//! a session of its own), not a child that ignores SIGTERM.

mod common;

use std::time::Duration;

use common::{
    eventually, fake_nix, group_exists, processes_with, spawn, within, KillOnDrop, Sandbox,
};
use frost_core::nix::{Field, LogEvent, NixCommand, ResultType, CANCEL_GRACE};
use frost_core::Error;

#[tokio::test]
async fn cancelling_a_real_build_stops_nix_and_its_builder() {
    let sandbox = Sandbox::new();
    let flake = sandbox.flake("slow");
    let mut nix = sandbox
        .nix(["build", "--no-link", &flake])
        .spawn()
        .expect("spawn");
    let pgid = nix.id().expect("running");
    let _cleanup = KillOnDrop(sandbox.nonce.clone());

    // The first log line arrives while the build is still running: events
    // are streamed, not collected at the end.
    loop {
        match within("slow build log", nix.next_event()).await {
            Some(LogEvent::Result {
                result: ResultType::BuildLogLine,
                fields,
                ..
            }) if fields == [Field::Str("starting a long build".into())] => break,
            Some(_) => {}
            None => panic!("Nix stopped before the build printed anything"),
        }
    }
    assert!(
        eventually(Duration::from_secs(60), || processes_with(&sandbox.nonce)
            .len()
            >= 2),
        "the builder and its sleep are running"
    );

    let canceller = nix.canceller();
    std::thread::spawn(move || canceller.cancel())
        .join()
        .expect("cancel from another thread");

    let mut after_cancel = Vec::new();
    while let Some(event) = within("log after cancel", nix.next_event()).await {
        after_cancel.push(event);
    }
    let result = within("cancelled build", nix.wait()).await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    // Nix stopped by itself on SIGTERM, which is what lets it kill its
    // builder; a SIGKILL would have left the builder running.
    assert!(
        after_cancel.iter().any(|e| matches!(e,
            LogEvent::Msg { level: 0, msg, .. } if msg == "error: interrupted by the user")),
        "{after_cancel:?}"
    );
    assert!(!group_exists(pgid));
    assert_eq!(processes_with(&sandbox.nonce), Vec::<u32>::new());
}

#[tokio::test]
async fn a_nix_that_ignores_sigterm_is_killed_with_everything_it_started() {
    let dir = tempfile::tempdir().expect("tempdir");
    let marker = format!("FROST_TEST_MARKER={}", dir.path().display());
    let _cleanup = KillOnDrop(marker.clone());
    // Like a builder: a child in a session of its own, ignoring SIGTERM and
    // holding stderr open.
    let script = fake_nix(
        dir.path(),
        "trap '' TERM\n\
         setsid sh -c \"trap '' TERM; exec sleep 1000\" &\n\
         echo '@nix {\"action\":\"msg\",\"level\":3,\"msg\":\"ready\"}' >&2\n\
         wait",
    );
    let mut nix = spawn(
        NixCommand::new(["build"])
            .nix_binary(script)
            .env("FROST_TEST_MARKER", dir.path()),
    );
    let pgid = nix.id().expect("running");
    let first = within("first line", nix.next_event()).await;
    assert!(
        matches!(&first, Some(LogEvent::Msg { msg, .. }) if msg == "ready"),
        "{first:?}"
    );
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &marker
    )
    .len()
        == 2));

    let started = std::time::Instant::now();
    nix.canceller().cancel();
    let result = within("stubborn nix", nix.wait()).await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(started.elapsed() >= CANCEL_GRACE, "only SIGKILL stops it");
    assert!(!group_exists(pgid));
    assert_eq!(processes_with(&marker), Vec::<u32>::new());
}

#[tokio::test]
async fn dropping_a_running_nix_cancels_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let marker = format!("FROST_TEST_MARKER={}", dir.path().display());
    let _cleanup = KillOnDrop(marker.clone());
    let script = fake_nix(dir.path(), "exec sleep 1000");
    let nix = spawn(
        NixCommand::new(["build"])
            .nix_binary(script)
            .env("FROST_TEST_MARKER", dir.path()),
    );
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &marker
    )
    .len()
        == 1));
    drop(nix);
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &marker
    )
    .is_empty()));
}

#[tokio::test]
async fn cancelling_after_the_end_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = fake_nix(dir.path(), "echo done");
    let nix = spawn(NixCommand::new(["eval"]).nix_binary(script));
    let canceller = nix.canceller();
    let output = within("quick nix", nix.wait()).await.expect("succeeds");
    assert_eq!(output.stdout, b"done\n");
    canceller.cancel();
    assert!(!canceller.is_cancelled());
}
