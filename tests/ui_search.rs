//! Add Software on the real app with real Nix (see tests/ui_common): Ctrl+N
//! opens the search page on the flake the profile's packages come from,
//! its index built through the worker; a word of a description finds the
//! package, Install installs it, and the lists show it right after.

use frost_core::profile::Profile;
use frost_testkit::{NixSandbox, SearchFlake};

mod ui_common;
use ui_common::check_window;

#[test]
fn a_package_found_by_a_word_of_its_description_installs_and_shows() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let flake =
        SearchFlake::write_in(&sandbox, "src/search flake").unwrap_or_else(|e| panic!("{e}"));
    let profile = sandbox.state_home().join("nix/profiles/profile");
    let p = profile.display().to_string();
    sandbox
        .nix(&[
            "profile",
            "install",
            "--profile",
            &p,
            &flake.installable("hello"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));

    check_window(
        &sandbox,
        Some(&profile),
        &[
            "--text",
            "1 package",
            "--next",
            "--key",
            "Control+n",
            "--text",
            "Add Software",
            // The profile's own flake, read by the worker.
            "--text",
            "Type to search 7 packages.",
            "--next",
            "--type",
            "letters",
            "--row",
            "figlet",
            "2.2.5",
            "--text",
            "Draws large letters out of ordinary text",
            "--no-row",
            "hello",
            "--next",
            "--type",
            " zzz",
            "--text",
            "No package matches “letters zzz”.",
            "--no-row",
            "figlet",
            "--next",
            "--key",
            "BackSpace",
            "--key",
            "BackSpace",
            "--key",
            "BackSpace",
            "--key",
            "BackSpace",
            "--row",
            "figlet",
            "2.2.5",
            "--next",
            "--press",
            "Install figlet",
            "--text",
            "Installed figlet",
            // The row says so once the profile is read again.
            "--row",
            "figlet",
            "Installed",
            "--next",
            "--press",
            "Back",
            "--row",
            "figlet",
            "2.2.5",
            "--row",
            "hello",
            "2.12.1",
            "--text",
            "2 packages",
        ],
    );
    let manifest = Profile::open(&profile)
        .and_then(|p| p.manifest(None))
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = manifest.elements.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["figlet", "hello"]);
}
