//! Installing a frozen folder through the queue, with real Nix on temporary
//! profiles: the same elements as the frozen profile in one new generation,
//! replacing in one step, conflicts and cancels that change nothing, and a
//! folder that holds no flake refused before Nix runs.
//!
//! The frozen folder is the fixture profile (generation 6, 8 elements)
//! frozen by the freeze engine; its bare `cowsay` cannot be frozen. Folders
//! offering the scenario flake's `slow` or clashing `cowsay` stand in for
//! frozen folders whose apply hangs or conflicts.

mod common;
mod ops_common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{eventually, processes_with, KillOnDrop};
use frost_core::freeze::engine::{freeze, FreezeRequest};
use frost_core::freeze::plan::FreezeOptions;
use frost_core::freeze::source::ApplySource;
use frost_core::ops::{Diagnosis, OpEvent, Operation};
use frost_core::profile::Profile;
use frost_core::{Error, Outputs};
use ops_common::OpsEnv;

/// name → (sorted store paths, outputs, priority): what must survive a
/// freeze and an apply.
type View = BTreeMap<String, (Vec<String>, Outputs, i64)>;

fn view(profile: &Path) -> View {
    let profile = Profile::open(profile).expect("the profile opens");
    let manifest = profile.manifest(None).expect("manifest");
    manifest
        .elements
        .into_iter()
        .map(|e| {
            let mut paths = e.store_paths;
            paths.sort();
            (e.name, (paths, e.outputs, e.priority))
        })
        .collect()
}

fn generation_numbers(profile: &Path) -> Vec<u64> {
    let profile = Profile::open(profile).expect("the profile opens");
    let generations = profile.generations().expect("generations");
    generations.iter().map(|g| g.number).collect()
}

fn scratch(env: &OpsEnv, name: &str) -> PathBuf {
    env.fixture.sandbox.root().join(name)
}

/// The fixture profile, frozen into `name`.
async fn frozen_fixture(env: &OpsEnv, name: &str) -> PathBuf {
    let dir = scratch(env, name);
    let elements = env.manifest().elements;
    let req = FreezeRequest {
        options: FreezeOptions::default(),
        out: dir.clone(),
        force: false,
        profile: Some(env.profile_path()),
        generation: None,
        git: false,
    };
    freeze(env.queue.context().setup(), &elements, &req)
        .await
        .expect("the fixture freezes");
    dir
}

/// A folder offering the scenario flake's `packages`.
fn scenario_folder(env: &OpsEnv, name: &str, packages: &[&str]) -> PathBuf {
    let dir = scratch(env, name);
    env.scenario
        .frozen_folder(&dir, packages)
        .expect("folder written");
    dir
}

/// A profile that exists and holds nothing: generation 1 held greeter,
/// generation 2 nothing.
async fn empty_profile(env: &mut OpsEnv, name: &str) -> PathBuf {
    let profile = scratch(env, name).join("profile");
    std::fs::create_dir_all(profile.parent().unwrap()).unwrap();
    let greeter = env.scenario.installable("greeter");
    env.run(Operation::Install {
        profile: profile.clone(),
        refs: vec![greeter],
        priority: None,
    })
    .await
    .result
    .expect("greeter installed");
    env.run(Operation::Remove {
        profile: profile.clone(),
        names: vec!["greeter".into()],
    })
    .await
    .result
    .expect("greeter removed");
    assert!(view(&profile).is_empty());
    profile
}

/// The fixture's elements, but for the bare `cowsay`, which no freeze can
/// bring back.
fn frozen_view(env: &OpsEnv) -> View {
    let mut v = view(&env.profile_path());
    assert!(v.remove("cowsay").is_some());
    v
}

#[tokio::test]
async fn an_apply_into_an_empty_profile_makes_one_generation_with_the_frozen_elements() {
    let mut env = OpsEnv::new().await;
    let dir = frozen_fixture(&env, "frozen").await;
    let target = empty_profile(&mut env, "empty").await;

    let run = env
        .run(Operation::Apply {
            source: ApplySource::Folder(dir.clone()),
            only: Vec::new(),
            profile: target.clone(),
            replace: false,
        })
        .await;
    assert!(matches!(
        run.events.first(),
        Some(OpEvent::Queued { waiting: false, .. })
    ));
    assert!(run.started().is_some(), "Nix ran: {:?}", run.events);
    assert!(run.updates().count() > 0, "progress was reported");
    let done = run.result.expect("applied");
    assert_eq!(
        done.message,
        format!("Installed the packages of {}", dir.display())
    );
    let g = done.generations.expect("a profile operation");
    assert_eq!((g.before, g.after), (Some(2), Some(3)));
    assert_eq!(generation_numbers(&target), [1, 2, 3], "one new generation");
    let expected = frozen_view(&env);
    assert_eq!(view(&target), expected);
    let mut installed = done.installed.clone();
    installed.sort();
    assert_eq!(installed, expected.keys().cloned().collect::<Vec<_>>());

    // Undo is a rollback to the empty generation.
    let undo = done.undo.expect("an undo");
    assert_eq!(
        undo,
        Operation::Rollback {
            profile: target.clone(),
            to: Some(2),
        }
    );
    env.run(undo).await.result.expect("rolled back");
    assert!(view(&target).is_empty());
    // The frozen profile itself was never touched.
    assert_eq!(env.generation(), 6);
}

#[tokio::test]
async fn replacing_switches_to_exactly_the_frozen_elements_in_one_step() {
    let mut env = OpsEnv::new().await;
    let dir = frozen_fixture(&env, "frozen").await;
    let target = scratch(&env, "replaced").join("profile");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let elsewhere = format!("path:{}#cowsay", env.fixture.nixpkgs.display());
    env.run(Operation::Install {
        profile: target.clone(),
        refs: vec![elsewhere],
        priority: None,
    })
    .await
    .result
    .expect("cowsay installed");

    let done = env
        .run(Operation::Apply {
            source: ApplySource::Folder(dir.clone()),
            only: Vec::new(),
            profile: target.clone(),
            replace: true,
        })
        .await
        .result
        .expect("replaced");
    assert_eq!(
        done.message,
        format!("Replaced the packages with those of {}", dir.display())
    );
    let g = done.generations.expect("a profile operation");
    assert_eq!((g.before, g.after), (Some(1), Some(2)));
    assert_eq!(generation_numbers(&target), [1, 2], "no step in between");
    assert_eq!(view(&target), frozen_view(&env), "cowsay is gone");
    assert_eq!(
        done.undo,
        Some(Operation::Rollback {
            profile: target.clone(),
            to: Some(1),
        })
    );
}

/// Add These Packages of the folder `dir` to the fixture profile.
fn adding(env: &OpsEnv, dir: &Path) -> Operation {
    Operation::Apply {
        source: ApplySource::Folder(dir.to_owned()),
        only: Vec::new(),
        profile: env.profile_path(),
        replace: false,
    }
}

/// What the fixture profile holds now, with its link: equal before and
/// after means the profile did not change at all.
fn profile_state(env: &OpsEnv) -> (Vec<u64>, PathBuf, Vec<u8>) {
    let link = std::fs::read_link(env.profile_path()).expect("a link");
    (env.generation_numbers(), link, env.manifest_bytes())
}

/// The apply failed in its `nix profile install`, and the profile is as
/// `before` (the fixture's generation 6).
fn failed_in_the_install_and_changed_nothing(
    env: &OpsEnv,
    failed: &frost_core::ops::Failed,
    before: &(Vec<u64>, PathBuf, Vec<u8>),
) {
    assert!(
        failed
            .command
            .as_deref()
            .is_some_and(|c| c.contains("profile install")),
        "the install failed: {:?}",
        failed.command
    );
    assert_eq!(
        failed.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(6)))
    );
    assert_eq!(before.0, [1, 2, 3, 4, 5, 6]);
    assert_eq!(&profile_state(env), before);
}

#[tokio::test]
async fn a_conflicting_apply_names_the_files_and_changes_nothing() {
    let mut env = OpsEnv::new().await;
    // The scenario's moo, another package than the profile's cowsay,
    // provides bin/cowsay at the fixture's priority. (Another version of
    // cowsay itself would replace it instead: see below.)
    let dir = scenario_folder(&env, "clashing", &["moo"]);
    let before = profile_state(&env);

    let run = env.run(adding(&env, &dir)).await;
    let failed = run.result.expect_err("a conflict");
    let Error::ApplyConflict { files, .. } = &failed.error else {
        panic!("not a conflict: {:?}", failed.error);
    };
    assert!(
        files.len() == 2 && files.iter().all(|f| f.ends_with("/bin/cowsay")),
        "{files:?}"
    );
    let explained = failed.explanation.as_ref().expect("explained");
    assert!(
        matches!(&explained.diagnosis, Diagnosis::FileConflict { file: Some(f), .. } if f == "bin/cowsay"),
        "{explained:?}"
    );
    failed_in_the_install_and_changed_nothing(&env, &failed, &before);
}

#[tokio::test]
async fn adding_another_version_replaces_the_installed_one_in_one_generation() {
    let mut env = OpsEnv::new().await;
    // The scenario's cowsay 3.8.0 is another version of the fixture's
    // cowsay 3.7.0 (the same name): "different version here".
    let dir = scenario_folder(&env, "newer cowsay", &["cowsay", "greeter"]);
    let before = view(&env.profile_path());
    let old = before["cowsay"].0.clone();

    let preview = env
        .run(Operation::PreviewApply {
            source: ApplySource::Folder(dir.clone()),
            profile: env.profile_path(),
        })
        .await
        .result
        .expect("previewed")
        .preview
        .expect("a preview");
    let different: Vec<_> = preview
        .different_version
        .iter()
        .map(|p| (p.name.as_str(), p.element.as_deref()))
        .collect();
    assert_eq!(different, [("cowsay", Some("cowsay"))]);

    let done = env.run(adding(&env, &dir)).await.result.expect("added");
    let g = done.generations.expect("a profile operation");
    assert_eq!((g.before, g.after), (Some(6), Some(7)));
    assert_eq!(
        env.generation_numbers(),
        [1, 2, 3, 4, 5, 6, 7],
        "one new generation"
    );
    let mut installed = done.installed.clone();
    installed.sort();
    assert_eq!(installed, ["cowsay", "greeter"]);

    let after = view(&env.profile_path());
    let manifest = String::from_utf8(env.manifest_bytes()).expect("utf-8");
    for path in &old {
        assert!(
            !manifest.contains(path.as_str()),
            "{path} is gone: {manifest}"
        );
    }
    let (new, _, _) = &after["cowsay"];
    assert!(
        new.len() == 1 && new[0].ends_with("-cowsay-3.8.0"),
        "the new cowsay under the old name: {after:?}"
    );
    assert!(after["greeter"].0[0].ends_with("-greeter-1.0"));
    // Everything else as it was, and no second cowsay beside it.
    let mut kept = after.clone();
    kept.remove("cowsay");
    kept.remove("greeter");
    let mut expected = before.clone();
    expected.remove("cowsay");
    assert_eq!(kept, expected);

    // Undo is a rollback to generation 6, with cowsay 3.7.0 back.
    env.run(done.undo.expect("an undo"))
        .await
        .result
        .expect("rolled back");
    assert_eq!(view(&env.profile_path()), before);
}

#[tokio::test]
async fn a_replacing_add_that_fails_midway_leaves_the_profile_byte_identical() {
    let mut env = OpsEnv::new().await;
    // cowsay's old version is removed (in the staged copy), then the
    // install fails on `broken`, whose build exits 2.
    let dir = scenario_folder(&env, "newer and broken", &["cowsay", "broken"]);
    let before = profile_state(&env);

    let run = env.run(adding(&env, &dir)).await;
    let failed = run.result.expect_err("the build fails");
    assert!(
        failed.error.to_string().contains("broken"),
        "{:?}",
        failed.error
    );
    // The install, after the removal, is what failed.
    failed_in_the_install_and_changed_nothing(&env, &failed, &before);
}

/// Waits until the slow build of `id` sleeps; the log shows it live.
async fn until_sleeping(env: &mut OpsEnv, id: frost_core::ops::OpId) {
    loop {
        let event = env.next().await;
        assert_eq!(event.id, id);
        match event.event {
            OpEvent::Update(u) if u.log.lines.iter().any(|l| &*l.text == "now sleeping") => return,
            OpEvent::Finished(result) => panic!("finished early: {result:?}"),
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_cancelled_apply_stops_the_build_and_leaves_the_profile_as_it_was() {
    let mut env = OpsEnv::new().await;
    let _cleanup = KillOnDrop(env.scenario.nonce.clone());
    let dir = scenario_folder(&env, "slow", &["slow"]);
    // Another cowsay with it: the add replaces a version, in a staged copy.
    let replacing = scenario_folder(&env, "slow and cowsay", &["slow", "cowsay"]);
    let before = env.manifest_bytes();

    // Adding builds into the profile; replacing, or adding another
    // version, into a temporary one.
    for (dir, replace) in [(&dir, false), (&dir, true), (&replacing, false)] {
        let id = env.queue.submit(Operation::Apply {
            source: ApplySource::Folder(dir.clone()),
            only: Vec::new(),
            profile: env.profile_path(),
            replace,
        });
        until_sleeping(&mut env, id).await;
        assert!(eventually(Duration::from_secs(30), || processes_with(
            &env.scenario.nonce
        )
        .len()
            >= 2));

        assert!(env.queue.cancel(id));
        let failed = env.finish(id).await.result.expect_err("cancelled");
        assert!(failed.is_cancelled(), "{replace}: {:?}", failed.error);
        assert_eq!(
            failed.generations.map(|g| (g.before, g.after)),
            Some((Some(6), Some(6)))
        );
        assert_eq!(env.generation_numbers(), [1, 2, 3, 4, 5, 6]);
        assert_eq!(env.manifest_bytes(), before);
        assert!(
            eventually(Duration::from_secs(10), || processes_with(
                &env.scenario.nonce
            )
            .is_empty()),
            "{replace}: the build outlived the cancel"
        );
    }
}

#[tokio::test]
async fn a_folder_without_a_flake_is_refused_before_nix_runs() {
    let mut env = OpsEnv::new().await;
    let before = env.manifest_bytes();
    let empty = scratch(&env, "not-a-flake");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("README.md"), "notes").unwrap();
    for dir in [empty, scratch(&env, "missing")] {
        let run = env
            .run(Operation::Apply {
                source: ApplySource::Folder(dir.clone()),
                only: Vec::new(),
                profile: env.profile_path(),
                replace: false,
            })
            .await;
        assert_eq!(run.started(), None, "Nix never ran");
        let failed = run.result.expect_err("refused");
        assert!(
            matches!(&failed.error, Error::NotAFlake { dir: d } if *d == dir),
            "{:?}",
            failed.error
        );
        let text = failed.error.to_string();
        assert!(
            text.contains(&dir.display().to_string()) && text.contains("flake.nix"),
            "{text}"
        );
        assert_eq!(env.generation(), 6);
        assert_eq!(env.manifest_bytes(), before);
    }
}

/// The preview runs on the worker like any operation, with progress, and
/// hands back the groups: the fixture frozen and put beside itself is all
/// installed already, but for the bare `cowsay` no freeze brings back.
#[tokio::test]
async fn a_preview_runs_on_the_worker_and_changes_nothing() {
    let mut env = OpsEnv::new().await;
    let dir = frozen_fixture(&env, "frozen").await;
    let before = env.manifest_bytes();
    let run = env
        .run(Operation::PreviewApply {
            source: ApplySource::Folder(dir.clone()),
            profile: env.profile_path(),
        })
        .await;
    assert!(run.started().is_some(), "Nix ran: {:?}", run.events);
    let done = run.result.expect("previewed");
    assert_eq!(
        done.message,
        format!("Read the packages of {}", dir.display())
    );
    assert_eq!(done.generations, None, "a preview changes no profile");
    assert_eq!(done.undo, None);
    let preview = done.preview.expect("a preview");
    let mut expected: Vec<String> = frozen_view(&env).into_keys().collect();
    expected.sort();
    let names = |list: &[frost_core::freeze::restore_preview::PreviewPackage]| {
        list.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(&preview.already_installed), expected);
    assert!(preview.will_be_added.is_empty() && preview.different_version.is_empty());
    assert_eq!(names(&preview.only_in_profile), ["cowsay"]);
    // A folder is read where it is: nothing to lock, and applying it
    // applies the folder.
    assert_eq!(preview.locked, None);
    let folder = ApplySource::Folder(dir.clone());
    assert_eq!(preview.apply_source(&folder), folder);
    assert_eq!(env.manifest_bytes(), before);
    assert_eq!(env.generation(), 6);

    // A folder without a flake is refused before Nix runs, as for Apply.
    let empty = scratch(&env, "no-flake");
    std::fs::create_dir_all(&empty).unwrap();
    let failed = env
        .run(Operation::PreviewApply {
            source: ApplySource::Folder(empty.clone()),
            profile: env.profile_path(),
        })
        .await
        .result
        .expect_err("no flake");
    assert!(matches!(&failed.error, Error::NotAFlake { dir } if *dir == empty));
}

/// Commits everything in the git repository `repo`, making it first.
fn commit_all(env: &OpsEnv, repo: &Path, message: &str) {
    let r = repo.display().to_string();
    if !repo.join(".git").exists() {
        env.fixture
            .sandbox
            .run("git", &["-C", &r, "init", "-q", "-b", "main"])
            .expect("git init");
    }
    for args in [&["add", "-A"][..], &["commit", "-q", "-m", message]] {
        let mut all = vec!["-C", r.as_str()];
        all.extend_from_slice(args);
        env.fixture.sandbox.run("git", &all).expect("git");
    }
}

/// A flake reference is previewed at the revision Nix finds then, and the
/// preview names that revision: applying it installs what the preview
/// showed, even after the repository moved on.
#[tokio::test]
async fn a_reference_is_applied_at_the_revision_it_was_previewed_at() {
    let mut env = OpsEnv::new().await;
    let repo = scenario_folder(&env, "shared profé", &["greeter"]);
    commit_all(&env, &repo, "greeter");
    // Nix takes an accent in a URL for part of a file name: encoded.
    let encoded = frost_core::flakeref::path_url(&repo);
    let reference = format!("git+file://{}", &encoded["path:".len()..]);
    let source = ApplySource::parse(&reference).expect("a reference");
    let target = scratch(&env, "restored").join("profile");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let preview = Operation::PreviewApply {
        source: source.clone(),
        profile: target.clone(),
    };
    let first = env.run(preview.clone()).await.result.expect("previewed");
    let first = first.preview.expect("a preview");
    let added = |p: &frost_core::freeze::restore_preview::RestorePreview| {
        p.will_be_added
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(added(&first), ["greeter"]);
    assert_eq!(first.source, reference);
    let locked = first.locked.clone().expect("the reference is locked");
    assert!(locked.contains("rev="), "{locked}");

    // The repository moves on: now it offers cowsay too.
    scenario_folder(&env, "shared profé", &["greeter", "cowsay"]);
    commit_all(&env, &repo, "and cowsay");
    let second = env.run(preview).await.result.expect("previewed again");
    let second = second.preview.expect("a preview");
    assert_eq!(added(&second), ["cowsay", "greeter"]);
    assert_ne!(second.locked, first.locked);

    // What the first preview showed is what goes in.
    let pinned = first.apply_source(&source);
    assert_eq!(pinned, ApplySource::Flake(locked));
    env.run(Operation::Apply {
        source: pinned,
        profile: target.clone(),
        replace: false,
        only: Vec::new(),
    })
    .await
    .result
    .expect("applied");
    assert_eq!(view(&target).into_keys().collect::<Vec<_>>(), ["greeter"]);
}
