//! The package list: sections, search, live refresh and the profile
//! switcher, on the real app (see tests/ui_common for how it runs).

use std::path::Path;

mod ui_common;
use ui_common::{check_window, fixture, row_checks, shell_quoted};

#[test]
fn apps_and_tools_show_in_sections_with_versions_and_sources() {
    let fixture = fixture();

    let mut checks = row_checks();
    checks.extend([
        "--count-rows",
        "8",
        "--text",
        "Apps",
        "--text",
        "Command-Line Tools",
        // The header names what is shown in words, not the profile link's
        // name, and is short enough for a phone.
        "--text",
        "Installed",
        "--absent",
        "profile",
        "--text",
        "8 packages",
        "--text",
        "Freeze to Flake…",
        // Two-line rows: version and where it came from, in words.
        "--text",
        "3.0.1 · from a local folder",
        "--text",
        "3.7.0 · no source recorded",
        // Two packages with the command `hello`: the rows say which runs
        // (hello-1, priority 4, wins over hello's default 5).
        "--text",
        "“hello” runs hello-1’s instead",
        "--text",
        "“hello” runs this one, not hello’s",
        "--absent",
        "No Packages Yet",
    ]);
    let rows = check_window(&fixture.sandbox, Some(&fixture.profile), &checks);

    // Each row's own accessible name is the sentence a screen reader speaks,
    // the same-command hint included.
    let hello = "row 'hello, 2.12.1 · from a local folder. “hello” runs hello-1’s instead'";
    assert!(rows.contains(hello), "no {hello:?} in:\n{rows}");
    let cowsay = "row 'cowsay, 3.7.0 · no source recorded'";
    assert!(rows.contains(cowsay), "no {cowsay:?} in:\n{rows}");
    // Apps come first, in a section of their own.
    let painter = rows.find("row 'Painter, 3.0.1");
    let zip = rows.find("row '7zip, 24.08");
    assert!(painter.is_some() && painter < zip, "{rows}");
}

#[test]
fn without_arguments_the_users_own_profile_opens() {
    let fixture = fixture();
    // HOME and XDG_STATE_HOME point into the sandbox, whose ~/.nix-profile
    // links to the fixture: exactly how Nix finds a user's profile.
    let mut checks = row_checks();
    checks.extend([
        "--count-rows",
        "8",
        "--text",
        "8 packages",
        "--text",
        "Installed",
    ]);
    check_window(&fixture.sandbox, None, &checks);
}

#[test]
fn typing_a_search_filters_by_description_and_command() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "Search",
            "--text",
            "Search packages",
            // A word from the app's description, once the bar has slid open
            // (the entry has the focus, but an X server without a window
            // manager never tells the window it is active, so AT-SPI cannot
            // say so).
            "--next",
            "--run",
            "sleep 0.5",
            "--type",
            "photos",
            "--count-rows",
            "1",
            "--row",
            "Painter",
            "3.0.1",
            "--absent",
            "Command-Line Tools",
            // A command only: 7zip installs `7z`.
            "--next",
            "--press",
            "Search",
            "--absent",
            "Search packages",
            "--next",
            "--press",
            "Search",
            "--text",
            "Search packages",
            "--next",
            "--run",
            "sleep 0.5",
            "--type",
            "7z",
            "--count-rows",
            "1",
            "--row",
            "7zip",
            "24.08",
            "--next",
            "--type",
            "q",
            "--count-rows",
            "0",
            "--text",
            "No Results Found",
        ],
    );
}

#[test]
fn a_change_from_a_terminal_shows_without_pressing_anything() {
    let fixture = fixture();
    let profile = shell_quoted(&fixture.profile);
    let remove_hello = format!("nix profile remove hello --profile {profile}");
    let remove_pip = format!("nix profile remove pip --profile {profile}");

    let mut checks = row_checks();
    checks.extend(["--count-rows", "8", "--next", "--run", &remove_hello]);
    checks.extend(["--count-rows", "7", "--no-row", "hello"]);
    checks.extend(["--row", "hello-1", "2.13", "--text", "7 packages"]);
    // An open details page follows its package, and closes when it goes.
    checks.extend(["--next", "--click-row", "pip", "--text", "Version 24.0"]);
    checks.extend(["--next", "--run", &remove_pip]);
    checks.extend([
        "--text",
        "“pip” is no longer in the profile.",
        "--count-rows",
        "6",
    ]);
    checks.extend(["--text", "6 packages"]);
    check_window(&fixture.sandbox, Some(&fixture.profile), &checks);
}

#[test]
fn profiles_beside_each_other_can_be_switched() {
    let fixture = fixture();
    let profiles = fixture.profile.parent().unwrap_or(Path::new("/"));
    let work = profiles.join("work");
    let nixpkgs = format!("path:{}#cowsay", fixture.nixpkgs.display());
    let w = work.to_string_lossy().into_owned();
    fixture
        .sandbox
        .nix(&["profile", "install", "--profile", &w, &nixpkgs])
        .unwrap_or_else(|e| panic!("{e}"));

    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--press",
            "Switch Profile",
            "--press",
            "work",
            "--text",
            "work",
            // Only the person's own profile is called "Installed".
            "--absent",
            "Installed",
            "--text",
            "1 package",
            "--count-rows",
            "1",
            "--row",
            "cowsay",
            "3.7.0",
        ],
    );
}
