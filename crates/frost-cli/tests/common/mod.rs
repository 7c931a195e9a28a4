//! What the tests of frost's change commands share: a fixture profile with
//! the scenario flake beside it, and Ctrl+C during a slow build. Each test
//! binary uses only part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use frost_core::profile::Profile;
use frost_testkit::{FixtureProfile, NixSandbox, ScenarioFlake};

/// `frost ARGS` in `fixture`'s sandbox, in English.
pub fn frost_command(fixture: &FixtureProfile, args: &[&str]) -> Command {
    let mut cmd = fixture.sandbox.command(env!("CARGO_BIN_EXE_frost"));
    cmd.args(args).env("LANGUAGE", "en");
    cmd
}

/// `frost ARGS` in the sandbox `s`, in English, run to its end.
pub fn frost_in(s: &NixSandbox, args: &[&str]) -> Output {
    s.command(env!("CARGO_BIN_EXE_frost"))
        .args(args)
        .env("LANGUAGE", "en")
        .output()
        .expect("run frost")
}

/// A command's stdout, after asserting it succeeded (its stderr and stdout
/// in the message if not).
pub fn succeeded(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A path for one test's output under `fixture`'s root, not existing yet.
pub fn scratch_in(fixture: &FixtureProfile, name: &str) -> PathBuf {
    let dir = fixture.sandbox.root().join("scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent).expect("scratch folder");
    }
    dir
}

pub struct Env {
    pub fixture: FixtureProfile,
    pub scenario: ScenarioFlake,
}

impl Env {
    pub fn new() -> Env {
        let fixture = FixtureProfile::build().expect("fixture profile");
        let scenario = ScenarioFlake::write_in(&fixture.sandbox).expect("scenario flake");
        Env { fixture, scenario }
    }

    /// `frost ARGS` in the sandbox, in English.
    pub fn command(&self, args: &[&str]) -> Command {
        frost_command(&self.fixture, args)
    }

    pub fn profile(&self) -> Profile {
        Profile::open(&self.fixture.profile).expect("profile")
    }

    pub fn generation(&self) -> u64 {
        self.profile().current_generation().expect("current").number
    }

    pub fn manifest_bytes(&self) -> Vec<u8> {
        std::fs::read(self.fixture.profile.join("manifest.json")).expect("manifest")
    }

    /// Starts `frost ARGS`, which must build the scenario's slow package,
    /// waits until the builder runs, sends Ctrl+C (SIGINT) and waits for
    /// frost to end. Returns its status, the stderr before the signal and
    /// the rest; checks that no builder outlives it.
    pub fn interrupt_slow_build(&self, args: &[&str]) -> (ExitStatus, String, String) {
        let mut child: Child = self
            .command(args)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("frost starts");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut seen = String::new();
        // Wait until Nix runs the build, then let the builder get going.
        while !seen.contains("-slow-1.0.drv'...") {
            let mut line = String::new();
            assert!(
                stderr.read_line(&mut line).expect("read") > 0,
                "frost ended: {seen}"
            );
            seen.push_str(&line);
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while processes_with(&self.scenario.nonce) < 2 {
            assert!(Instant::now() < deadline, "the builder never started");
            std::thread::sleep(Duration::from_millis(50));
        }

        let pid = libc::pid_t::try_from(child.id()).expect("pid");
        // SAFETY: signals our own child.
        unsafe { libc::kill(pid, libc::SIGINT) };
        let status = child.wait().expect("frost ends");
        let mut rest = String::new();
        stderr.read_to_string(&mut rest).expect("read");

        let deadline = Instant::now() + Duration::from_secs(10);
        while processes_with(&self.scenario.nonce) > 0 {
            assert!(Instant::now() < deadline, "the builder outlived frost");
            std::thread::sleep(Duration::from_millis(50));
        }
        (status, seen, rest)
    }
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
