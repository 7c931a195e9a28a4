//! Changing a profile from the window: remove (with Undo), update, update
//! all, roll back, a failure explained, a cancelled build, and the lazy
//! descriptions, on the real app with real Nix (see tests/ui_common).

use std::path::Path;

use frost_core::profile::Profile;
use frost_testkit::{BusyNix, BusyTry, FixtureProfile, ScenarioFlake};

mod ui_common;
use ui_common::{check_window, check_with, fixture, processes_with, wrapped_app, KillOnDrop};

fn current_generation(fixture: &FixtureProfile) -> u64 {
    let profile = Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    profile
        .current_generation()
        .unwrap_or_else(|e| panic!("{e}"))
        .number
}

fn generations(fixture: &FixtureProfile) -> Vec<u64> {
    let profile = Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let all = profile.generations().unwrap_or_else(|e| panic!("{e}"));
    all.iter().map(|g| g.number).collect()
}

fn version_of(fixture: &FixtureProfile, name: &str) -> Option<String> {
    let profile = Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let manifest = profile.manifest(None).unwrap_or_else(|e| panic!("{e}"));
    manifest.element(name)?.version.clone()
}

/// The fixture with the scenario flake's `greeter` installed (generation
/// 7), its update made to build `package` instead.
fn greeter_updating_to(package: &str) -> (FixtureProfile, ScenarioFlake) {
    let fixture = fixture();
    let scenario = fixture.add_scenario().unwrap_or_else(|e| panic!("{e}"));
    scenario
        .rebind("greeter", package)
        .unwrap_or_else(|e| panic!("{e}"));
    (fixture, scenario)
}

#[test]
fn removing_asks_first_then_the_row_goes_and_undo_brings_it_back() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--click-row",
            "hello",
            "--text",
            "Version 2.12.1",
            "--press",
            "Remove",
            "--text",
            "Remove hello?",
            "--next",
            "--press-in-alert",
            "Remove",
            "--text",
            "Removed hello",
            "--no-row",
            "hello",
            "--count-rows",
            "7",
            "--text",
            "7 packages",
            "--next",
            "--press",
            "Undo",
            "--row",
            "hello",
            "2.12.1",
            "--count-rows",
            "8",
            // Undo rolls back: the generation before is current again.
            "--text",
            "8 packages",
        ],
    );
    assert_eq!(current_generation(&fixture), 6);
    assert_eq!(version_of(&fixture, "hello").as_deref(), Some("2.12.1"));
}

#[test]
fn cancelling_the_removal_changes_nothing() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--click-row",
            "pip",
            "--press",
            "Remove",
            "--text",
            "Remove pip?",
            "--next",
            "--press-in-alert",
            "Cancel",
            "--absent",
            "Remove pip?",
            "--text",
            "Version 24.0",
        ],
    );
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn update_and_update_all_install_the_newer_version() {
    let fixture = fixture();
    fixture
        .set_hello_version("2.12.2")
        .unwrap_or_else(|e| panic!("{e}"));
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            // A store path has no source to update from.
            "--click-row",
            "cowsay",
            "--text",
            "Version 3.7.0",
            "--insensitive",
            "Update",
            "--next",
            "--press",
            "Back",
            "--click-row",
            "hello",
            "--press",
            "Update",
            "--text",
            "Updated hello",
            "--text",
            "Version 2.12.2",
            "--next",
            "--press",
            "Back",
            "--text",
            "8 packages",
            "--row",
            "hello",
            "2.12.2",
            // The others are re-pinned to the flake's new revision: a new
            // generation, though their store paths stay.
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Update All Packages",
            "--text",
            "Updated all packages",
            "--text",
            "8 packages",
            // Nothing left to do: Nix makes no generation, Frost says so.
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Update All Packages",
            "--text",
            "Every package is already at its newest version",
            "--text",
            "8 packages",
        ],
    );
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(version_of(&fixture, "hello").as_deref(), Some("2.12.2"));
}

#[test]
fn going_back_to_a_generation_asks_first_saying_what_it_removes() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "History",
            // Generation 4: the one that added hello-1.
            "--click",
            "Added hello-1",
            "--press",
            "Go Back to This Generation…",
            "--text",
            "Go Back to Generation 4?",
            // From generation 6, what goes: the two added since.
            "--text",
            "Removes cowsay and figlet",
            "--absent",
            "The packages stay the same.",
            "--next",
            "--press-in-alert",
            "Go Back",
            "--text",
            "Went back to generation 4",
            "--text",
            "This is the profile’s current generation.",
            // Back to the history, where generation 4 is now current and
            // generation 6 is still there to come back to.
            "--next",
            "--press",
            "Back",
            "--text",
            "Added figlet",
            "--next",
            "--press",
            "Back",
            "--text",
            "6 packages",
            "--no-row",
            "figlet",
        ],
    );
    assert_eq!(current_generation(&fixture), 4);
}

#[test]
fn going_back_names_what_comes_back_and_cancel_changes_nothing() {
    let fixture = fixture();
    let profile = fixture.profile.to_string_lossy().into_owned();
    fixture
        .sandbox
        .nix(&["profile", "remove", "7zip", "--profile", &profile])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(current_generation(&fixture), 7);
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "History",
            "--text",
            "Removed 7zip",
            "--next",
            // Generation 5, which added cowsay: before figlet, with 7zip.
            "--click",
            "Added cowsay",
            "--press",
            "Go Back to This Generation…",
            "--text",
            "Go Back to Generation 5?",
            "--text",
            "Removes figlet",
            "--text",
            "Brings back 7zip",
            "--next",
            "--press-in-alert",
            "Cancel",
            "--absent",
            "Go Back to Generation 5?",
            "--text",
            "Go Back to This Generation…",
            "--next",
            "--press",
            "Back",
            "--text",
            "Removed 7zip",
            "--next",
            "--press",
            "Back",
            "--text",
            "7 packages",
        ],
    );
    assert_eq!(current_generation(&fixture), 7);
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn a_failed_update_shows_nixs_message_and_the_log_and_changes_nothing() {
    let (fixture, _scenario) = greeter_updating_to("broken");
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--click-row",
            "greeter",
            "--press",
            "Update",
            "--text",
            "Could Not Update greeter",
            // Nix's own message, without its terminal colours (Nix puts
            // them around the store path).
            "--text-containing",
            "-broken-1.0.drv' failed with exit code 2",
            // What it means, in plain words.
            "--text-containing",
            "failed to build: its build script stopped with an error (exit code 2)",
            // The builder's last lines, the compiler's error among them.
            "--text",
            "broken> src/broken.c:1:1: error: expected ';' before '}' token",
            "--next",
            "--press",
            "Copy Details",
            "--text",
            "Copied",
            "--next",
            "--press-in-alert",
            "Close",
            "--absent",
            "Could Not Update greeter",
            "--text",
            "Version 1.0",
        ],
    );
    assert_eq!(current_generation(&fixture), 7);
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(version_of(&fixture, "greeter").as_deref(), Some("1.0"));
}

#[test]
fn cancel_stops_a_slow_build_and_the_generation_stays() {
    let (fixture, scenario) = greeter_updating_to("slow");
    let _cleanup = KillOnDrop(scenario.nonce.clone());
    // No process of this build may outlive the cancellation: polled from
    // inside the session, while the window still runs.
    let builder_gone = format!(
        "for i in $(seq 100); do grep -qs '{}' /proc/[0-9]*/environ || exit 0; sleep 0.1; done; exit 1",
        scenario.nonce
    );
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--click-row",
            "greeter",
            "--press",
            "Update",
            "--text",
            "Updating greeter",
            // Browsing on while it builds: the bar stays.
            "--next",
            "--press",
            "Back",
            "--press",
            "Show the Log",
            "--text",
            "slow> now sleeping",
            "--text",
            "Building slow",
            "--text",
            "Updating greeter",
            "--text",
            "9 packages",
            // The bar and its log took room from the list, which was at the
            // top: it still is, its first heading in view.
            "--within",
            "Apps",
            "Packages",
            // Closing the window would stop it: Frost asks first.
            "--next",
            "--press",
            "Close",
            "--text",
            "Stop and Close?",
            "--next",
            "--press-in-alert",
            "Cancel",
            "--absent",
            "Stop and Close?",
            "--text",
            "Updating greeter",
            "--next",
            "--press",
            "Cancel",
            "--text",
            "Cancelled “Updating greeter”. Nothing changed: the profile is still at generation 7.",
            "--absent",
            "Updating greeter",
            "--next",
            "--run",
            &builder_gone,
        ],
    );
    assert_eq!(generations(&fixture), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(version_of(&fixture, "greeter").as_deref(), Some("1.0"));
    assert_eq!(processes_with(&scenario.nonce), Vec::<u32>::new());
}

#[test]
fn a_package_without_a_description_gets_one_from_nix_and_keeps_it() {
    let fixture = fixture();
    let cache = fixture.sandbox.cache_home().join("frost/metadata");
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            // figlet's flake is still at the revision it was installed
            // from: the evaluation reads exactly that revision.
            "--click-row",
            "figlet",
            "--text",
            "The figlet test package",
        ],
    );
    // Kept per store path: the next window reads it from there, not Nix.
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap_or_else(|e| panic!("{}: {e}", cache.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let text = std::fs::read_to_string(&entries[0]).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("The figlet test package"), "{text}");
    std::fs::write(
        &entries[0],
        text.replace("The figlet test package", "Said by the cache"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &["--click-row", "figlet", "--text", "Said by the cache"],
    );
}

/// Presses Remove on hello in the app `wrapper` starts and agrees; the
/// alert must say `alert` and the profile stay as it was.
fn removing_hello_fails_with(fixture: &FixtureProfile, wrapper: &Path, alert: &[&str]) {
    let mut checks = vec![
        "--click-row",
        "hello",
        "--press",
        "Remove",
        "--next",
        "--press-in-alert",
        "Remove",
        "--text",
        "Could Not Remove hello",
    ];
    checks.extend_from_slice(alert);
    check_with(&fixture.sandbox, wrapper, Some(&fixture.profile), &checks);
    assert_eq!(generations(fixture), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn without_nix_a_change_says_why_it_cannot_run() {
    let fixture = fixture();
    // The profile reads without Nix; changing it needs `nix`, not on PATH.
    let wrapper = wrapped_app(&fixture.sandbox, "PATH=/nonexistent", "");
    removing_hello_fails_with(
        &fixture,
        &wrapper,
        &[
            "--text",
            "Nix is not installed, or “nix” is not on PATH. Install Nix 2.20 or newer, then try again.",
        ],
    );
}

#[test]
fn a_store_that_stays_busy_is_explained_and_nothing_changes() {
    let fixture = fixture();
    // A `nix` first on PATH whose profile changes always fail as Nix does
    // when another Nix command holds the store (frost_testkit::BusyNix).
    let busy = BusyNix::write(&fixture.sandbox, u32::MAX, BusyTry::ChangesNothing)
        .unwrap_or_else(|e| panic!("{e}"));
    let path = format!("PATH='{}'", busy.path_var());
    let wrapper = wrapped_app(&fixture.sandbox, &path, "");
    removing_hello_fails_with(
        &fixture,
        &wrapper,
        &[
            "--text-containing",
            "SQLite database '/nix/var/nix/db/db.sqlite' is busy",
            "--text-containing",
            "Another Nix command is using the store, and it was still busy after Frost tried again several times.",
        ],
    );
    // Tried once and again four times.
    assert_eq!(busy.profile_runs(), 5);
}
