//! The pages pushed over the list: a package's details (and launching it)
//! and the history, on the real app (see tests/ui_common for how it runs).

mod ui_common;
use ui_common::{check_window, fixture};

#[test]
fn a_details_page_answers_a_persons_questions_first_and_folds_the_technical_details() {
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
            // How to start it: the command, to copy, and which of the two
            // packages with a `hello` runs, and why.
            "--text",
            "hello",
            "--text",
            "Copy “hello”",
            "--text",
            "hello-1’s runs instead: it has the lower priority number (4 before 5).",
            // Size, since when (in GNOME's words), where it came from.
            "--text",
            "Size",
            "--text-containing",
            " bytes",
            "--text",
            "Installed",
            "--text-containing",
            "Today at ",
            "--text-containing",
            &format!("local folder {nixpkgs}, "),
            // The technical details are there, folded.
            "--text",
            "Technical Details",
            "--absent",
            &attr,
            "--absent",
            "Outputs",
            // One suggested action: a tool has nothing to open.
            "--absent",
            "Open",
            "--text",
            "Update",
            "--text",
            "Remove",
            // Unfolded, they are all there, still copyable.
            "--next",
            "--click",
            "Technical Details",
            "--text",
            "the package’s default outputs",
            "--text",
            "5 (the default)",
            "--text",
            &format!("path:{nixpkgs}#legacyPackages.{}.hello", fixture.system),
            "--text-containing",
            &format!("path:{nixpkgs}?lastModified="),
            "--text",
            "Copy “Pinned to”",
            "--text",
            &attr,
            "--text-containing",
            hello_store_path,
            // Back, then a package with every output and its own priority.
            "--next",
            "--press",
            "Back",
            "--click-row",
            "multi",
            "--absent",
            "all outputs",
            "--next",
            "--click",
            "Technical Details",
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
            "hello-1",
            "--text",
            "This one runs: hello has it too, but this package has the lower priority number (4 before 5).",
            "--next",
            "--press",
            "Back",
            "--click-row",
            "7zip",
            "--text",
            "Command: 7z",
            "--next",
            "--click",
            "Technical Details",
            "--text-containing",
            "3 (when two packages install the same file",
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
fn history_says_what_each_generation_changed_in_words() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "History",
            // What "generation" means, said once where it first appears.
            "--text-containing",
            "Frost keeps the previous state as a generation you can go back to",
            // Each row leads with what changed, in words made by the core.
            "--text",
            "Added figlet",
            "--text",
            "Added cowsay",
            "--text",
            "Added hello-1",
            "--text",
            "Added 7zip",
            "--text",
            "Added multi, painter and pip",
            "--text",
            "Started with hello",
            // Then the generation and its date, as GNOME says dates.
            "--text-containing",
            "Generation 6 · Today at ",
            "--text-containing",
            "Generation 1 · Today at ",
            "--text",
            "Current",
            "--next",
            "--click",
            "Added multi, painter and pip",
            // The changes in words first, then the packages; the title is
            // the header's alone.
            "--text",
            "Added multi, painter and pip",
            "--text-containing",
            " · compared with generation 1",
            "--text",
            "Added",
            "--text",
            "painter",
            "--text",
            "multi",
            "--text",
            "pip",
            "--text",
            "Go Back to This Generation…",
            "--text",
            "Freeze This Generation…",
        ],
    );
}
