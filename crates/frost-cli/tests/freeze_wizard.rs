//! `frost freeze` with what the Freeze to Flake wizard offers: an earlier
//! generation, a folder whose name has a space and an accent, the default
//! folder in the home folder, keeping history with Git, and failures that
//! leave nothing behind. Real Nix on the fixture profile, offline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use frost_testkit::{nix_listed, FixtureProfile, NixSandbox, OFFLINE_NIX_CONFIG};
use serde_json::Value;

mod common;
use common::{frost_command, scratch_in, succeeded as ok};

fn fixture() -> &'static FixtureProfile {
    static FIXTURE: OnceLock<FixtureProfile> = OnceLock::new();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("freeze-wizard-fixture");
    FIXTURE.get_or_init(|| FixtureProfile::build_at(&dir).expect("fixture profile"))
}

fn sandbox() -> &'static NixSandbox {
    &fixture().sandbox
}

/// A path under the fixture's root for one test, not existing yet.
fn scratch(name: &str) -> PathBuf {
    scratch_in(fixture(), name)
}

fn frost(args: &[&str]) -> Command {
    frost_command(fixture(), args)
}

fn profile() -> String {
    fixture().profile.display().to_string()
}

/// `frost freeze --json --profile FIXTURE ARGS`.
fn freeze(args: &[&str]) -> Value {
    let p = profile();
    let mut all = vec!["freeze", "--json", "--profile", &p];
    all.extend_from_slice(args);
    let out = frost(&all).output().unwrap();
    serde_json::from_str(&ok(out, "frost freeze")).unwrap()
}

fn package_names(report: &Value) -> Vec<&str> {
    report["freeze"]["plan"]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = sandbox()
        .command("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    ok(out, &format!("git {args:?}"))
}

/// name → sorted store paths, as `nix profile list` shows `profile`.
fn store_paths(s: &NixSandbox, profile: &Path) -> BTreeMap<String, Vec<String>> {
    let listed = nix_listed(s, profile).unwrap_or_else(|e| panic!("{e}"));
    listed
        .into_iter()
        .map(|(name, (paths, ..))| (name, paths))
        .collect()
}

#[test]
fn an_earlier_generation_is_frozen_with_generation_n() {
    let dir = scratch("generation-1");
    let d = dir.display().to_string();
    let report = freeze(&["--generation", "1", "--out", &d]);
    assert_eq!(package_names(&report), ["hello"]);
    assert!(report["freeze"]["plan"]["unfrozen"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(report["summary"]["text"], "1 package from nixpkgs");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("path:.#hello"), "{readme}");
    assert!(!readme.contains("figlet"), "{readme}");

    // A generation the profile does not have is an error, and writes
    // nothing.
    let missing = scratch("generation-99");
    let m = missing.display().to_string();
    let p = profile();
    let out = frost(&["freeze", "--profile", &p, "--generation", "99", "--out", &m])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no generation 99"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!missing.exists());
}

#[test]
fn a_folder_with_a_space_and_an_accent_restores_with_the_readme_command() {
    let dir = scratch("Mein Profil é");
    let d = dir.display().to_string();
    let report = freeze(&["--out", &d, "--verify"]);
    let verdicts: Vec<&str> = report["verify"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["verdict"].as_str().unwrap())
        .collect();
    assert!(
        verdicts
            .iter()
            .all(|v| *v == "identical" || *v == "not-frozen"),
        "{verdicts:?}"
    );

    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let start = readme.find("```sh\n").expect("a shell block") + 6;
    let end = start + readme[start..].find("```").unwrap();
    let script = &readme[start..end];
    assert!(script.starts_with("nix profile install"), "{script}");
    // A fresh profile of another user, restored by the README's very line.
    let other = NixSandbox::new().unwrap();
    let restored = other.state_home().join("nix/profiles/profile");
    let out = other
        .command("sh")
        .args(["-euc", script])
        .current_dir(&dir)
        .output()
        .unwrap();
    ok(out, "the README's command");
    let mut original = store_paths(sandbox(), &fixture().profile);
    original.remove("cowsay");
    assert_eq!(store_paths(&other, &restored), original);
}

#[test]
fn git_keeps_the_history_and_nix_reads_the_folder_as_a_git_flake() {
    let dir = scratch("Mit Git é");
    let d = dir.display().to_string();
    let report = freeze(&["--git", "--out", &d]);
    let g = &report["freeze"]["git"];
    assert_eq!(g["initialized"], true);
    assert_eq!(git(&dir, &["rev-list", "--count", "HEAD"]).trim(), "1");
    assert_eq!(
        git(&dir, &["ls-tree", "--name-only", "HEAD"]),
        "README.md\nflake.lock\nflake.nix\n"
    );
    assert_eq!(
        git(&dir, &["log", "--format=%s"]).trim(),
        "Freeze profile (7 packages)"
    );
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]).trim(), g["commit"]);
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");

    // Given as a folder, Nix takes it as a Git flake: only committed files.
    let meta: Value =
        serde_json::from_str(&sandbox().nix(&["flake", "metadata", "--json", &d]).unwrap())
            .unwrap();
    assert_eq!(meta["locked"]["type"], "git", "{meta}");
    let system = &fixture().system;
    let hello = sandbox()
        .nix(&[
            "eval",
            "--raw",
            &format!("{d}#packages.{system}.hello.outPath"),
        ])
        .unwrap();
    assert_eq!(
        vec![hello],
        store_paths(sandbox(), &fixture().profile)["hello"]
    );
}

#[test]
fn git_without_an_identity_commits_as_frost() {
    let dir = scratch("git-no-identity");
    let d = dir.display().to_string();
    let p = profile();
    let mut cmd = frost(&["freeze", "--json", "--git", "--profile", &p, "--out", &d]);
    for var in [
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ] {
        cmd.env_remove(var);
    }
    let report: Value = serde_json::from_str(&ok(cmd.output().unwrap(), "frost freeze")).unwrap();
    // Git may still find a name and a mail of its own (a host name with a
    // domain); only when it cannot must Frost step in.
    let git_knows = sandbox()
        .command("git")
        .args(["var", "GIT_AUTHOR_IDENT"])
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .status()
        .unwrap()
        .success();
    eprintln!("git knows an identity of its own: {git_knows}");
    assert_eq!(report["freeze"]["git"]["fallbackIdentity"], !git_knows);
    if !git_knows {
        assert_eq!(
            git(&dir, &["log", "--format=%an <%ae>"]).trim(),
            "Frost <frost@localhost>"
        );
        // Only for that commit: the user's configuration is untouched.
        assert!(!sandbox().home().join(".gitconfig").exists());
        assert!(!git(&dir, &["config", "--list", "--local"]).contains("user."));
    }
}

#[test]
fn missing_git_is_a_clear_error_and_the_freeze_stays() {
    let dir = scratch("no-git");
    let d = dir.display().to_string();
    // A PATH with nix and nothing else.
    let bin = scratch("only-nix-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let nix = which("nix");
    std::os::unix::fs::symlink(&nix, bin.join("nix")).unwrap();
    let p = profile();
    let out = frost(&["freeze", "--git", "--profile", &p, "--out", &d])
        .env("PATH", &bin)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Git is not installed"), "{err}");
    assert!(err.contains("git init"), "a next step: {err}");
    assert_eq!(names_in(&dir), ["README.md", "flake.lock", "flake.nix"]);
}

fn which(program: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{program} not on PATH"))
}

#[test]
fn without_out_the_freeze_goes_to_a_new_folder_in_home() {
    let home = sandbox().home();
    for n in ["nix-profile-flake", "nix-profile-flake-2"] {
        let _ = std::fs::remove_dir_all(home.join(n));
    }
    let first = freeze(&["--only", "hello"]);
    assert_eq!(
        first["freeze"]["out"],
        home.join("nix-profile-flake").display().to_string()
    );
    let second = freeze(&["--only", "hello"]);
    assert_eq!(
        second["freeze"]["out"],
        home.join("nix-profile-flake-2").display().to_string()
    );
    assert_eq!(
        names_in(&home.join("nix-profile-flake-2")),
        ["README.md", "flake.lock", "flake.nix"]
    );
}

#[test]
fn a_failed_freeze_removes_the_folders_it_made_and_keeps_the_others() {
    let p = profile();
    // The ref cannot be locked (offline, and it does not exist).
    let follow = "nixpkgs=github:NixOS/nixpkgs/nixos-26.11";
    // One download attempt: Nix otherwise retries for seconds offline.
    let one_try = format!("{OFFLINE_NIX_CONFIG}\ndownload-attempts = 1");
    let parent = scratch("failed-new");
    let target = parent.join("deeper/flake");
    let t = target.display().to_string();
    let out = frost(&["freeze", "--profile", &p, "--out", &t, "--follow", follow])
        .env("NIX_CONFIG", &one_try)
        .output()
        .unwrap();
    assert!(!out.status.success());
    // It failed where the new branch is locked, after the folders were made.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nix flake lock"), "{err}");
    assert!(!parent.exists(), "every folder the freeze made is gone");

    let kept = scratch("failed-existing");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::write(kept.join("flake.nix"), "mine").unwrap();
    std::fs::write(kept.join("notes.txt"), "mine too").unwrap();
    let k = kept.display().to_string();
    let out = frost(&[
        "freeze",
        "--force",
        "--profile",
        &p,
        "--out",
        &k,
        "--follow",
        follow,
    ])
    .env("NIX_CONFIG", &one_try)
    .output()
    .unwrap();
    assert!(!out.status.success());
    assert_eq!(names_in(&kept), ["flake.nix", "notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(kept.join("flake.nix")).unwrap(),
        "mine"
    );
}
