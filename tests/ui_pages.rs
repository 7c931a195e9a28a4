//! The pages pushed over the list: a package's details (and launching it)
//! and the history, on the real app (see tests/ui_common for how it runs).

mod ui_common;
use ui_common::{check_window, fixture};

#[test]
fn a_details_page_shows_version_commands_outputs_and_source() {
    let fixture = fixture();
    let nixpkgs = fixture.nixpkgs.display().to_string();
    let hello_store_path = "bytes · /nix/store/";
    let attr = format!("legacyPackages.{}.hello", fixture.system);
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--click-row",
            "hello",
            "--text",
            "Version 2.12.1",
            "--text",
            "Command: hello",
            "--text",
            "hello",
            "--text",
            "the package’s default outputs",
            "--text",
            "5 (the default)",
            "--text-containing",
            &format!("local folder {nixpkgs}, "),
            "--text",
            &format!("path:{nixpkgs}#legacyPackages.{}.hello", fixture.system),
            "--text-containing",
            &format!("path:{nixpkgs}?lastModified="),
            "--text",
            &attr,
            "--text-containing",
            "Generation 1, ",
            "--text-containing",
            hello_store_path,
            "--insensitive",
            "Remove",
            "--insensitive",
            "Update",
            "--absent",
            "Open",
            // Back, then a package with every output and its own priority.
            "--next",
            "--press",
            "Back",
            "--click-row",
            "multi",
            "--text",
            "all outputs",
            "--text",
            "multi-1.0",
            "--text",
            "multi-1.0-man",
            "--text",
            "multi-1.0-dev",
            "--next",
            "--press",
            "Back",
            "--click-row",
            "7zip",
            "--text",
            "Command: 7z",
            "--text-containing",
            "3 (when two packages install the same file",
            "--text-containing",
            "Generation 3, ",
        ],
    );
}

#[test]
fn open_starts_the_app_from_its_desktop_file() {
    let fixture = fixture();
    let output = check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--click-row",
            "Painter",
            "--text",
            "Paint pictures and edit photos",
            "--text",
            "Installed as “painter”",
            "--press",
            "Open",
            // The app's program prints its name; give it time to run.
            "--run",
            "sleep 2",
        ],
    );
    // The fixture's painter is `echo painter`, started by GIO from the
    // desktop file with the window's stdout.
    assert!(
        output.lines().any(|l| l == "painter"),
        "painter did not run:\n{output}"
    );
}

#[test]
fn history_lists_generations_and_shows_what_one_changed() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "History",
            "--text",
            "Generation 6",
            "--text",
            "Generation 1",
            "--text",
            "Current",
            "--text-containing",
            " · added figlet",
            "--text-containing",
            " · added multi, painter and pip",
            "--next",
            "--click",
            "Generation 2",
            "--text-containing",
            "Changes from generation 1:",
            "--text",
            "Added",
            "--text",
            "painter",
            "--text",
            "multi",
            "--text",
            "pip",
            "--insensitive",
            "Roll Back to This",
        ],
    );
}
