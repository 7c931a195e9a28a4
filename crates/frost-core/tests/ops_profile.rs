//! Operations on a real profile with real Nix (offline, temporary sandbox):
//! each change makes the generation it should, and each failure leaves the
//! profile as it was and says why.
//!
//! The fixture profile starts at generation 6 with 8 elements (see
//! frost-testkit); the scenario flake beside it has `greeter` (installs),
//! `broken` (fails), `slow` (prints, then hangs) and `cowsay` (clashes).

mod common;
mod ops_common;

use std::time::Duration;

use common::{eventually, processes_with, KillOnDrop};
use frost_core::ops::log::display_line;
use frost_core::ops::{Diagnosis, LineKind, OpEvent, Operation};
use frost_core::Error;
use frost_testkit::{FIXTURE_ELEMENTS, SLOW_LINES};
use ops_common::OpsEnv;

fn names(env: &OpsEnv) -> Vec<String> {
    env.manifest()
        .elements
        .into_iter()
        .map(|e| e.name)
        .collect()
}

#[tokio::test]
async fn remove_makes_a_generation_without_the_package_and_undo_restores_it() {
    let mut env = OpsEnv::new().await;
    assert_eq!(env.generation(), 6);
    let run = env
        .run(Operation::Remove {
            profile: env.profile_path(),
            names: vec!["hello".into(), "7zip".into()],
        })
        .await;
    assert!(matches!(
        run.events.first(),
        Some(OpEvent::Queued { waiting: false, .. })
    ));
    let command = run.started().expect("nix ran");
    assert!(
        command.contains("profile remove") && command.ends_with("-- hello 7zip"),
        "{command}"
    );
    let done = run.result.expect("removed");
    assert_eq!(done.message, "Removed hello, 7zip");
    let g = done.generations.expect("a profile operation");
    assert_eq!((g.before, g.after), (Some(6), Some(7)));
    assert_eq!(env.generation(), 7);
    let left: Vec<&str> = FIXTURE_ELEMENTS
        .iter()
        .copied()
        .filter(|n| !["hello", "7zip"].contains(n))
        .collect();
    assert_eq!(names(&env), left);

    // Undo is a rollback to the generation before.
    let undo = done.undo.expect("undo");
    assert_eq!(
        undo,
        Operation::Rollback {
            profile: env.profile_path(),
            to: Some(6)
        }
    );
    let undone = env.run(undo).await.result.expect("rolled back");
    assert_eq!(env.generation(), 6);
    assert_eq!(undone.generations.map(|g| g.after), Some(Some(6)));
    assert_eq!(names(&env), FIXTURE_ELEMENTS);
}

#[tokio::test]
async fn install_adds_the_package_in_a_new_generation() {
    let mut env = OpsEnv::new().await;
    let greeter = env.scenario.installable("greeter");
    let run = env
        .run(Operation::Install {
            profile: env.profile_path(),
            refs: vec![greeter],
            priority: None,
        })
        .await;
    // The build's own output reached the log, labelled with its package.
    let lines = run.log_lines();
    assert!(
        lines.iter().any(|l| l.kind == LineKind::Build
            && &*l.text == "building greeter"
            && l.source.as_deref() == Some("greeter")),
        "{lines:?}"
    );
    let done = run.result.expect("installed");
    assert_eq!(done.message, "Installed greeter");
    assert_eq!(
        done.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(7)))
    );
    let element = env
        .manifest()
        .element("greeter")
        .cloned()
        .expect("greeter is in");
    assert_eq!(element.version.as_deref(), Some("1.0"));
    assert!(element.store_paths[0].ends_with("-greeter-1.0"));
    assert_eq!(env.manifest().elements.len(), FIXTURE_ELEMENTS.len() + 1);
}

#[tokio::test]
async fn upgrade_follows_the_flake_to_its_new_version() {
    let mut env = OpsEnv::new().await;
    assert_eq!(env.version_of("hello").as_deref(), Some("2.12.1"));
    let hello_1 = env.manifest().element("hello-1").cloned();

    env.fixture.set_hello_version("2.12.2").expect("new hello");
    let done = env
        .run(Operation::Upgrade {
            profile: env.profile_path(),
            names: vec!["hello".into()],
        })
        .await
        .result
        .expect("upgraded");
    assert_eq!(
        done.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(7)))
    );
    assert_eq!(env.version_of("hello").as_deref(), Some("2.12.2"));
    // The other hello comes from another flake and stays.
    assert_eq!(env.manifest().element("hello-1").cloned(), hello_1);

    env.fixture
        .set_hello_version("2.12.3")
        .expect("newer hello");
    let done = env
        .run(Operation::UpgradeAll {
            profile: env.profile_path(),
        })
        .await
        .result
        .expect("upgraded all");
    assert_eq!(done.message, "Updated all packages");
    assert_eq!(env.generation(), 8);
    assert_eq!(env.version_of("hello").as_deref(), Some("2.12.3"));
    assert_eq!(names(&env), FIXTURE_ELEMENTS);
}

#[tokio::test]
async fn rollback_switches_generations_and_refuses_unknown_ones() {
    let mut env = OpsEnv::new().await;
    let back = env
        .run(Operation::Rollback {
            profile: env.profile_path(),
            to: None,
        })
        .await
        .result
        .expect("rolled back");
    assert_eq!(
        back.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(5)))
    );
    // Generation 5 is before figlet was installed.
    assert!(env.manifest().element("figlet").is_none());

    env.run(Operation::Rollback {
        profile: env.profile_path(),
        to: Some(2),
    })
    .await
    .result
    .expect("rolled back to 2");
    assert_eq!(env.generation(), 2);
    assert_eq!(names(&env), ["hello", "multi", "painter", "pip"]);
    // Rolling back makes no generation; all six are still there.
    assert_eq!(env.generation_numbers(), [1, 2, 3, 4, 5, 6]);

    let run = env
        .run(Operation::Rollback {
            profile: env.profile_path(),
            to: Some(99),
        })
        .await;
    assert_eq!(run.started(), None, "refused before running Nix");
    let failed = run.result.expect_err("no generation 99");
    assert!(matches!(
        failed.error,
        Error::GenerationNotFound { number: 99, .. }
    ));
    assert_eq!(env.generation(), 2);
}

#[tokio::test]
async fn unknown_names_are_refused_before_nix_runs() {
    let mut env = OpsEnv::new().await;
    let run = env
        .run(Operation::Remove {
            profile: env.profile_path(),
            names: vec!["hello".into(), "nosuch".into()],
        })
        .await;
    assert_eq!(run.started(), None);
    let failed = run.result.expect_err("nosuch is not installed");
    match &failed.error {
        Error::NotInProfile { names, .. } => assert_eq!(names, &["nosuch"]),
        other => panic!("{other:?}"),
    }
    assert!(failed
        .error
        .to_string()
        .contains("no package called nosuch"));
    assert_eq!(env.generation(), 6);
    assert_eq!(names(&env), FIXTURE_ELEMENTS);
}

#[tokio::test]
async fn a_failed_build_shows_nixs_message_an_explanation_and_the_log() {
    let mut env = OpsEnv::new().await;
    let before = env.manifest_bytes();
    let run = env
        .run(Operation::Install {
            profile: env.profile_path(),
            refs: vec![env.scenario.installable("broken")],
            priority: None,
        })
        .await;
    let error_lines: Vec<_> = run
        .log_lines()
        .into_iter()
        .filter(|l| l.kind == LineKind::Error)
        .map(|l| l.text.to_string())
        .collect();
    assert!(
        error_lines
            .iter()
            .any(|l| l == "src/broken.c:1:1: error: expected ';' before '}' token"),
        "the builder's error is highlighted: {error_lines:?}"
    );
    let failed = run.result.expect_err("the build fails");
    let message = failed.nix_message().expect("Nix's own message");
    assert!(
        message.starts_with("builder for '/nix/store/")
            && message.contains("-broken-1.0.drv' failed with exit code 2"),
        "{message}"
    );
    assert!(!message.contains('\x1b'));
    let explanation = failed.explanation.as_ref().expect("explained");
    assert_eq!(
        explanation.diagnosis,
        Diagnosis::BuildFailed {
            package: Some("broken".into()),
            exit_code: Some(2)
        }
    );
    assert!(failed.log_tail.iter().any(|l| display_line(l)
        == "broken> src/broken.c:1:1: error: expected ';' before '}' token"
        && l.kind == LineKind::Error));
    let details = failed.details();
    assert!(details.contains("nix profile install") && details.contains(message));
    assert!(details.contains(&explanation.text));
    assert_eq!(
        failed.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(6)))
    );
    assert_eq!(env.manifest_bytes(), before);
}

#[tokio::test]
async fn a_file_conflict_explains_priorities_and_makes_no_generation() {
    let mut env = OpsEnv::new().await;
    let failed = env
        .run(Operation::Install {
            profile: env.profile_path(),
            refs: vec![env.scenario.installable("cowsay")],
            priority: None,
        })
        .await
        .result
        .expect_err("two cowsays clash");
    let explanation = failed.explanation.as_ref().expect("explained");
    match &explanation.diagnosis {
        Diagnosis::FileConflict {
            file,
            existing,
            new,
            existing_element,
            priority,
        } => {
            assert_eq!(file.as_deref(), Some("bin/cowsay"));
            assert_eq!(existing.as_deref(), Some("cowsay-3.7.0"));
            assert_eq!(new.as_deref(), Some("cowsay-3.8.0"));
            assert_eq!(existing_element.as_deref(), Some("cowsay"));
            assert_eq!(*priority, Some(5));
        }
        other => panic!("{other:?}"),
    }
    assert!(explanation.text.contains("priority 4"));
    assert_eq!(env.generation_numbers(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(env.generation(), 6);

    // What the window offers next: the same install at those priorities.
    let install = Operation::Install {
        profile: env.profile_path(),
        refs: vec![env.scenario.installable("cowsay")],
        priority: None,
    };
    let retries = failed.priority_retries(&install).expect("offered");
    let link = env.profile_path().join("bin/cowsay");
    let cowsay_says = || {
        std::fs::canonicalize(&link)
            .expect("bin/cowsay")
            .display()
            .to_string()
    };
    // Keeping the installed one: the new package goes in, its file does not.
    env.run(retries.keep_installed.clone())
        .await
        .result
        .expect("installed beside");
    assert_eq!(env.generation(), 7);
    assert!(
        cowsay_says().contains("-cowsay-3.7.0/"),
        "{}",
        cowsay_says()
    );
    env.run(Operation::Rollback {
        profile: env.profile_path(),
        to: Some(6),
    })
    .await
    .result
    .expect("rolled back");
    // Preferring the new one: its file wins.
    env.run(retries.prefer_new.clone())
        .await
        .result
        .expect("installed over");
    assert!(
        cowsay_says().contains("-cowsay-3.8.0/"),
        "{}",
        cowsay_says()
    );
    // Nothing to offer for another failure or another operation.
    let remove = Operation::Remove {
        profile: env.profile_path(),
        names: vec!["cowsay".into()],
    };
    assert_eq!(failed.priority_retries(&remove), None);
}

#[tokio::test]
async fn a_cancelled_build_stops_everything_and_leaves_the_profile_as_it_was() {
    let mut env = OpsEnv::new().await;
    let _cleanup = KillOnDrop(env.scenario.nonce.clone());
    let before = env.manifest_bytes();
    let id = env.queue.submit(Operation::Install {
        profile: env.profile_path(),
        refs: vec![env.scenario.installable("slow")],
        priority: None,
    });

    // Watch until the builder has printed everything and sleeps.
    let mut updates = Vec::new();
    loop {
        let event = env.next().await;
        assert_eq!(event.id, id);
        match event.event {
            OpEvent::Update(update) => {
                let sleeping = update.log.lines.iter().any(|l| &*l.text == "now sleeping");
                updates.push(update);
                if sleeping {
                    break;
                }
            }
            OpEvent::Finished(result) => panic!("finished early: {result:?}"),
            _ => {}
        }
    }
    // The progress showed the build, like Nix's bar would.
    assert!(
        updates
            .iter()
            .any(|u| u.progress.phrase.as_deref() == Some("Building slow")
                && u.progress.builds.running == 1),
        "{:?}",
        updates.last().map(|u| &u.progress)
    );
    // Thousands of lines arrived in a few batches, not one event per line.
    let lines: usize = updates.iter().map(|u| u.log.lines.len()).sum();
    assert!(lines > SLOW_LINES, "{lines}");
    assert!(
        updates.len() < lines / 10,
        "{} updates for {lines} lines",
        updates.len()
    );
    assert!(eventually(Duration::from_secs(30), || processes_with(
        &env.scenario.nonce
    )
    .len()
        >= 2));

    assert!(env.queue.cancel(id));
    let run = env.finish(id).await;
    let failed = run.result.expect_err("cancelled");
    assert!(failed.is_cancelled(), "{:?}", failed.error);
    assert_eq!(
        failed.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(6)))
    );
    assert!(!env.queue.cancel(id), "nothing left to cancel");

    // Nix switches profiles atomically: same generation, same manifest, no
    // half-made generation, and nothing left running.
    assert_eq!(env.generation(), 6);
    assert_eq!(env.generation_numbers(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(env.manifest_bytes(), before);
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &env.scenario.nonce
    )
    .is_empty()));
}
