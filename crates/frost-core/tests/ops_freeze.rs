//! The window's Export: a freeze and its check as one operation of the
//! queue, with real Nix on the fixture profile (generation 6, 8 elements,
//! the bare `cowsay` not freezable). It writes byte for byte what the
//! freeze engine writes when called directly as `frost freeze` calls it,
//! reports the check, changes nothing in the profile, and a cancel leaves
//! no folder behind.

mod common;
mod ops_common;

use std::path::{Path, PathBuf};

use frost_core::freeze::engine::{freeze, read_source, FreezeRequest};
use frost_core::freeze::plan::FreezeOptions;
use frost_core::freeze::verify::Verdict;
use frost_core::ops::{OpEvent, Operation};
use frost_core::profile::ProfileView;
use frost_core::Error;
use ops_common::OpsEnv;

fn request(out: PathBuf) -> FreezeRequest {
    FreezeRequest {
        options: FreezeOptions::default(),
        out,
        force: false,
        profile: None,
        generation: None,
        git: false,
    }
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

#[tokio::test]
async fn the_queues_freeze_writes_what_the_engine_writes_and_checks_it() {
    let mut env = OpsEnv::new().await;
    let before = env.manifest_bytes();
    let generations = env.generation_numbers();
    let root = env.fixture.sandbox.root().to_owned();

    // As `frost freeze` does: the source read from the profile, the
    // engine called directly.
    let direct = root.join("direct");
    let view = ProfileView::open(&env.profile_path()).expect("the profile opens");
    let source = read_source(&view, None).expect("the profile reads");
    let mut cli = request(direct.clone());
    cli.profile = source.profile.clone();
    cli.generation = source.generation;
    freeze(env.queue.context().setup(), &source.elements, &cli)
        .await
        .expect("the direct freeze works");

    let through_queue = root.join("queued");
    let run = env
        .run(Operation::Freeze {
            source: env.profile_path(),
            generation: None,
            request: Box::new(request(through_queue.clone())),
            verify: true,
        })
        .await;
    assert!(run.started().is_some(), "Nix ran through the queue");
    let done = run.result.expect("the freeze through the queue works");
    let frozen = done.frozen.expect("a freeze report");
    assert_eq!(frozen.report.out, through_queue);
    for name in ["flake.nix", "flake.lock", "README.md"] {
        assert_eq!(read(&direct, name), read(&through_queue, name), "{name}");
    }
    let checked = frozen.verify.expect("a check");
    assert!(checked.all_identical(), "{checked:?}");
    let verdict = |name: &str| {
        checked
            .elements
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.verdict.clone())
    };
    assert_eq!(verdict("hello"), Some(Verdict::Identical));
    assert_eq!(verdict("cowsay"), Some(Verdict::NotFrozen));
    // Reading the profile changed nothing in it.
    assert_eq!(env.manifest_bytes(), before);
    assert_eq!(env.generation_numbers(), generations);
}

#[tokio::test]
async fn a_cancelled_freeze_leaves_no_folder() {
    let mut env = OpsEnv::new().await;
    let out = env.fixture.sandbox.root().join("cancelled");
    let id = env.queue.submit(Operation::Freeze {
        source: env.profile_path(),
        generation: None,
        request: Box::new(request(out.clone())),
        verify: true,
    });
    // Cancel as soon as Nix runs.
    loop {
        let event = env.next().await;
        if event.id != id {
            continue;
        }
        if matches!(event.event, OpEvent::Started { .. }) {
            env.queue.cancel(id);
            break;
        }
        if let OpEvent::Finished(_) = event.event {
            panic!("finished before it was cancelled");
        }
    }
    let run = env.finish(id).await;
    let failed = run.result.expect_err("cancelled");
    assert!(
        matches!(failed.error, Error::Cancelled),
        "{:?}",
        failed.error
    );
    assert!(!out.exists(), "{} is left behind", out.display());
}
