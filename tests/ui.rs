//! Runs the real `frost-gui` on real Nix profiles (frost-testkit's fixture,
//! built offline in a temporary HOME) in a private X, D-Bus and accessibility
//! session, and reads what its window shows the way a screen reader does
//! (tests/ui/check-window.sh, tests/ui/atspi_check.py). Needs nix, Xvfb,
//! dbus-run-session and python3-pyatspi; a missing tool fails the test with
//! its message rather than skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;

use frost_testkit::{FixtureProfile, NixSandbox};

const BINARY: &str = env!("CARGO_BIN_EXE_frost-gui");

fn check_window_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/check-window.sh")
}

/// Starts frost-gui (on `profile`, or with no argument when `None`) inside
/// `sandbox`'s environment and checks its accessibility tree; returns the
/// rows the checker saw.
fn check_window(sandbox: &NixSandbox, profile: Option<&Path>, checks: &[&str]) -> String {
    let mut command = sandbox.command(check_window_script());
    command
        .arg(BINARY)
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

fn fixture() -> FixtureProfile {
    FixtureProfile::build().unwrap_or_else(|e| panic!("cannot build the fixture profile: {e}"))
}

/// Every element of the fixture with the version its store path carries.
const ROWS: [(&str, &str); 8] = [
    ("7zip", "24.08"),
    ("cowsay", "3.7.0"),
    ("figlet", "2.2.5"),
    ("hello", "2.12.1"),
    ("hello-1", "2.13"),
    ("multi", "1.0"),
    ("painter", "3.0.1"),
    ("pip", "24.0"),
];

fn row_checks() -> Vec<&'static str> {
    ROWS.iter()
        .flat_map(|(name, version)| ["--row", name, version])
        .collect()
}

#[test]
fn rows_show_each_package_name_version_and_source() {
    let fixture = fixture();
    let nixpkgs = format!("local folder {}", fixture.nixpkgs.display());

    let mut checks = row_checks();
    checks.extend([
        "--count-rows",
        "8",
        "--text",
        "8 packages",
        "--text-containing",
        &nixpkgs,
        "--text",
        "no source recorded",
        "--absent",
        "No Packages Yet",
    ]);
    let rows = check_window(&fixture.sandbox, Some(&fixture.profile), &checks);

    // Each row's own accessible name is the sentence a screen reader speaks.
    let hello = format!("row 'hello, version 2.12.1, {nixpkgs}");
    assert!(rows.contains(&hello), "no {hello:?} in:\n{rows}");
    let cowsay = "row 'cowsay, version 3.7.0, no source recorded'";
    assert!(rows.contains(cowsay), "no {cowsay:?} in:\n{rows}");
}

#[test]
fn without_arguments_the_users_own_profile_opens() {
    let fixture = fixture();
    // HOME and XDG_STATE_HOME point into the sandbox, whose ~/.nix-profile
    // links to the fixture: exactly how Nix finds a user's profile.
    let mut checks = row_checks();
    checks.extend(["--count-rows", "8", "--text", "8 packages"]);
    check_window(&fixture.sandbox, None, &checks);
}

#[test]
fn missing_profile_shows_the_error_and_a_way_out() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let missing = sandbox.root().join("no-such-profile");

    check_window(
        &sandbox,
        Some(&missing),
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
    let fixture = fixture();
    let profile = fixture.profile.to_string_lossy().into_owned();
    fixture
        .sandbox
        .nix(&["profile", "remove", "--all", "--profile", &profile])
        .unwrap_or_else(|e| panic!("{e}"));

    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
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

/// Single-quotes `path` for the checker's `--run` shell command.
fn shell_quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

#[test]
fn reload_shows_what_changed_in_the_profile() {
    let fixture = fixture();
    let remove = format!(
        "nix profile remove hello --profile {}",
        shell_quoted(&fixture.profile)
    );

    let mut checks = row_checks();
    checks.extend(["--count-rows", "8", "--next", "--run", &remove]);
    checks.extend([
        "--press",
        "Reload",
        "--count-rows",
        "7",
        "--no-row",
        "hello",
    ]);
    checks.extend(["--row", "hello-1", "2.13", "--text", "7 packages"]);
    check_window(&fixture.sandbox, Some(&fixture.profile), &checks);
}

#[test]
fn try_again_opens_a_profile_that_appeared_meanwhile() {
    let fixture = fixture();
    let later = fixture.sandbox.root().join("later-profile");
    let create = format!(
        "ln -s {} {}",
        shell_quoted(&fixture.profile),
        shell_quoted(&later)
    );

    let mut checks = vec!["--text", "Cannot Show This Profile", "--next"];
    checks.extend(["--run", &create, "--press", "Try Again"]);
    checks.extend(row_checks());
    checks.extend(["--count-rows", "8", "--absent", "Cannot Show This Profile"]);
    check_window(&fixture.sandbox, Some(&later), &checks);
}

/// A manifest that never finishes reading (a named pipe nobody writes to)
/// stands in for a slow disk or a hung network mount: the window must show
/// that it is reading and keep answering, which it can only do if the read
/// runs off the GTK main loop (the accessibility bus is served by that loop).
#[test]
fn a_profile_that_never_finishes_reading_leaves_the_window_responsive() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let root = sandbox.root();
    let generation = root.join("generation");
    std::fs::create_dir(&generation).unwrap();
    let fifo = generation.join("manifest.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {fifo:?} failed");
    std::os::unix::fs::symlink(&generation, root.join("profile-1-link")).unwrap();
    std::os::unix::fs::symlink("profile-1-link", root.join("profile")).unwrap();

    check_window(
        &sandbox,
        Some(&root.join("profile")),
        &[
            "--text",
            "Reading Profile…",
            "--text",
            "Reload",
            // Still reading, still answering, a few seconds later.
            "--next",
            "--run",
            "sleep 3",
            "--text",
            "Reading Profile…",
            "--text",
            "Reload",
        ],
    );
}
