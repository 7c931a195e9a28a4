//! Restoring with a preview, on the real app with real Nix (see
//! tests/ui_common): the fixture frozen into a folder whose name has a
//! space and an accent, put beside a profile that has moved on (7zip
//! removed, hello at another version), opened with `--open-frozen`; the
//! four groups, Add These Packages as one generation that Undo takes back,
//! Make My Profile Exactly This naming what it removes, and Restore from a
//! Flake Reference… reaching the same page (or saying what is wrong).

use std::path::{Path, PathBuf};

use frost_testkit::{FixtureProfile, NixSandbox, NEXT_HELLO_VERSION};

mod ui_common;
use ui_common::{check_with, fixture, frozen_folder, shell_quoted, wrapped_app, BINARY};

/// The element names `nix profile list` prints, sorted.
fn listed(sandbox: &NixSandbox, profile: &Path) -> Vec<String> {
    let p = profile.display().to_string();
    let out = sandbox
        .nix(&["profile", "list", "--profile", &p])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut names: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("Name:"))
        // Nix prints the name in bold even into a pipe.
        .map(|n| {
            n.replace("\u{1b}[1m", "")
                .replace("\u{1b}[0m", "")
                .trim()
                .to_owned()
        })
        .collect();
    names.sort();
    names
}

/// How many generations `nix profile history` lists.
fn history_len(sandbox: &NixSandbox, profile: &Path) -> usize {
    let p = profile.display().to_string();
    let out = sandbox
        .nix(&["profile", "history", "--profile", &p])
        .unwrap_or_else(|e| panic!("{e}"));
    out.lines().filter(|l| l.contains("Version ")).count()
}

/// The fixture frozen into "mein Profil é", and the profile moved on since:
/// hello updated, 7zip removed (generations 7 and 8).
fn moved_on() -> (FixtureProfile, PathBuf) {
    let fixture = fixture();
    let frozen = frozen_folder(&fixture, "mein Profil é");
    fixture
        .set_hello_version(NEXT_HELLO_VERSION)
        .unwrap_or_else(|e| panic!("{e}"));
    let p = fixture.profile.display().to_string();
    for args in [
        &["profile", "upgrade", "--profile", &p, "hello"][..],
        &["profile", "remove", "--profile", &p, "7zip"],
    ] {
        fixture.sandbox.nix(args).unwrap_or_else(|e| panic!("{e}"));
    }
    (fixture, frozen)
}

fn opening(sandbox: &NixSandbox, source: &str) -> PathBuf {
    wrapped_app(
        sandbox,
        "",
        &format!("--open-frozen {}", shell_quoted(Path::new(source))),
    )
}

#[test]
fn the_preview_shows_four_groups_and_add_makes_one_generation_that_undo_takes_back() {
    let (fixture, frozen) = moved_on();
    let before = listed(&fixture.sandbox, &fixture.profile);
    assert!(!before.contains(&"7zip".to_owned()), "{before:?}");
    let history = history_len(&fixture.sandbox, &fixture.profile);
    let different = format!("{NEXT_HELLO_VERSION} → 2.12.1");
    let p = shell_quoted(&fixture.profile);
    // …and in it, hello's other version is gone.
    let one_more = format!(
        "test \"$(nix profile history --profile {p} | grep -c 'Version ')\" = {} && nix profile list --profile {p} | grep -q '7zip' && ! nix profile list --profile {p} | grep -q 'hello-{NEXT_HELLO_VERSION}'",
        history + 1
    );
    let wrapper = opening(&fixture.sandbox, &frozen.display().to_string());
    check_with(
        &fixture.sandbox,
        &wrapper,
        Some(&fixture.profile),
        &[
            "--text",
            "Restore Packages",
            "--text",
            "mein Profil é",
            "--text",
            "Will Be Added",
            "--row",
            "7zip",
            "24.08",
            "--text",
            "Already Installed",
            "--row",
            "hello-1",
            "2.13",
            "--text",
            "Different Version Here",
            "--row",
            "hello",
            &different,
            "--text",
            "Only in Your Profile",
            "--row",
            "cowsay",
            "3.7.0",
            "--next",
            "--press",
            "Add These Packages",
            "--text",
            "Installed 2 packages from “mein Profil é”",
            "--row",
            "7zip",
            "24.08",
            // In place of the installed hello, not beside it.
            "--row",
            "hello",
            "2.12.1",
            "--no-row",
            "hello-2",
            // Exactly one new generation, as Nix itself counts them.
            "--next",
            "--run",
            &one_more,
            "--press",
            "Undo",
            "--no-row",
            "7zip",
        ],
    );
    assert_eq!(listed(&fixture.sandbox, &fixture.profile), before);
    assert_eq!(history_len(&fixture.sandbox, &fixture.profile), history + 1);
}

#[test]
fn exactly_this_names_what_it_removes_first() {
    let (fixture, frozen) = moved_on();
    let wrapper = opening(&fixture.sandbox, &frozen.display().to_string());
    check_with(
        &fixture.sandbox,
        &wrapper,
        Some(&fixture.profile),
        &[
            "--text",
            "Only in Your Profile",
            "--next",
            "--press",
            "Make My Profile Exactly This",
            "--text",
            "Make Your Profile Exactly This?",
            "--text-containing",
            "cowsay is not in the flake and will be removed.",
            "--text-containing",
            "These change to the flake’s version: hello.",
            "--next",
            "--press-in-alert",
            "Replace",
            "--text",
            "This profile now holds the 7 packages of “mein Profil é”",
            "--no-row",
            "cowsay",
        ],
    );
    let after = listed(&fixture.sandbox, &fixture.profile);
    assert!(!after.contains(&"cowsay".to_owned()), "{after:?}");
    assert!(after.contains(&"7zip".to_owned()), "{after:?}");
}

/// A Git repository holding the frozen folder's flake, as a person would
/// push it somewhere.
fn git_repo(fixture: &FixtureProfile, frozen: &Path) -> PathBuf {
    let repo = fixture.sandbox.root().join("shared-profile");
    std::fs::create_dir_all(&repo).unwrap_or_else(|e| panic!("{e}"));
    for file in ["flake.nix", "flake.lock"] {
        std::fs::copy(frozen.join(file), repo.join(file)).unwrap_or_else(|e| panic!("{e}"));
    }
    let r = repo.display().to_string();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "flake.nix", "flake.lock"],
        &["commit", "-q", "-m", "my profile"],
    ] {
        let mut all = vec!["-C", r.as_str()];
        all.extend_from_slice(args);
        fixture
            .sandbox
            .run("git", &all)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    repo
}

#[test]
fn a_flake_reference_reaches_the_preview_and_another_shape_says_what_it_has() {
    let fixture = fixture();
    let frozen = frozen_folder(&fixture, "frozen");
    let repo = git_repo(&fixture, &frozen);
    let reference = format!("git+file://{}", repo.display());
    let open_dialog = [
        "--press",
        "Main Menu",
        "--press",
        "Restore from a Flake Reference…",
        "--text",
        "Restore from a Flake Reference",
        "--insensitive",
        "Preview",
        "--next",
    ];
    let mut steps: Vec<&str> = open_dialog.to_vec();
    steps.extend([
        "--type",
        "github:alice",
        "--text-containing",
        "“github:alice” is not a flake reference Frost understands",
        "--insensitive",
        "Preview",
        "--next",
        "--key",
        "Control+a",
        "--type",
        &reference,
        "--press-in-alert",
        "Preview",
        "--text",
        "Already Installed",
        "--row",
        "hello",
        "2.12.1",
    ]);
    let binary = Path::new(BINARY);
    check_with(&fixture.sandbox, binary, Some(&fixture.profile), &steps);

    // A flake with no packages output: the page and the alert say so.
    let odd = fixture.sandbox.root().join("odd");
    std::fs::create_dir_all(&odd).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        odd.join("flake.nix"),
        "{ outputs = { self }: { lib.answer = 42; }; }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let odd_text = odd.display().to_string();
    let mut steps: Vec<&str> = open_dialog.to_vec();
    steps.extend([
        "--type",
        &odd_text,
        "--press-in-alert",
        "Preview",
        "--text",
        "Could Not Read the Flake",
        "--text-containing",
        "but no “packages” output",
    ]);
    check_with(&fixture.sandbox, binary, Some(&fixture.profile), &steps);
}

/// A folder dragged from a file manager and dropped on the window: a real
/// drop, through the X server and GTK's drag and drop (tests/ui/drag_folder.py
/// drags it from a window of its own with the pointer), reaches the same
/// preview as Open Frozen Folder….
#[test]
fn a_folder_dropped_on_the_window_opens_its_preview() {
    let fixture = fixture();
    let frozen = frozen_folder(&fixture, "gezogen é");
    let drag = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/drag_folder.py");
    // Onto the middle of the window (860 by 720 at the screen's origin),
    // over the list of packages.
    let drop = format!(
        "/usr/bin/python3 {} {} 430 420",
        shell_quoted(&drag),
        shell_quoted(&frozen)
    );
    check_with(
        &fixture.sandbox,
        Path::new(BINARY),
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--run",
            &drop,
            "--text",
            "Restore Packages",
            "--text",
            "gezogen é",
            "--text",
            "Already Installed",
            "--row",
            "hello",
            "2.12.1",
            "--text",
            "Only in Your Profile",
            "--row",
            "cowsay",
            "3.7.0",
        ],
    );
}
