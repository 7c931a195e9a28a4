//! The window's Export: a freeze and its check as one operation of the
//! queue, with real Nix on the fixture profile (generation 6, 8 elements,
//! the bare `cowsay` not freezable). It writes byte for byte what the
//! freeze engine writes when called directly as `frost freeze` calls it,
//! reports the check, changes nothing in the profile, and a cancel leaves
//! no folder behind, or a folder of the user's as it was.

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

#[tokio::test]
async fn a_freeze_cancelled_after_replacing_files_puts_them_back() {
    let mut env = OpsEnv::new().await;
    // A folder of the user's, with a flake.nix and README.md of their own
    // and a file Frost never touches.
    let out = env.fixture.sandbox.root().join("mine");
    std::fs::create_dir_all(&out).expect("the folder");
    let theirs = [
        ("flake.nix", "# my own flake\n"),
        ("README.md", "notes\n"),
        ("keep.txt", "untouched\n"),
    ];
    for (name, text) in theirs {
        std::fs::write(out.join(name), text).expect("their file");
    }
    let mut replacing = request(out.clone());
    replacing.force = true;
    let id = env.queue.submit(Operation::Freeze {
        source: env.profile_path(),
        generation: None,
        request: Box::new(replacing),
        verify: true,
    });
    // Cancel once the freeze has replaced their flake.nix: the check runs
    // then, and its updates come while it does.
    let mut cancelled = false;
    while !cancelled {
        let event = env.next().await;
        if event.id != id {
            continue;
        }
        if let OpEvent::Finished(_) = event.event {
            panic!("finished before its files were in place");
        }
        if std::fs::read(out.join("flake.nix")).is_ok_and(|b| b != theirs[0].1.as_bytes()) {
            env.queue.cancel(id);
            cancelled = true;
        }
    }
    let run = env.finish(id).await;
    let failed = run.result.expect_err("cancelled");
    assert!(
        matches!(failed.error, Error::Cancelled),
        "{:?}",
        failed.error
    );
    for (name, text) in theirs {
        assert_eq!(read(&out, name), text.as_bytes(), "{name}");
    }
    assert!(
        !out.join("flake.lock").exists(),
        "flake.lock is left behind"
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("the folder stays")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["README.md", "flake.nix", "keep.txt"]);
}
