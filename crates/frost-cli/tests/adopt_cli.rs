//! `frost adopt`: the fixture profile's freeze takes the profile over as
//! one generation with the very store paths, `frost list` tells which
//! folder manages it and what is not in its flake, a flake that would give
//! other store paths is refused with the profile untouched, and `--stop`
//! hands every package back to its own source. Real Nix, offline, in a
//! temporary sandbox.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use frost_core::freeze::managed::element_folder;
use frost_core::profile::Profile;
use frost_core::{Element, Outputs};
use serde_json::Value;

mod common;
use common::{succeeded, Env};

/// What must stay the same for an element: store paths, priority, outputs.
type Kept = (Vec<String>, i64, Outputs);

fn elements(env: &Env) -> Vec<Element> {
    let profile = Profile::open(&env.fixture.profile).expect("profile");
    profile.manifest(None).expect("manifest").elements
}

fn kept(elements: &[Element]) -> BTreeMap<String, Kept> {
    elements
        .iter()
        .map(|e| {
            let mut paths = e.store_paths.clone();
            paths.sort();
            (e.name.clone(), (paths, e.priority, e.outputs.clone()))
        })
        .collect()
}

/// The generations `nix profile history` lists.
fn history_len(env: &Env) -> usize {
    let p = env.fixture.profile.display().to_string();
    let out = env
        .fixture
        .sandbox
        .nix(&["profile", "history", "--profile", &p])
        .expect("history");
    out.lines().filter(|l| l.starts_with("Version ")).count()
}

/// `frost freeze` of the fixture profile into `root/name`.
fn freeze(env: &Env, name: &str) -> PathBuf {
    freeze_with(env, name, &[])
}

fn freeze_with(env: &Env, name: &str, options: &[&str]) -> PathBuf {
    let dir = env.fixture.sandbox.root().join(name);
    let p = env.fixture.profile.display().to_string();
    let d = dir.display().to_string();
    let mut args = vec!["freeze", "--profile", &p, "--out", &d];
    args.extend(options);
    succeeded(env.command(&args).output().unwrap(), "freeze");
    dir
}

fn frost_ok(env: &Env, args: &[&str]) -> String {
    succeeded(env.command(args).output().unwrap(), &args.join(" "))
}

/// The stderr of `frost ARGS`, which must fail.
fn frost_err(env: &Env, args: &[&str]) -> String {
    let out = env.command(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn list_json(env: &Env) -> Value {
    let p = env.fixture.profile.display().to_string();
    serde_json::from_str(&frost_ok(env, &["list", "--profile", &p, "--json"])).expect("JSON")
}

/// Adopts `dir` and checks what every adopt must give: one new generation,
/// each element of the flake installed from `dir` with its store paths,
/// priority and outputs, the one the freeze left out (`cowsay`) as it was.
fn adopt_and_check(env: &Env, dir: &Path) {
    let before = elements(env);
    let history = history_len(env);
    let p = env.fixture.profile.display().to_string();
    let d = dir.display().to_string();
    let out = frost_ok(env, &["adopt", &d, "--profile", &p, "--json"]);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["replaced"].as_array().unwrap().len(), 7, "{report}");
    assert_eq!(report["kept"], serde_json::json!(["cowsay"]));
    assert_eq!(history_len(env), history + 1, "exactly one new generation");

    let after = elements(env);
    assert_eq!(
        kept(&after),
        kept(&before),
        "store paths, priorities, outputs"
    );
    for e in &after {
        if e.name == "cowsay" {
            assert!(e.original_ref.is_none(), "left as it was: {e:?}");
            continue;
        }
        assert_eq!(element_folder(e).as_deref(), Some(dir), "{e:?}");
        assert_eq!(
            e.attr_path.as_deref(),
            Some(format!("packages.{}.{}", env.fixture.system, e.name).as_str())
        );
    }
    let list = list_json(env);
    assert_eq!(list["managedBy"], d.as_str(), "{list}");
    assert_eq!(list["notInFlake"], serde_json::json!(["cowsay"]));
}

#[test]
fn adopting_the_freeze_is_one_generation_with_the_same_store_paths() {
    let env = Env::new();
    let list = list_json(&env);
    assert_eq!(list["managedBy"], Value::Null, "not managed before");
    let dir = freeze(&env, "nix-profile-flake");
    adopt_and_check(&env, &dir);

    // Again: everything comes from the folder already.
    let p = env.fixture.profile.display().to_string();
    let generation = env.generation();
    let out = frost_ok(
        &env,
        &["adopt", &dir.display().to_string(), "--profile", &p],
    );
    assert!(out.contains("already; nothing was changed"), "{out}");
    assert_eq!(env.generation(), generation);
}

#[test]
fn a_folder_named_with_a_space_and_an_accent_is_adopted() {
    let env = Env::new();
    let dir = freeze(&env, "mein Profil é");
    adopt_and_check(&env, &dir);
    let hello = elements(&env)
        .into_iter()
        .find(|e| e.name == "hello")
        .unwrap();
    assert!(
        hello.locked_ref.unwrap().to_url().starts_with("path:"),
        "no Git: a path: reference"
    );

    // A Git repository whose last commit holds the flake: its git+file:
    // URL, pinned to that commit.
    let env = Env::new();
    let dir = freeze_with(&env, "mit Git é", &["--git"]);
    adopt_and_check(&env, &dir);
    let hello = elements(&env)
        .into_iter()
        .find(|e| e.name == "hello")
        .unwrap();
    let locked = hello.locked_ref.unwrap();
    assert!(
        matches!(locked.kind, frost_core::FlakeRefKind::Git { .. }) && locked.rev().is_some(),
        "{locked:?}"
    );
}

#[test]
fn a_package_installed_from_a_terminal_is_not_in_the_flake() {
    let env = Env::new();
    let dir = freeze(&env, "flake");
    adopt_and_check(&env, &dir);
    let p = env.fixture.profile.display().to_string();
    env.fixture
        .sandbox
        .nix(&[
            "profile",
            "install",
            "--profile",
            &p,
            &env.scenario.installable("greeter"),
        ])
        .expect("install from a terminal");
    let list = list_json(&env);
    assert_eq!(list["managedBy"], dir.display().to_string().as_str());
    assert_eq!(list["notInFlake"], serde_json::json!(["cowsay", "greeter"]));
    let text = frost_ok(&env, &["list", "--profile", &p]);
    assert!(
        text.starts_with(&format!("Managed by {}\n", dir.display())),
        "{text}"
    );
    assert!(
        text.contains("Not in your flake (installed from elsewhere): cowsay, greeter\n"),
        "{text}"
    );
}

#[test]
fn a_flake_that_would_change_store_paths_is_refused_and_nothing_changes() {
    let env = Env::new();
    let dir = freeze(&env, "flake");
    // hello now takes figlet's package: another store path.
    let flake = dir.join("flake.nix");
    let text = std::fs::read_to_string(&flake).unwrap();
    let hello = "hello = frozen { priority = 5; } nixpkgs.legacyPackages.${system}.hello;";
    assert!(text.contains(hello), "{text}");
    let edited = text.replace(
        hello,
        "hello = frozen { priority = 5; } nixpkgs-2.legacyPackages.${system}.figlet;",
    );
    std::fs::write(&flake, edited).unwrap();

    let p = env.fixture.profile.display().to_string();
    let manifest = env.manifest_bytes();
    let generation = env.generation();
    let d = dir.display().to_string();
    let stderr = frost_err(&env, &["adopt", &d, "--profile", &p]);
    assert!(
        stderr.contains(&format!("Adopting {d} would rebuild or download hello:")),
        "{stderr}"
    );
    assert_eq!(env.manifest_bytes(), manifest, "profile unchanged");
    assert_eq!(env.generation(), generation);

    // A folder without flake.nix, and a flake Frost did not write.
    let empty = env.fixture.sandbox.root().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = empty.display().to_string();
    let stderr = frost_err(&env, &["adopt", &e, "--profile", &p]);
    assert!(
        stderr.contains("holds no flake (there is no flake.nix"),
        "{stderr}"
    );
    let tool = env.fixture.tool_repo.display().to_string();
    let stderr = frost_err(&env, &["adopt", &tool, "--profile", &p]);
    assert!(stderr.contains("was not written by Frost"), "{stderr}");
    let stderr = frost_err(&env, &["adopt", "--stop", "--profile", &p]);
    assert!(
        stderr.contains("is not managed by a flake folder"),
        "{stderr}"
    );
    assert_eq!(env.manifest_bytes(), manifest, "profile unchanged");
}

#[test]
fn stopping_returns_every_package_to_its_source_in_one_generation() {
    let env = Env::new();
    let before = elements(&env);
    let dir = freeze(&env, "flake");
    adopt_and_check(&env, &dir);
    let history = history_len(&env);
    let p = env.fixture.profile.display().to_string();
    let out = frost_ok(&env, &["adopt", "--stop", "--profile", &p]);
    assert!(out.contains("7 packages of"), "{out}");
    assert_eq!(history_len(&env), history + 1, "exactly one new generation");

    let after = elements(&env);
    assert_eq!(
        kept(&after),
        kept(&before),
        "store paths, priorities, outputs"
    );
    // Each from the very revision of its input it came from, even the
    // nixpkgs-like folder that has changed since.
    let source = |es: &[Element]| -> BTreeMap<String, (Option<String>, Option<String>)> {
        es.iter()
            .map(|e| {
                (
                    e.name.clone(),
                    (
                        e.locked_ref.as_ref().map(|r| r.to_url()),
                        e.attr_path.clone(),
                    ),
                )
            })
            .collect()
    };
    assert_eq!(source(&after), source(&before));
    assert!(after
        .iter()
        .all(|e| element_folder(e).as_deref() != Some(&dir)));
    assert_eq!(list_json(&env)["managedBy"], Value::Null);
}
