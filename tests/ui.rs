//! Runs the real `frost-gui` on real Nix profiles in a private X, D-Bus and
//! accessibility session, and reads what its window shows the way a screen
//! reader does (tests/ui/*.sh, tests/ui/atspi_check.py). Needs nix, Xvfb,
//! dbus-run-session and python3-pyatspi; a missing tool fails the test with
//! its message rather than skipping it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

const BINARY: &str = env!("CARGO_BIN_EXE_frost-gui");

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui")
}

/// A folder under cargo's per-target temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("ui-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    if !output.status.success() {
        panic!(
            "{command:?} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output
}

/// A real profile of four fake packages, built and installed by real Nix,
/// offline, with HOME and the XDG folders inside `dir`.
fn make_profile(dir: &Path) -> PathBuf {
    run(Command::new(ui_dir().join("make-profile.sh")).arg(dir));
    dir.join("profile")
}

/// Starts frost-gui on `profile` and checks its accessibility tree.
fn check_window(profile: &Path, checks: &[&str]) -> String {
    let output = run(Command::new(ui_dir().join("check-window.sh"))
        .arg(BINARY)
        .arg(profile)
        .args(["--timeout", "60"])
        .args(checks));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn rows_show_each_package_name_version_and_source() {
    let tmp = TempDir::new("rows");
    let profile = make_profile(&tmp.0);
    let flake = tmp.0.join("flake");
    let source = format!("local folder {}", flake.display());

    let shown = check_window(
        &profile,
        &[
            "--row",
            "hello",
            "2.12.1",
            "--row",
            "ripgrep",
            "14.1.0",
            "--row",
            "frost-demo-tool",
            "0-unstable-2024-05-12",
            "--row",
            "unversioned",
            "no version",
            "--count-rows",
            "4",
            "--text",
            "profile",
            "--text",
            "4 packages",
            "--text-containing",
            &source,
            "--absent",
            "No Packages Yet",
        ],
    );
    // The row's own accessible name is the sentence a screen reader speaks.
    assert!(
        shown.contains(&format!("row 'hello, version 2.12.1, from {source}")),
        "{shown}"
    );
}

#[test]
fn missing_profile_shows_the_error_and_a_way_out() {
    let tmp = TempDir::new("missing");
    let missing = tmp.0.join("no-such-profile");

    check_window(
        &missing,
        &[
            "--text",
            "Cannot Show This Profile",
            "--text-containing",
            &format!("No Nix profile at {}", missing.display()),
            "--text",
            "Try Again",
            "--count-rows",
            "0",
        ],
    );
}

#[test]
fn profile_with_every_package_removed_says_it_is_empty() {
    let tmp = TempDir::new("empty");
    let profile = make_profile(&tmp.0);
    run(Command::new("nix")
        .args(["profile", "remove", "--all", "--profile"])
        .arg(&profile)
        .envs(nix_env(&tmp.0)));

    check_window(
        &profile,
        &[
            "--text",
            "No Packages Yet",
            "--text",
            "0 packages",
            "--count-rows",
            "0",
        ],
    );
}

/// The same private HOME, XDG folders and offline settings make-profile.sh
/// uses, for running nix on its profile afterwards.
fn nix_env(dir: &Path) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("HOME", "home"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), dir.join(v).display().to_string()))
    .collect();
    env.push((
        "NIX_CONFIG".into(),
        "experimental-features = nix-command flakes\nsandbox = false\nsubstituters =".into(),
    ));
    env
}
