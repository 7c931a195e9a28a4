//! Manage My Profile With This Flake, on the real app with real Nix (see
//! tests/ui_common): after the one-click freeze, the Done page hands the
//! profile to the folder as one generation with the same store paths, and
//! the banner over the list says which folder manages it; an install in
//! the window then becomes a commit in the folder.

use frost_core::freeze::managed::element_folder;
use std::path::Path;

use frost_core::profile::Profile;
use frost_core::Manifest;
use frost_testkit::ScenarioFlake;

mod ui_common;
use ui_common::{check_window, fixture, frozen_folder_with, install_steps};

/// Every element of `before` is in `after` with its store paths, and all
/// but the one the freeze leaves out (`cowsay`) come from `folder`.
fn managed_with_the_same_store_paths(before: &Manifest, after: &Manifest, folder: &Path) {
    for e in &before.elements {
        let now = after
            .elements
            .iter()
            .find(|a| a.name == e.name)
            .unwrap_or_else(|| panic!("{} is gone", e.name));
        assert_eq!(now.store_paths, e.store_paths, "{}", e.name);
        if e.name != "cowsay" {
            assert_eq!(element_folder(now).as_deref(), Some(folder));
        }
    }
}

#[test]
fn the_done_page_hands_the_profile_to_the_folder_and_the_banner_says_so() {
    let fixture = fixture();
    let open = || Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let before = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    let generation = open().current_generation().map(|g| g.number).ok();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--press",
            "Freeze to Flake…",
            "--press",
            "Export",
            "--text",
            "Your Profile Is Frozen",
            "--next",
            "--press",
            "Manage My Profile With This Flake",
            "--text-containing",
            "The profile is now managed by",
            "--text",
            "8 packages",
            "--text",
            "Managed by ~/nix-profile-flake",
        ],
    );
    let folder = fixture.sandbox.home().join("nix-profile-flake");
    let after = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        open().current_generation().map(|g| g.number).ok(),
        generation.map(|g| g + 1),
        "one new generation"
    );
    managed_with_the_same_store_paths(&before, &after, &folder);

    // From now on an install in the window goes through the folder's
    // flake: one commit in the folder's history, beside the freeze's.
    let scenario = ScenarioFlake::write_in(&fixture.sandbox).unwrap_or_else(|e| panic!("{e}"));
    let greeter = scenario.installable("greeter");
    let mut steps = vec!["--text", "Managed by ~/nix-profile-flake", "--next"];
    steps.extend(install_steps(&greeter));
    steps.extend([
        "--text",
        "Added greeter to the flake in “nix-profile-flake”",
        "--row",
        "greeter",
        "1.0",
        "--text",
        "9 packages",
    ]);
    check_window(&fixture.sandbox, Some(&fixture.profile), &steps);
    let log = std::process::Command::new("git")
        .arg("-C")
        .arg(&folder)
        .args(["log", "--format=%s"])
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    let log = String::from_utf8_lossy(&log.stdout);
    let subjects: Vec<&str> = log.lines().collect();
    assert_eq!(subjects.len(), 2, "the freeze and the add: {subjects:?}");
    assert_eq!(subjects[0], "Add greeter 1.0");
    assert!(subjects[1].starts_with("Freeze profile"), "{subjects:?}");
}

#[test]
fn a_flake_reference_is_copied_into_a_new_folder_that_manages_the_profile() {
    let fixture = fixture();
    let open = || Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let before = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    // The "remote": a bare Git repository of a freeze of this profile.
    let frozen = frozen_folder_with(&fixture.sandbox, &fixture.profile, "frozen", true);
    let remote = fixture.sandbox.root().join("remote.git");
    let (f, r) = (frozen.display().to_string(), remote.display().to_string());
    fixture
        .sandbox
        .run("git", &["clone", "-q", "--bare", &f, &r])
        .unwrap_or_else(|e| panic!("{e}"));
    let reference = format!("git+file://{r}");
    let copied =
        format!("Copied {reference} to ~/nix-profile-flake and manages your profile from there.");
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Manage With a Flake Reference…",
            "--text",
            "Manage With a Flake Reference",
            "--insensitive",
            "Manage",
            "--next",
            "--type",
            &reference,
            "--press-in-alert",
            "Manage",
            "--text",
            &copied,
            "--text",
            "8 packages",
            "--text",
            "Managed by ~/nix-profile-flake",
        ],
    );
    let folder = fixture.sandbox.home().join("nix-profile-flake");
    assert!(folder.join(".git").is_dir(), "a clone, with its history");
    let after = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    managed_with_the_same_store_paths(&before, &after, &folder);
}
