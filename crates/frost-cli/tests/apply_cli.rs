//! `frost apply` runs through the queue like `frost install`: progress on
//! stderr, its summary (or JSON) on stdout, Ctrl+C cancels and leaves the
//! profile as it was. Real Nix, offline, in a temporary sandbox; folders
//! offering the scenario flake's packages stand in for frozen folders.

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

mod common;
use common::Env;

fn frost(env: &Env, args: &[&str]) -> (Output, String, String) {
    let out = env.command(args).output().expect("run frost");
    let stdout = String::from_utf8(out.stdout.clone()).expect("utf-8");
    let stderr = String::from_utf8(out.stderr.clone()).expect("utf-8");
    assert!(
        !stderr.contains('\x1b'),
        "no escapes into a pipe: {stderr:?}"
    );
    (out, stdout, stderr)
}

/// A folder offering the scenario flake's `packages`.
fn folder(env: &Env, name: &str, packages: &[&str]) -> String {
    let dir = env.fixture.sandbox.root().join(name);
    env.scenario
        .frozen_folder(&dir, packages)
        .expect("folder written");
    dir.display().to_string()
}

/// Where a new profile `name` goes (its folder exists, it does not).
fn new_profile(env: &Env, name: &str) -> PathBuf {
    let dir = env.fixture.sandbox.root().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("profile")
}

#[test]
fn progress_goes_to_stderr_and_the_summary_or_json_to_stdout() {
    let env = Env::new();
    let dir = folder(&env, "greeting", &["greeter"]);
    let target = new_profile(&env, "first");
    let t = target.display().to_string();
    let (out, stdout, stderr) = frost(&env, &["apply", &dir, "--profile", &t]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.starts_with(&format!("Installing the packages of {dir}…\n")),
        "{stderr}"
    );
    assert!(stderr.contains("-greeter-1.0.drv'..."), "{stderr}");
    assert_eq!(
        stdout,
        format!("Installed 1 package into {t} (generation 1).\n")
    );

    let target = new_profile(&env, "second");
    let t = target.display().to_string();
    let (out, stdout, stderr) = frost(
        &env,
        &["apply", &dir, "--profile", &t, "--replace", "--json"],
    );
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.starts_with(&format!("Replacing the packages with those of {dir}…\n")),
        "{stderr}"
    );
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        report,
        serde_json::json!({ "profile": t, "installed": ["greeter"], "generation": 1 })
    );
}

#[test]
fn a_folder_without_a_flake_is_refused() {
    let env = Env::new();
    let dir = env.fixture.sandbox.root().join("notes");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display().to_string();
    let p = env.fixture.profile.display().to_string();
    let (out, stdout, stderr) = frost(&env, &["apply", &d, "--profile", &p]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains(&format!(
            "frost: The folder {d} holds no flake (there is no flake.nix in it)."
        )),
        "{stderr}"
    );
    assert_eq!(env.generation(), 6);
}

#[test]
fn ctrl_c_cancels_the_apply_and_leaves_the_profile_as_it_was() {
    let env = Env::new();
    let dir = folder(&env, "slow", &["slow"]);
    let manifest_before = env.manifest_bytes();
    let p = env.fixture.profile.display().to_string();
    let (status, seen, rest) = env.interrupt_slow_build(&["apply", &dir, "--profile", &p]);
    assert_eq!(status.code(), Some(130), "{seen}{rest}");
    assert_eq!(
        rest.trim_end().lines().last(),
        Some("Cancelled. The profile is unchanged: still generation 6.")
    );
    assert_eq!(env.generation(), 6);
    assert_eq!(env.manifest_bytes(), manifest_before);
}

/// The profile's generation numbers, as `nix profile history` lists them.
fn history(env: &Env) -> Vec<String> {
    let p = env.fixture.profile.display().to_string();
    let out = env
        .fixture
        .sandbox
        .nix(&["profile", "history", "--profile", &p])
        .unwrap_or_else(|e| panic!("{e}"));
    out.lines()
        .filter_map(|l| l.split("Version ").nth(1))
        .filter_map(|v| v.split_whitespace().next())
        .map(|v| v.replace("\u{1b}[1m", "").replace("\u{1b}[0m", ""))
        .collect()
}

#[test]
fn adding_another_version_replaces_it_in_one_generation_or_changes_nothing() {
    let env = Env::new();
    let p = env.fixture.profile.display().to_string();
    let manifest = || String::from_utf8(env.manifest_bytes()).expect("utf-8");
    let old_cowsay = manifest()
        .split('"')
        .find(|s| s.ends_with("-cowsay-3.7.0"))
        .expect("the fixture's cowsay")
        .to_owned();
    let before = history(&env);
    assert_eq!(before.len(), 6, "{before:?}");

    // A build that fails after the old version left the staged copy.
    let failing = folder(&env, "newer and broken", &["cowsay", "broken"]);
    let bytes = env.manifest_bytes();
    let link = std::fs::read_link(&env.fixture.profile).unwrap();
    let (out, stdout, stderr) = frost(&env, &["apply", &failing, "--profile", &p]);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("broken"), "{stderr}");
    assert_eq!(history(&env), before);
    assert_eq!(std::fs::read_link(&env.fixture.profile).unwrap(), link);
    assert_eq!(env.manifest_bytes(), bytes);

    // The preview says the incoming cowsay replaces the installed one.
    let dir = folder(&env, "newer", &["cowsay"]);
    let (out, stdout, stderr) = frost(&env, &["apply", &dir, "--dry-run", "--profile", &p]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains(
            "\nDifferent version here, replaced when added (1):\n  cowsay 3.7.0 → 3.8.0\n"
        ),
        "{stdout}"
    );

    let (out, stdout, stderr) = frost(&env, &["apply", &dir, "--profile", &p]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout,
        format!("Installed 1 package into {p} (generation 7).\n")
    );
    let after = history(&env);
    assert_eq!(after.len(), 7, "exactly one new generation: {after:?}");
    let now = manifest();
    assert!(!now.contains(&old_cowsay), "{old_cowsay} is gone: {now}");
    assert!(now.contains("-cowsay-3.8.0"), "{now}");
    for kept in [
        "7zip", "figlet", "hello", "hello-1", "multi", "painter", "pip",
    ] {
        assert!(now.contains(&format!("\"{kept}\":")), "{kept} kept: {now}");
    }
}
