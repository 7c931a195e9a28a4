//! `frost apply` runs through the queue like `frost install`: progress on
//! stderr, its summary (or JSON) on stdout, Ctrl+C cancels and leaves the
//! profile as it was. Real Nix, offline, in a temporary sandbox; folders
//! offering the scenario flake's packages stand in for frozen folders.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use frost_core::profile::Profile;
use frost_testkit::{FixtureProfile, ScenarioFlake};
use serde_json::Value;

struct Env {
    fixture: FixtureProfile,
    scenario: ScenarioFlake,
}

impl Env {
    fn new() -> Env {
        let fixture = FixtureProfile::build().expect("fixture profile");
        let scenario = ScenarioFlake::write_in(&fixture.sandbox).expect("scenario flake");
        Env { fixture, scenario }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = self.fixture.sandbox.command(env!("CARGO_BIN_EXE_frost"));
        cmd.args(args).env("LANGUAGE", "en");
        cmd
    }

    fn frost(&self, args: &[&str]) -> (Output, String, String) {
        let out = self.command(args).output().expect("run frost");
        let stdout = String::from_utf8(out.stdout.clone()).expect("utf-8");
        let stderr = String::from_utf8(out.stderr.clone()).expect("utf-8");
        assert!(
            !stderr.contains('\x1b'),
            "no escapes into a pipe: {stderr:?}"
        );
        (out, stdout, stderr)
    }

    /// A folder offering the scenario flake's `packages`.
    fn folder(&self, name: &str, packages: &[&str]) -> String {
        let dir = self.fixture.sandbox.root().join(name);
        self.scenario
            .frozen_folder(&dir, packages)
            .expect("folder written");
        dir.display().to_string()
    }

    /// Where a new profile `name` goes (its folder exists, it does not).
    fn new_profile(&self, name: &str) -> PathBuf {
        let dir = self.fixture.sandbox.root().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("profile")
    }

    fn generation(&self) -> u64 {
        let profile = Profile::open(&self.fixture.profile).expect("profile");
        profile.current_generation().expect("current").number
    }
}

#[test]
fn progress_goes_to_stderr_and_the_summary_or_json_to_stdout() {
    let env = Env::new();
    let dir = env.folder("greeting", &["greeter"]);
    let target = env.new_profile("first");
    let t = target.display().to_string();
    let (out, stdout, stderr) = env.frost(&["apply", &dir, "--profile", &t]);
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

    let target = env.new_profile("second");
    let t = target.display().to_string();
    let (out, stdout, stderr) = env.frost(&["apply", &dir, "--profile", &t, "--replace", "--json"]);
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
    let (out, stdout, stderr) = env.frost(&["apply", &d, "--profile", &p]);
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

/// Processes whose environment holds `marker`.
fn processes_with(marker: &str) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read(e.path().join("environ")).ok())
        .filter(|env| env.windows(marker.len()).any(|w| w == marker.as_bytes()))
        .count()
}

#[test]
fn ctrl_c_cancels_the_apply_and_leaves_the_profile_as_it_was() {
    let env = Env::new();
    let dir = env.folder("slow", &["slow"]);
    let manifest_before = std::fs::read(env.fixture.profile.join("manifest.json")).unwrap();
    let p = env.fixture.profile.display().to_string();
    let mut child = env
        .command(&["apply", &dir, "--profile", &p])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("frost starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut seen = String::new();
    while !seen.contains("-slow-1.0.drv'...") {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).expect("read") > 0,
            "frost ended: {seen}"
        );
        seen.push_str(&line);
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while processes_with(&env.scenario.nonce) < 2 {
        assert!(Instant::now() < deadline, "the builder never started");
        std::thread::sleep(Duration::from_millis(50));
    }

    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: signals our own child.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let status = child.wait().expect("frost ends");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).expect("read");
    assert_eq!(status.code(), Some(130), "{seen}{rest}");
    assert_eq!(
        rest.trim_end().lines().last(),
        Some("Cancelled. The profile is unchanged: still generation 6.")
    );
    assert_eq!(env.generation(), 6);
    let manifest_after = std::fs::read(env.fixture.profile.join("manifest.json")).unwrap();
    assert_eq!(manifest_after, manifest_before);
    let deadline = Instant::now() + Duration::from_secs(10);
    while processes_with(&env.scenario.nonce) > 0 {
        assert!(Instant::now() < deadline, "the builder outlived frost");
        std::thread::sleep(Duration::from_millis(50));
    }
}
