//! Installing from the window (Install Package…, by the menu, Ctrl+I and
//! the empty profile's button), on the real app with real Nix (see
//! tests/ui_common).

use frost_core::profile::Profile;
use frost_testkit::{FixtureProfile, ScenarioFlake};

mod ui_common;
use ui_common::{check_window, fixture};

fn generations(fixture: &FixtureProfile) -> Vec<u64> {
    let profile = Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let all = profile.generations().unwrap_or_else(|e| panic!("{e}"));
    all.iter().map(|g| g.number).collect()
}

fn element_names(fixture: &FixtureProfile) -> Vec<String> {
    let profile = Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let manifest = profile.manifest(None).unwrap_or_else(|e| panic!("{e}"));
    manifest.elements.iter().map(|e| e.name.clone()).collect()
}

/// The scenario flake beside the fixture, its packages not installed.
fn scenario(fixture: &FixtureProfile) -> ScenarioFlake {
    ScenarioFlake::write_in(&fixture.sandbox).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_package_installed_by_its_reference_shows_and_undo_takes_it_away() {
    let fixture = fixture();
    let greeter = scenario(&fixture).installable("greeter");
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages · generation 6",
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Install Package…",
            "--text",
            "Install Package",
            // Nothing typed yet: nothing to install.
            "--insensitive",
            "Install",
            // The entry has the focus as the dialog opens.
            "--next",
            "--type",
            &greeter,
            "--press-in-alert",
            "Install",
            "--text",
            "Installed greeter",
            "--row",
            "greeter",
            "1.0",
            "--count-rows",
            "9",
            "--text",
            "9 packages · generation 7",
            "--next",
            "--press",
            "Undo",
            "--no-row",
            "greeter",
            "--count-rows",
            "8",
            "--text",
            "8 packages · generation 6",
        ],
    );
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6, 7]);
    assert!(!element_names(&fixture).contains(&"greeter".to_owned()));
}

#[test]
fn a_reference_nix_cannot_use_ends_in_the_failure_alert_and_changes_nothing() {
    let fixture = fixture();
    let missing = scenario(&fixture).installable("nosuchpackage");
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages · generation 6",
            "--next",
            "--key",
            "Control+i",
            "--text",
            "Install Package",
            "--next",
            "--type",
            &missing,
            // Enter presses Install.
            "--key",
            "Return",
            "--text",
            "Could Not Install",
            // Nix's own message, naming what it looked for.
            "--text-containing",
            "does not provide attribute",
            "--text-containing",
            "nosuchpackage",
            "--next",
            "--press-in-alert",
            "Close",
            "--absent",
            "Could Not Install",
            "--text",
            "8 packages · generation 6",
            // The shortcut is listed with the others.
            "--next",
            "--key",
            "F1",
            "--text",
            "Install a package",
        ],
    );
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn an_empty_profile_offers_to_install_its_first_package() {
    let fixture = fixture();
    let greeter = scenario(&fixture).installable("greeter");
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
            "--next",
            "--press",
            "Install Package…",
            "--text",
            "Install Package",
            "--next",
            "--type",
            &greeter,
            "--press-in-alert",
            "Install",
            "--text",
            "Installed greeter",
            "--row",
            "greeter",
            "1.0",
            "--count-rows",
            "1",
            "--text",
            "1 package · generation 8",
        ],
    );
    assert_eq!(element_names(&fixture), ["greeter"]);
}
