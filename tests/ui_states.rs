//! What the window says when there is no list to show: no Nix, no profile,
//! a missing or damaged profile, an empty one, and one that never finishes
//! reading (see tests/ui_common for how the app runs).

use std::process::Command;

use frost_testkit::NixSandbox;

mod ui_common;
use ui_common::{check_window, check_with, fixture, row_checks, shell_quoted, wrapped_app};

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
            // One main action; the others wait in its menu.
            "--absent",
            "Open Another Profile…",
            "--absent",
            "Copy Details",
            "--next",
            "--press",
            "More Actions",
            "--press",
            "Copy Details",
            "--text",
            "Details copied. Paste them into a new issue with “Report Issue…”.",
        ],
    );
}

/// The fixture profile with a generation 7 whose manifest is cut short, made
/// current: what a damaged profile looks like. Returns the damaged file.
fn damage_the_current_generation(fixture: &frost_testkit::FixtureProfile) -> std::path::PathBuf {
    let generation = fixture.sandbox.root().join("damaged generation");
    std::fs::create_dir(&generation).unwrap();
    let manifest = generation.join("manifest.json");
    std::fs::write(&manifest, "{ \"version\": 3, \"elements\": ").unwrap();
    std::os::unix::fs::symlink(&generation, fixture.generation_link(7)).unwrap();
    std::fs::remove_file(&fixture.profile).unwrap();
    std::os::unix::fs::symlink("profile-7-link", &fixture.profile).unwrap();
    manifest
}

#[test]
fn a_damaged_profile_offers_history_to_go_back_and_the_exact_error_on_request() {
    let fixture = fixture();
    let manifest = damage_the_current_generation(&fixture);
    let details = format!("{}: ", manifest.display());

    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "Cannot Read the Installed Packages",
            "--text-containing",
            "Open History and go back to one that works.",
            // One main action: History. The rest is in the menu.
            "--text",
            "History",
            "--absent",
            "Try Again",
            "--absent",
            "Copy Details",
            // The exact error waits, folded, under Technical Details.
            "--text",
            "Technical Details",
            "--next",
            "--click",
            "Technical Details",
            "--text-containing",
            &details,
            "--next",
            "--press",
            "More Actions",
            "--press",
            "Copy Details",
            "--text",
            "Details copied. Paste them into a new issue with “Report Issue…”.",
            // History reads although the current generation cannot be.
            "--next",
            "--press",
            "History",
            "--text",
            "Cannot tell what changed",
            "--text",
            "Added figlet",
            "--text",
            "Started with hello",
            "--next",
            "--click",
            "Added figlet",
            "--press",
            "Go Back to This Generation…",
            "--text",
            "Go Back to Generation 6?",
            "--text",
            "Brings back 7zip, cowsay, figlet, hello, hello-1, multi, painter and pip",
            "--next",
            "--press-in-alert",
            "Go Back",
            "--text",
            "Went back to generation 6",
            "--count-rows",
            "8",
            "--absent",
            "Cannot Read the Installed Packages",
        ],
    );
    let profile = frost_core::profile::Profile::open(&fixture.profile).unwrap();
    assert_eq!(profile.current_generation().unwrap().number, 6);
}

#[test]
fn a_user_without_a_profile_is_told_how_to_get_one() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    check_window(
        &sandbox,
        None,
        &[
            "--text",
            "Nothing Installed Yet",
            // Plain words and one way on: no terminal, no other profile.
            "--text-containing",
            "restore them here from that folder or flake reference",
            "--text",
            "Restore Packages…",
            "--absent",
            "Open Another Profile…",
            "--absent",
            "History",
            "--absent",
            "Search",
        ],
    );
}

#[test]
fn without_nix_and_without_a_profile_the_window_says_to_install_nix() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    // A frost-gui that sees a PATH without nix; AT-SPI knows it by its name.
    let wrapper = wrapped_app(&sandbox, "PATH=/nonexistent", "");

    check_with(
        &sandbox,
        &wrapper,
        None,
        &[
            "--text",
            "Nix Is Not Installed",
            "--text",
            "Installation Guide",
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

#[test]
fn try_again_opens_a_profile_that_appeared_meanwhile() {
    // The path asked for leads to a profile in another folder, made while
    // the error shows: the window watches the asked path's folder only, so
    // nothing but Try Again can find it (a change in the watched folder
    // would reload by itself, and could beat the press).
    let fixture = fixture();
    let elsewhere = fixture.sandbox.root().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let later = fixture.sandbox.root().join("later-profile");
    std::os::unix::fs::symlink(elsewhere.join("profile"), &later).unwrap();
    let create = format!(
        "ln -s {} {}",
        shell_quoted(&fixture.profile),
        shell_quoted(&elsewhere.join("profile"))
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
            "Main Menu",
            // Still reading, still answering, a few seconds later.
            "--next",
            "--run",
            "sleep 3",
            "--text",
            "Reading Profile…",
            "--text",
            "Main Menu",
        ],
    );
}

#[test]
fn a_nix_env_profile_is_shown_with_a_note_about_freezing() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let root = sandbox.root();
    let generation = root.join("generation");
    std::fs::create_dir(&generation).unwrap();
    // A real nix-env manifest (see crates/frost-core/tests/fixtures/README.md).
    let manifest = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/frost-core/tests/fixtures/nix-env-2.26.nix"
    );
    std::fs::copy(manifest, generation.join("manifest.nix")).unwrap();
    std::os::unix::fs::symlink(&generation, root.join("profile-1-link")).unwrap();
    std::os::unix::fs::symlink("profile-1-link", root.join("profile")).unwrap();

    check_window(
        &sandbox,
        Some(&root.join("profile")),
        &[
            "--text-containing",
            "This profile was made by nix-env",
            "--text-containing",
            "freezing it will have to guess",
            // Named as `nix profile` names nix-env packages.
            "--row",
            "hello",
            "3.0",
            "--row",
            "hello-1",
            "2.12.1",
            // Without a version, the row's subtitle is where it came from.
            "--row",
            "noversion",
            "installed with nix-env",
            "--text",
            "5 packages",
            "--text",
            "3.0 · installed with nix-env",
            // `nix profile` would convert it and lock nix-env out: Frost
            // leaves changes to nix-env.
            "--next",
            "--click-row",
            "hello-1",
            "--text",
            "Version 2.12.1",
            "--insensitive",
            "Remove",
            "--insensitive",
            "Update",
        ],
    );
}

#[test]
fn a_profile_that_appears_later_shows_without_pressing_anything() {
    // The local flakes of a fixture, and a profile path in a folder that
    // does not exist yet, as before anyone's first `nix profile install`.
    // Always with --profile: as root, Nix's default profile is the
    // machine's own.
    let fixture = fixture();
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let folder = sandbox.root().join("profiles");
    let profile = folder.join("profile");
    let install = format!(
        "mkdir {} && nix profile install --profile {} 'path:{}#hello'",
        shell_quoted(&folder),
        shell_quoted(&profile),
        fixture.nixpkgs.display()
    );
    check_window(
        &sandbox,
        Some(&profile),
        &[
            "--text",
            "Cannot Show This Profile",
            "--next",
            "--run",
            &install,
            "--row",
            "hello",
            "2.12.1",
            "--text",
            "1 package",
            "--absent",
            "Cannot Show This Profile",
        ],
    );
}
