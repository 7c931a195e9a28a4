//! Installing from the window (Install Package…, by the menu, Ctrl+I and
//! the empty profile's button) and the flake operations on a frozen folder
//! (`--open-frozen`), on the real app with real Nix (see tests/ui_common).

use std::path::{Path, PathBuf};

use frost_core::profile::Profile;
use frost_testkit::{FixtureProfile, NixSandbox, ScenarioFlake};

mod ui_common;
use ui_common::{check_window, check_with, fixture, frozen_folder, shell_quoted, wrapped_app};

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
            "8 packages",
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
            "9 packages",
            "--next",
            "--press",
            "Undo",
            "--no-row",
            "greeter",
            "--count-rows",
            "8",
            "--text",
            "8 packages",
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
            "8 packages",
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
            "8 packages",
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
fn a_package_that_clashes_over_a_file_can_be_preferred_from_the_alert() {
    let fixture = fixture();
    // The scenario's cowsay 3.8.0 and the installed 3.7.0 both have
    // bin/cowsay, at the same priority.
    let cowsay = scenario(&fixture).installable("cowsay");
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--key",
            "Control+i",
            "--text",
            "Install Package",
            "--next",
            "--type",
            &cowsay,
            "--key",
            "Return",
            "--text",
            "Could Not Install",
            "--text-containing",
            "Two packages contain the same file, bin/cowsay",
            "--next",
            "--press-in-alert",
            "Prefer the New Package",
            "--absent",
            "Could Not Install",
            "--text",
            "Installed cowsay",
            "--count-rows",
            "9",
            "--text",
            "9 packages",
        ],
    );
    let link = fixture.profile.join("bin/cowsay");
    let target = std::fs::canonicalize(&link).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        target.to_string_lossy().contains("-cowsay-3.8.0/"),
        "{}",
        target.display()
    );
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
            "1 package",
        ],
    );
    assert_eq!(element_names(&fixture), ["greeter"]);
}

/// `frost-gui --open-frozen FOLDER`, as a program the checker can start.
fn opening_frozen(sandbox: &NixSandbox, folder: &Path) -> PathBuf {
    wrapped_app(
        sandbox,
        "",
        &format!("--open-frozen {}", shell_quoted(folder)),
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_frozen_folder_gets_its_inputs_updated_and_its_lock_checked() {
    let fixture = fixture();
    let frozen = frozen_folder(&fixture, "frozen");
    let lock = frozen.join("flake.lock");
    let frozen_lock = read(&lock);
    // The nixpkgs-like flake moves on: its input has something to update.
    fixture
        .set_hello_version("2.12.2")
        .unwrap_or_else(|e| panic!("{e}"));
    let wrapper = opening_frozen(&fixture.sandbox, &frozen);
    check_with(
        &fixture.sandbox,
        &wrapper,
        Some(&fixture.profile),
        &[
            // The restore page's menu has what changes the folder itself.
            "--text",
            "Restore Packages",
            "--text",
            "Already Installed",
            "--next",
            "--press",
            "Folder Menu",
            "--press",
            "Update Inputs",
            "--text",
            "Updated the inputs of “frozen”",
        ],
    );
    let updated_lock = read(&lock);
    assert_ne!(updated_lock, frozen_lock, "Update Inputs left flake.lock");

    // Everything is locked now: checking changes nothing and says so.
    check_with(
        &fixture.sandbox,
        &wrapper,
        Some(&fixture.profile),
        &[
            "--text",
            "Already Installed",
            "--next",
            "--press",
            "Folder Menu",
            "--press",
            "Check Lock",
            "--text",
            "Checked the lock of “frozen”: every input is locked",
        ],
    );
    assert_eq!(read(&lock), updated_lock);
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn a_frozen_folder_installs_its_packages_and_undo_takes_them_away() {
    let fixture = fixture();
    let frozen = frozen_folder(&fixture, "frozen");
    let profile = fixture.profile.to_string_lossy().into_owned();
    fixture
        .sandbox
        .nix(&["profile", "remove", "--all", "--profile", &profile])
        .unwrap_or_else(|e| panic!("{e}"));
    let wrapper = opening_frozen(&fixture.sandbox, &frozen);
    // Its packages now come from the folder, which then manages the
    // profile: the banner over the list says so.
    let managed = format!("Managed by {}", frozen.display());
    check_with(
        &fixture.sandbox,
        &wrapper,
        Some(&fixture.profile),
        &[
            // Everything is new to the emptied profile.
            "--text",
            "Will Be Added",
            "--absent",
            "Already Installed",
            "--next",
            "--press",
            "Add These Packages",
            // Every package that could be frozen (not the bare store path).
            "--text",
            "Installed 7 packages from “frozen”",
            "--row",
            "hello",
            "2.12.1",
            "--count-rows",
            "7",
            "--text",
            "7 packages",
            "--text",
            &managed,
            "--next",
            "--press",
            "Undo",
            "--text",
            "No Packages Yet",
        ],
    );
    // Undo switched back to the emptied generation 7; 8 stays for a redo.
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert!(element_names(&fixture).is_empty());
}

#[test]
fn a_folder_without_a_flake_says_what_to_choose_instead() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let folder = sandbox.root().join("notes");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    let wrapper = opening_frozen(&sandbox, &folder);
    check_with(
        &sandbox,
        &wrapper,
        None,
        &[
            "--text",
            "No Flake in This Folder",
            "--text-containing",
            "This folder has no flake.nix.",
            "--text",
            &folder.display().to_string(),
            "--next",
            "--press-in-alert",
            "Close",
            "--absent",
            "No Flake in This Folder",
        ],
    );
}
