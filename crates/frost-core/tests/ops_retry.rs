//! A busy Nix store (see frost_core::nix::busy): what Nix says then is
//! recognised from its real messages, a change that failed without
//! changing anything is tried again and said in the log, a change that
//! happened is never made twice, and when the store stays busy the failure
//! says so in words with the profile as it was.
//!
//! Nix does not fail as busy on demand, so a stand-in `nix`
//! (frost_testkit::BusyNix) fails the first tries of a profile change with
//! Nix's recorded message and then runs the real `nix` on a real profile.

mod common;
mod ops_common;

use common::{fake_nix, spawn};
use frost_core::nix::busy::RETRIES;
use frost_core::nix::{is_transient, NixCommand, Transient};
use frost_core::ops::{explain, Diagnosis, LineKind, Operation};
use frost_core::Error;
use frost_testkit::{BusyNix, BusyTry};
use ops_common::{OpsEnv, Run};

const TRYING_AGAIN: &str = "Nix’s store was busy; trying again…";

fn retries_said(run: &Run) -> usize {
    run.log_lines()
        .iter()
        .filter(|l| l.kind == LineKind::Info && &*l.text == TRYING_AGAIN)
        .count()
}

fn install_greeter(env: &OpsEnv) -> Operation {
    Operation::Install {
        profile: env.profile_path(),
        refs: vec![env.scenario.installable("greeter")],
        priority: None,
    }
}

/// Nix's message as the runner hands it on, from a recorded log.
async fn message_of(log: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/internal-json/nix-2.26.3-{log}.log",
        env!("CARGO_MANIFEST_DIR")
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let script = fake_nix(dir.path(), &format!("cat '{path}' >&2; exit 1"));
    match spawn(NixCommand::new(["profile", "add"]).nix_binary(script))
        .wait()
        .await
    {
        Err(Error::NixFailed { message, .. }) => message,
        other => panic!("{log}: {other:?}"),
    }
}

#[tokio::test]
async fn nixs_real_messages_tell_a_busy_store_from_a_real_failure() {
    for (log, transient) in [
        ("store-busy", Some(Transient::DatabaseBusy)),
        ("first-use-symlink-race", Some(Transient::FirstUse)),
        ("first-use-schema-race", Some(Transient::FirstUse)),
        ("build-failure", None),
        ("eval-error", None),
        ("unknown-command", None),
    ] {
        let message = message_of(log).await;
        assert_eq!(is_transient(&message), transient, "{log}: {message}");
        let diagnosis = explain(&message).map(|e| e.diagnosis);
        assert_eq!(
            diagnosis == Some(Diagnosis::StoreBusy),
            transient.is_some(),
            "{log}: {diagnosis:?}"
        );
    }
}

#[tokio::test]
async fn a_busy_store_is_tried_again_and_the_change_is_made_once() {
    let mut env = OpsEnv::new().await;
    let busy = BusyNix::write(&env.fixture.sandbox, 2, BusyTry::ChangesNothing).expect("stand-in");
    env.use_nix(busy.binary()).await;
    let run = env.run(install_greeter(&env)).await;
    assert_eq!(retries_said(&run), 2);
    let done = run.result.expect("installed on the third try");
    assert_eq!(
        done.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(7)))
    );
    assert_eq!(env.generation_numbers(), [1, 2, 3, 4, 5, 6, 7]);
    assert!(env.manifest().element("greeter").is_some());
    assert_eq!(busy.profile_runs(), 3);
}

#[tokio::test]
async fn a_store_that_stays_busy_is_explained_and_the_profile_is_as_it_was() {
    let mut env = OpsEnv::new().await;
    let busy =
        BusyNix::write(&env.fixture.sandbox, u32::MAX, BusyTry::ChangesNothing).expect("stand-in");
    env.use_nix(busy.binary()).await;
    let manifest = env.manifest_bytes();
    let run = env.run(install_greeter(&env)).await;
    assert_eq!(retries_said(&run), RETRIES as usize);
    let failed = run.result.expect_err("the store stays busy");
    let explanation = failed.explanation.expect("explained");
    assert_eq!(explanation.diagnosis, Diagnosis::StoreBusy);
    assert!(
        explanation
            .text
            .starts_with("Another Nix command is using the store"),
        "{}",
        explanation.text
    );
    assert_eq!(
        failed.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(6)))
    );
    assert_eq!(env.manifest_bytes(), manifest);
    assert_eq!(env.generation_numbers(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(busy.profile_runs(), 1 + RETRIES);
}

#[tokio::test]
async fn a_try_that_changed_the_profile_is_not_made_again() {
    let mut env = OpsEnv::new().await;
    let busy = BusyNix::write(&env.fixture.sandbox, 1, BusyTry::AfterTheChange).expect("stand-in");
    env.use_nix(busy.binary()).await;
    let run = env.run(install_greeter(&env)).await;
    assert_eq!(retries_said(&run), 0);
    run.result.expect_err("Nix said it failed");
    // The install happened once, in the failed try, and only once.
    assert_eq!(busy.profile_runs(), 1);
    assert_eq!(env.generation_numbers(), [1, 2, 3, 4, 5, 6, 7]);
    assert!(env.manifest().element("greeter").is_some());
}

#[tokio::test]
async fn a_cancel_while_waiting_to_try_again_stops_the_change() {
    let mut env = OpsEnv::new().await;
    let busy =
        BusyNix::write(&env.fixture.sandbox, u32::MAX, BusyTry::ChangesNothing).expect("stand-in");
    env.use_nix(busy.binary()).await;
    let manifest = env.manifest_bytes();
    let id = env.queue.submit(install_greeter(&env));
    // Wait until the first retry is announced, then cancel during its wait.
    loop {
        let event = env.next().await;
        if let frost_core::ops::OpEvent::Update(u) = &event.event {
            if u.log.lines.iter().any(|l| &*l.text == TRYING_AGAIN) {
                break;
            }
        }
    }
    assert!(env.queue.cancel(id));
    let run = env.finish(id).await;
    assert!(run.result.expect_err("cancelled").is_cancelled());
    assert!(busy.profile_runs() < 1 + RETRIES, "{}", busy.profile_runs());
    assert_eq!(env.manifest_bytes(), manifest);
    assert_eq!(env.generation(), 6);
}
