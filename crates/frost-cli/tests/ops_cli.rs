//! `frost install/remove/upgrade/rollback` on real profiles built by real
//! Nix, offline, each test in its own temporary sandbox: the generations
//! they make, what they print on stderr, how they fail, and Ctrl+C.

use std::process::Output;

mod common;
use common::Env;

/// Runs frost; its stdout must stay empty (progress goes to stderr).
fn frost(env: &Env, args: &[&str]) -> (Output, String) {
    let out = env.command(args).output().expect("run frost");
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

fn frost_ok(env: &Env, args: &[&str]) -> String {
    let (out, stderr) = frost(env, args);
    assert!(out.status.success(), "frost {args:?}: {stderr}");
    stderr
}

fn version_of(env: &Env, name: &str) -> Option<String> {
    let manifest = env.profile().manifest(None).expect("manifest");
    manifest.element(name)?.version.clone()
}

fn last_line(text: &str) -> &str {
    text.trim_end().lines().last().unwrap_or("")
}

#[test]
fn remove_install_and_rollback_make_their_generations() {
    let env = Env::new();
    let stderr = frost_ok(&env, &["remove", "hello"]);
    assert!(stderr.starts_with("Removing hello…\n"), "{stderr}");
    assert_eq!(last_line(&stderr), "Removed hello (generation 6 → 7).");
    assert_eq!(version_of(&env, "hello"), None);

    let greeter = env.scenario.installable("greeter");
    let stderr = frost_ok(&env, &["install", &greeter]);
    assert_eq!(last_line(&stderr), "Installed greeter (generation 7 → 8).");
    assert_eq!(version_of(&env, "greeter").as_deref(), Some("1.0"));
    // Nix's own messages come through; the builder's output only with -L.
    assert!(stderr.contains("-greeter-1.0.drv'..."), "{stderr}");
    assert!(!stderr.contains("greeter> building greeter"), "{stderr}");

    let stderr = frost_ok(&env, &["rollback"]);
    assert_eq!(
        last_line(&stderr),
        "Rolled back to the previous generation (generation 8 → 7)."
    );
    let stderr = frost_ok(&env, &["rollback", "--to", "6"]);
    assert_eq!(
        last_line(&stderr),
        "Rolled back to generation 6 (generation 7 → 6)."
    );
    assert_eq!(version_of(&env, "hello").as_deref(), Some("2.12.1"));
    assert_eq!(version_of(&env, "greeter"), None);

    // An explicit --profile, reached through ~/.nix-profile, is the same.
    let home_link = env.fixture.sandbox.home().join(".nix-profile");
    let stderr = frost_ok(
        &env,
        &[
            "remove",
            "--profile",
            &home_link.to_string_lossy(),
            "figlet",
        ],
    );
    assert_eq!(last_line(&stderr), "Removed figlet (generation 6 → 9).");
    assert_eq!(std::fs::read_link(&home_link).unwrap(), env.fixture.profile);
}

#[test]
fn upgrade_names_or_all() {
    let env = Env::new();
    env.fixture.set_hello_version("2.12.2").expect("new hello");
    let stderr = frost_ok(&env, &["upgrade", "hello"]);
    assert_eq!(last_line(&stderr), "Updated hello (generation 6 → 7).");
    assert_eq!(version_of(&env, "hello").as_deref(), Some("2.12.2"));

    env.fixture
        .set_hello_version("2.12.3")
        .expect("newer hello");
    let stderr = frost_ok(&env, &["upgrade", "--all"]);
    assert_eq!(
        last_line(&stderr),
        "Updated all packages (generation 7 → 8)."
    );
    assert_eq!(version_of(&env, "hello").as_deref(), Some("2.12.3"));

    let (out, stderr) = frost(&env, &["upgrade"]);
    assert_eq!(out.status.code(), Some(2), "a usage error: {stderr}");
    let (out, _) = frost(&env, &["upgrade", "--all", "hello"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.generation(), 8);
}

#[test]
fn a_failed_build_shows_nixs_message_the_explanation_and_the_builds_end() {
    let env = Env::new();
    let broken = env.scenario.installable("broken");
    let (out, stderr) = frost(&env, &["install", &broken]);
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
    let (_, stderr) = frost(&env, &["install", "-L", &broken]);
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
    let (out, stderr) = frost(&env, &["install", &env.scenario.installable("cowsay")]);
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

#[test]
fn ctrl_c_cancels_the_build_and_leaves_the_profile_as_it_was() {
    let env = Env::new();
    let manifest_before = env.manifest_bytes();
    let (status, seen, rest) =
        env.interrupt_slow_build(&["install", &env.scenario.installable("slow")]);
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
    assert_eq!(env.manifest_bytes(), manifest_before);
}
