//! The window's Export: a freeze and its check as one operation of the
//! queue, with real Nix on the fixture profile (generation 6, 8 elements,
//! the bare `cowsay` not freezable). It writes byte for byte what the
//! freeze engine writes when called directly as `frost freeze` calls it,
//! reports the check, changes nothing in the profile, and a cancel leaves
//! no folder behind, or a folder of the user's as it was.

mod common;
mod ops_common;

use std::path::{Path, PathBuf};

use frost_core::freeze::engine::{ask_ahead, freeze, read_source, FreezeRequest, KnownInputs};
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

/// Exports as `request` says and cancels at the first event after
/// `in_place(out)` holds; the run must end cancelled.
async fn cancel_once(env: &mut OpsEnv, request: FreezeRequest, in_place: impl Fn(&Path) -> bool) {
    let out = request.out.clone();
    let id = env.queue.submit(Operation::Freeze {
        source: env.profile_path(),
        generation: None,
        request: Box::new(request),
        verify: true,
        known: Box::default(),
    });
    loop {
        let event = env.next().await;
        if event.id != id {
            continue;
        }
        if let OpEvent::Finished(_) = event.event {
            panic!("finished before its files were in place");
        }
        if in_place(&out) {
            env.queue.cancel(id);
            break;
        }
    }
    assert_cancelled(env.finish(id).await.result);
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "T")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "T")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The run ended as cancelled, not failed or finished.
fn assert_cancelled<T: std::fmt::Debug>(result: Result<T, frost_core::ops::Failed>) {
    let failed = result.expect_err("cancelled");
    assert!(
        matches!(failed.error, Error::Cancelled),
        "{:?}",
        failed.error
    );
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
            known: Box::default(),
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
async fn inputs_asked_about_ahead_are_not_asked_again_and_the_files_are_the_same() {
    let mut env = OpsEnv::new().await;
    let nix = frost_testkit::CountingNix::write(&env.fixture.sandbox).expect("the stand-in");
    env.use_nix(nix.binary()).await;
    let root = env.fixture.sandbox.root().to_owned();
    let profile = env.profile_path();
    let export = |out: PathBuf, known: KnownInputs| Operation::Freeze {
        source: profile.clone(),
        generation: None,
        request: Box::new(request(out)),
        verify: true,
        known: Box::new(known),
    };

    // Without answers: the fixture's inputs (two nixpkgs snapshots from a
    // folder, a Git flake) are asked about.
    let unaided = root.join("unaided");
    let run = env
        .run(export(unaided.clone(), KnownInputs::default()))
        .await;
    run.result.expect("the freeze works");
    let asked = nix.take_calls();
    let metadata = asked.iter().filter(|c| c.contains("flake metadata"));
    assert_eq!(metadata.count(), 3, "{asked:#?}");

    // As the wizard does when it opens.
    let view = ProfileView::open(&env.profile_path()).expect("the profile opens");
    let source = read_source(&view, None).expect("the profile reads");
    let known = ask_ahead(
        env.queue.context().setup(),
        &source.elements,
        &FreezeOptions::default(),
        KnownInputs::default(),
    )
    .await;
    let ahead: Vec<String> = nix
        .take_calls()
        .into_iter()
        .filter(|c| c.contains("flake metadata"))
        .collect();
    // The Git flake and the current nixpkgs snapshot; the folder of the
    // older snapshot has changed since, so Nix cannot read that one
    // (which the freeze notes, and asks again).
    assert_eq!(ahead.len(), 3, "{ahead:#?}");
    assert_eq!(known.len(), 2, "{ahead:#?}");
    // Asked again: only what could not be answered.
    let again = ask_ahead(
        env.queue.context().setup(),
        &source.elements,
        &FreezeOptions::default(),
        known.clone(),
    )
    .await;
    assert_eq!(again, known);
    let repeated = nix.take_calls();
    assert_eq!(repeated.len(), 1, "{repeated:#?}");
    assert!(ahead.contains(&repeated[0]), "{repeated:#?}");

    let aided = root.join("aided");
    let run = env.run(export(aided.clone(), known)).await;
    let frozen = run
        .result
        .expect("the freeze works")
        .frozen
        .expect("a report");
    assert!(frozen.verify.expect("a check").all_identical());
    let asked = nix.take_calls();
    let metadata: Vec<&String> = asked
        .iter()
        .filter(|c| c.contains("flake metadata"))
        .collect();
    // Only the one that could not be answered ahead.
    assert_eq!(metadata.len(), 1, "{asked:#?}");
    assert!(ahead.contains(metadata[0]), "{asked:#?}");
    assert!(asked.iter().any(|c| c.contains("eval")), "{asked:#?}");
    for name in ["flake.nix", "flake.lock", "README.md"] {
        assert_eq!(read(&unaided, name), read(&aided, name), "{name}");
    }
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
        known: Box::default(),
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
    assert_cancelled(env.finish(id).await.result);
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
    // Once the freeze has replaced their flake.nix: the check runs then,
    // and its updates come while it does.
    let theirs_flake = theirs[0].1.as_bytes();
    cancel_once(&mut env, replacing, |dir| {
        std::fs::read(dir.join("flake.nix")).is_ok_and(|b| b != theirs_flake)
    })
    .await;
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

#[tokio::test]
async fn a_freeze_cancelled_after_committing_to_the_users_repository_takes_the_commit_back() {
    let mut env = OpsEnv::new().await;
    // A repository of the user's, with a commit and a change staged; the
    // freeze goes into a new folder inside it.
    let repo = env.fixture.sandbox.root().join("dotfiles");
    std::fs::create_dir_all(&repo).expect("the repository");
    git(&repo, &["init", "--quiet"]);
    std::fs::write(repo.join("notes.txt"), "one\n").expect("a file");
    git(&repo, &["add", "notes.txt"]);
    git(&repo, &["commit", "--quiet", "--message", "mine"]);
    let before = git(&repo, &["rev-parse", "HEAD"]);
    std::fs::write(repo.join("notes.txt"), "two\n").expect("a change");
    git(&repo, &["add", "notes.txt"]);

    let mut committing = request(repo.join("frozen"));
    committing.git = true;
    // Once Git has the freeze's commit: the check runs after it.
    let first = before.clone();
    cancel_once(&mut env, committing, |out| {
        out.join("flake.lock").exists() && git(out, &["rev-parse", "HEAD"]) != first
    })
    .await;
    assert_eq!(git(&repo, &["rev-parse", "HEAD"]), before);
    assert!(
        !repo.join("frozen").exists(),
        "the new folder is left behind"
    );
    // Their staged change is still staged, and nothing else is.
    assert_eq!(git(&repo, &["status", "--porcelain"]), "M  notes.txt");
}
