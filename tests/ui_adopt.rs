//! Manage My Profile With This Flake, on the real app with real Nix (see
//! tests/ui_common): after the one-click freeze, the Done page hands the
//! profile to the folder as one generation with the same store paths, and
//! the banner over the list says which folder manages it.

use frost_core::freeze::managed::element_folder;
use frost_core::profile::Profile;

mod ui_common;
use ui_common::{check_window, fixture};

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
    for e in &before.elements {
        let now = after
            .elements
            .iter()
            .find(|a| a.name == e.name)
            .unwrap_or_else(|| panic!("{} is gone", e.name));
        assert_eq!(now.store_paths, e.store_paths, "{}", e.name);
        if e.name != "cowsay" {
            assert_eq!(element_folder(now).as_deref(), Some(folder.as_path()));
        }
    }
}
