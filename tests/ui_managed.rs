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
