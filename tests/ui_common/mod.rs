//! Shared by the UI tests (tests/ui*.rs), which run the real `frost-gui` on
//! real Nix profiles (frost-testkit's fixture, built offline in a temporary
//! HOME) in a private X, D-Bus and accessibility session, act on it the way
//! a user does (clicks, typing) and read what its window shows the way a
//! screen reader does (tests/ui/check-window.sh, tests/ui/atspi_check.py). Needs nix, Xvfb, dbus-run-session and
//! python3-pyatspi; a missing tool fails the test with its message rather
//! than skipping it.

// Each test binary uses its own share of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use frost_testkit::{FixtureProfile, NixSandbox};

pub const BINARY: &str = env!("CARGO_BIN_EXE_frost-gui");

pub fn check_window_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/check-window.sh")
}

/// Starts `binary` (on `profile`, or with no argument when `None`) inside
/// `sandbox`'s environment and runs the checker's rounds on its window;
/// returns everything printed (the checker's rows and the app's own output).
pub fn check_with(
    sandbox: &NixSandbox,
    binary: &Path,
    profile: Option<&Path>,
    checks: &[&str],
) -> String {
    let mut command = sandbox.command(check_window_script());
    command
        .arg(binary)
        .arg(profile.unwrap_or(Path::new("")))
        .args(["--timeout", "60"])
        .args(checks);
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

pub fn check_window(sandbox: &NixSandbox, profile: Option<&Path>, checks: &[&str]) -> String {
    check_with(sandbox, Path::new(BINARY), profile, checks)
}

/// A `frost-gui` for the checker to start: a script in the sandbox that
/// runs the app with the variables `env` (`NAME=value …`) and the
/// arguments `args` (shell words) before the checker's own.
pub fn wrapped_app(sandbox: &NixSandbox, env: &str, args: &str) -> PathBuf {
    let bin = sandbox.root().join("bin");
    std::fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
    let wrapper = bin.join("frost-gui");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\n{env} exec {BINARY} {args} \"$@\"\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let made = std::process::Command::new("chmod")
        .arg("+x")
        .arg(&wrapper)
        .status();
    assert!(made.is_ok_and(|s| s.success()));
    wrapper
}

pub fn fixture() -> FixtureProfile {
    FixtureProfile::build().unwrap_or_else(|e| panic!("cannot build the fixture profile: {e}"))
}

/// Every element of the fixture as its row shows it: the app by its own
/// name, the rest by element name, each with its store path's version.
pub const ROWS: [(&str, &str); 8] = [
    ("7zip", "24.08"),
    ("cowsay", "3.7.0"),
    ("figlet", "2.2.5"),
    ("hello", "2.12.1"),
    ("hello-1", "2.13"),
    ("multi", "1.0"),
    ("Painter", "3.0.1"),
    ("pip", "24.0"),
];

pub fn row_checks() -> Vec<&'static str> {
    ROWS.iter()
        .flat_map(|(name, version)| ["--row", name, version])
        .collect()
}

/// The steps that install `installable` as a person does from the main
/// menu: Install Package…, the reference typed, Install.
pub fn install_steps(installable: &str) -> [&str; 11] {
    [
        "--press",
        "Main Menu",
        "--press",
        "Install Package…",
        "--text",
        "Install Package",
        "--next",
        "--type",
        installable,
        "--press-in-alert",
        "Install",
    ]
}

/// Single-quotes `path` for the checker's `--run` shell command.
pub fn shell_quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Processes whose environment holds `marker` (the scenario flake's nonce
/// is in every build from it).
pub fn processes_with(marker: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            environ
                .windows(marker.len())
                .any(|w| w == marker.as_bytes())
                .then_some(pid)
        })
        .collect()
}

/// Kills what a failed test left running (a build that was meant to be
/// cancelled), so one failure does not keep a builder alive.
pub struct KillOnDrop(pub String);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        for pid in processes_with(&self.0) {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

/// The fixture frozen into the folder `name` beside it, by the same engine
/// as `frost freeze`.
pub fn frozen_folder(fixture: &FixtureProfile, name: &str) -> PathBuf {
    frozen_folder_of(&fixture.sandbox, &fixture.profile, name)
}

/// The profile `path` in `sandbox` frozen into the folder `name` beside it.
pub fn frozen_folder_of(sandbox: &NixSandbox, path: &Path, name: &str) -> PathBuf {
    frozen_folder_with(sandbox, path, name, false)
}

/// [`frozen_folder_of`], with `git` as `frost freeze --git`: the folder
/// becomes a Git repository holding the freeze as its first commit.
pub fn frozen_folder_with(sandbox: &NixSandbox, path: &Path, name: &str, git: bool) -> PathBuf {
    let profile = frost_core::profile::Profile::open(path).unwrap_or_else(|e| panic!("{e}"));
    let manifest = profile.manifest(None).unwrap_or_else(|e| panic!("{e}"));
    let env = sandbox
        .env()
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let nix = frost_core::nix::NixSetup { binary: None, env };
    let out = sandbox.root().join(name);
    let request = frost_core::freeze::engine::FreezeRequest {
        options: frost_core::freeze::plan::FreezeOptions::default(),
        out: out.clone(),
        force: false,
        profile: Some(path.to_path_buf()),
        generation: None,
        git,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(frost_core::freeze::engine::freeze(
        &nix,
        &manifest.elements,
        &request,
    ))
    .unwrap_or_else(|e| panic!("cannot freeze the fixture: {e}"));
    out
}

/// Runs `op` in `sandbox` through the core's queue, as the window's worker
/// does; what it did, or a panic saying why it failed.
pub fn run_operation(
    sandbox: &NixSandbox,
    op: frost_core::ops::Operation,
) -> frost_core::ops::Completed {
    use frost_core::ops::{NixContext, OpEvent, OpQueue};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(async {
        let mut ctx = NixContext::detect()
            .await
            .unwrap_or_else(|e| panic!("nix: {e}"));
        for (key, value) in sandbox.env() {
            ctx = ctx.env(key, value);
        }
        let (queue, mut events) = OpQueue::new(ctx, tokio::runtime::Handle::current());
        let id = queue.submit(op);
        loop {
            let event = events
                .recv()
                .await
                .unwrap_or_else(|| panic!("the queue closed"));
            if let (true, OpEvent::Finished(result)) = (event.id == id, event.event) {
                return result.unwrap_or_else(|failed| panic!("{failed:?}"));
            }
        }
    })
}

/// The fixture frozen into ~/nix-profile-flake, which then manages the
/// profile (as *Manage My Profile With This Flake* does); the folder.
pub fn managed_fixture(fixture: &FixtureProfile) -> PathBuf {
    managed_profile(&fixture.sandbox, &fixture.profile)
}

/// The profile `profile` in `sandbox` frozen into ~/nix-profile-flake,
/// which then manages it; the folder.
pub fn managed_profile(sandbox: &NixSandbox, profile: &Path) -> PathBuf {
    managed_profile_with(sandbox, profile, false)
}

/// [`managed_profile`], the folder a Git repository when `git` (as
/// `frost freeze --git` makes it).
pub fn managed_profile_with(sandbox: &NixSandbox, profile: &Path, git: bool) -> PathBuf {
    let folder = frozen_folder_with(sandbox, profile, "home/nix-profile-flake", git);
    let source = frost_core::freeze::source::ApplySource::parse(&folder.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    run_operation(
        sandbox,
        frost_core::ops::Operation::Adopt {
            source,
            into: None,
            profile: profile.to_path_buf(),
        },
    );
    folder
}
