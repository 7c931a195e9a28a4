//! `frost install/remove/upgrade/rollback` on real profiles built by real
//! Nix, offline, each test in its own temporary sandbox: the generations
//! they make, what they print on stderr, how they fail, and Ctrl+C.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use frost_core::profile::Profile;
use frost_testkit::{FixtureProfile, ScenarioFlake};

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

    /// Runs frost; its stdout must stay empty (progress goes to stderr).
    fn frost(&self, args: &[&str]) -> (Output, String) {
        let out = self.command(args).output().expect("run frost");
        assert!(
            out.stdout.is_empty(),
            "{:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        let stderr = String::from_utf8(out.stderr.clone()).expect("utf-8");
        assert!(
            !stderr.contains('\x1b'),
            "no escapes into a pipe: {stderr:?}"
        );
        (out, stderr)
    }

    fn frost_ok(&self, args: &[&str]) -> String {
        let (out, stderr) = self.frost(args);
        assert!(out.status.success(), "frost {args:?}: {stderr}");
        stderr
    }

    fn profile(&self) -> Profile {
        Profile::open(&self.fixture.profile).expect("profile")
    }

    fn generation(&self) -> u64 {
        self.profile().current_generation().expect("current").number
    }

    fn version_of(&self, name: &str) -> Option<String> {
        let manifest = self.profile().manifest(None).expect("manifest");
        manifest.element(name)?.version.clone()
    }
}

fn last_line(text: &str) -> &str {
    text.trim_end().lines().last().unwrap_or("")
}

#[test]
fn remove_install_and_rollback_make_their_generations() {
    let env = Env::new();
    let stderr = env.frost_ok(&["remove", "hello"]);
    assert!(stderr.starts_with("Removing hello…\n"), "{stderr}");
    assert_eq!(last_line(&stderr), "Removed hello (generation 6 → 7).");
    assert_eq!(env.version_of("hello"), None);

    let greeter = env.scenario.installable("greeter");
    let stderr = env.frost_ok(&["install", &greeter]);
    assert_eq!(last_line(&stderr), "Installed greeter (generation 7 → 8).");
    assert_eq!(env.version_of("greeter").as_deref(), Some("1.0"));
    // Nix's own messages come through; the builder's output only with -L.
    assert!(stderr.contains("-greeter-1.0.drv'..."), "{stderr}");
    assert!(!stderr.contains("greeter> building greeter"), "{stderr}");

    let stderr = env.frost_ok(&["rollback"]);
    assert_eq!(
        last_line(&stderr),
        "Rolled back to the previous generation (generation 8 → 7)."
    );
    let stderr = env.frost_ok(&["rollback", "--to", "6"]);
    assert_eq!(
        last_line(&stderr),
        "Rolled back to generation 6 (generation 7 → 6)."
    );
    assert_eq!(env.version_of("hello").as_deref(), Some("2.12.1"));
    assert_eq!(env.version_of("greeter"), None);

    // An explicit --profile, reached through ~/.nix-profile, is the same.
    let home_link = env.fixture.sandbox.home().join(".nix-profile");
    let stderr = env.frost_ok(&[
        "remove",
        "--profile",
        &home_link.to_string_lossy(),
        "figlet",
    ]);
    assert_eq!(last_line(&stderr), "Removed figlet (generation 6 → 9).");
    assert_eq!(std::fs::read_link(&home_link).unwrap(), env.fixture.profile);
}

#[test]
fn upgrade_names_or_all() {
    let env = Env::new();
    env.fixture.set_hello_version("2.12.2").expect("new hello");
    let stderr = env.frost_ok(&["upgrade", "hello"]);
    assert_eq!(last_line(&stderr), "Updated hello (generation 6 → 7).");
    assert_eq!(env.version_of("hello").as_deref(), Some("2.12.2"));

    env.fixture
        .set_hello_version("2.12.3")
        .expect("newer hello");
    let stderr = env.frost_ok(&["upgrade", "--all"]);
    assert_eq!(
        last_line(&stderr),
        "Updated all packages (generation 7 → 8)."
    );
    assert_eq!(env.version_of("hello").as_deref(), Some("2.12.3"));

    let (out, stderr) = env.frost(&["upgrade"]);
    assert_eq!(out.status.code(), Some(2), "a usage error: {stderr}");
    let (out, _) = env.frost(&["upgrade", "--all", "hello"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.generation(), 8);
}

#[test]
fn a_failed_build_shows_nixs_message_the_explanation_and_the_builds_end() {
    let env = Env::new();
    let broken = env.scenario.installable("broken");
    let (out, stderr) = env.frost(&["install", &broken]);
    assert_eq!(out.status.code(), Some(1));
    let at = stderr
        .find("frost: “nix profile install")
        .expect("the error line");
    let report = &stderr[at..];
    for part in [
        "failed (exit status 1): builder for '/nix/store/",
        "-broken-1.0.drv' failed with exit code 2",
        "broken failed to build: its build script stopped with an error (exit code 2).",
        "The build's last lines:\n  broken> configuring broken\n  broken> src/broken.c:1:1: error: expected ';' before '}' token",
        "The profile is unchanged: still generation 6.",
    ] {
        assert!(report.contains(part), "{part:?} in:\n{report}");
    }
    // Nix's message is shown once, in the report.
    assert_eq!(
        stderr.matches("failed with exit code 2").count(),
        1,
        "{stderr}"
    );
    // With -L the build's lines were shown as they came, not again.
    let (_, stderr) = env.frost(&["install", "-L", &broken]);
    let shown = stderr
        .find("broken> configuring broken")
        .expect("-L shows the build");
    assert!(shown < stderr.find("frost: ").expect("the report"));
    assert!(!stderr.contains("The build's last lines:"));
    assert_eq!(env.generation(), 6);
}

#[test]
fn a_file_conflict_suggests_a_priority() {
    let env = Env::new();
    let (out, stderr) = env.frost(&["install", &env.scenario.installable("cowsay")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("Two packages contain the same file, bin/cowsay: cowsay-3.7.0, already installed, and cowsay-3.8.0."),
        "{stderr}"
    );
    assert!(stderr
        .contains("with priority 4 to prefer it, or with priority 6 to keep the installed one"));
    assert!(stderr.contains("Or remove cowsay first."));
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
fn ctrl_c_cancels_the_build_and_leaves_the_profile_as_it_was() {
    let env = Env::new();
    let manifest_before = std::fs::read(env.fixture.profile.join("manifest.json")).unwrap();
    let mut child = env
        .command(&["install", &env.scenario.installable("slow")])
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
    assert!(
        rest.contains("Cancelling: Nix has 3 seconds to stop before it is killed. The profile stays as it was."),
        "{rest}"
    );
    assert_eq!(
        last_line(&rest),
        "Cancelled. The profile is unchanged: still generation 6."
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
