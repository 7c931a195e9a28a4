//! A profile managed by a frozen folder, on the real app with real Nix (see
//! tests/ui_common): the fixture is frozen into ~/nix-profile-flake, which
//! then manages the profile (as *Manage My Profile With This Flake* does).
//! A package installed from a terminal afterwards is marked "Not in your
//! flake"; *Stop Managing…* hands each package back to its own source.

use frost_core::freeze::managed::managed_state_on_disk;
use frost_core::profile::Profile;
use frost_testkit::ScenarioFlake;

mod ui_common;
use ui_common::{check_window, fixture, managed_fixture, shell_quoted};

#[test]
fn a_package_installed_from_a_terminal_is_not_in_your_flake() {
    let fixture = fixture();
    managed_fixture(&fixture);
    let scenario = ScenarioFlake::write_in(&fixture.sandbox).unwrap_or_else(|e| panic!("{e}"));
    let install = format!(
        "nix profile install --profile {} {}",
        shell_quoted(&fixture.profile),
        scenario.installable("greeter")
    );
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages · Managed by ~/nix-profile-flake",
            "--row",
            "hello",
            "2.12.1",
            "--next",
            "--run",
            &install,
            "--text",
            "9 packages · Managed by ~/nix-profile-flake",
            "--row",
            "greeter",
            "Not in your flake",
            "--next",
            "--click-row",
            "greeter",
            "--text",
            "Not in your flake",
            "--text",
            "Remove",
        ],
    );
    let profile = Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let manifest = profile.manifest(None).unwrap_or_else(|e| panic!("{e}"));
    let managed = managed_state_on_disk(&manifest.elements).unwrap_or_else(|| panic!("managed"));
    assert!(managed.not_in_flake.contains(&"greeter".to_owned()));
    assert!(managed.in_flake.contains(&"hello".to_owned()));
}

#[test]
fn stop_managing_hands_the_packages_back_in_one_generation() {
    let fixture = fixture();
    managed_fixture(&fixture);
    let open = || Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let before = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    let generation = open().current_generation().map(|g| g.number).ok();
    assert!(managed_state_on_disk(&before.elements).is_some());
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages · Managed by ~/nix-profile-flake",
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Stop Managing…",
            "--text",
            "Stop Managing With the Folder?",
            "--next",
            "--press-in-alert",
            "Stop Managing",
            "--text",
            "8 packages",
            "--absent",
            "8 packages · Managed by ~/nix-profile-flake",
            "--text",
            "Undo",
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Manage With a Frozen Folder…",
            "--text",
            "Manage With a Frozen Folder",
        ],
    );
    let after = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        open().current_generation().map(|g| g.number).ok(),
        generation.map(|g| g + 1),
        "one new generation"
    );
    assert_eq!(managed_state_on_disk(&after.elements), None);
    for e in &before.elements {
        let now = after
            .elements
            .iter()
            .find(|a| a.name == e.name)
            .unwrap_or_else(|| panic!("{} is gone", e.name));
        assert_eq!(now.store_paths, e.store_paths, "{}", e.name);
    }
}
