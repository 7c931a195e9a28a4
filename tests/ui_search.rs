//! Add Software on the real app with real Nix (see tests/ui_common): Ctrl+N
//! opens the search page on the flake the profile's packages come from,
//! its index built through the worker; a word of a description finds the
//! package, Install installs it, and the lists show it right after. Search
//! In chooses another flake (typed in), whose own packages are found; an
//! index build of a slow flake cancelled from the operations bar leaves no
//! index behind and is built when the flake is chosen again.

use std::path::{Path, PathBuf};

use frost_core::profile::Profile;
use frost_testkit::{NixSandbox, SearchFlake, SEARCH_FLAKE};

mod ui_common;
use ui_common::{check_window, shell_quoted};

/// A sandbox whose profile holds the search flake's hello: the search
/// page opens on that flake, whose index it builds first.
fn with_hello(sandbox: &NixSandbox) -> PathBuf {
    let flake =
        SearchFlake::write_in(sandbox, "src/search flake").unwrap_or_else(|e| panic!("{e}"));
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
    profile
}

/// Writes `flake.nix` into the sandbox's folder `name`; returns its
/// `path:` reference.
fn another_flake(sandbox: &NixSandbox, name: &str, text: &str) -> String {
    let dir = sandbox.root().join(name);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let system = sandbox.system().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("flake.nix"), text.replace("@SYSTEM@", &system))
        .unwrap_or_else(|e| panic!("{e}"));
    frost_core::flakeref::path_url(&dir)
}

/// The steps that choose Search In's last item, "Another flake…", and
/// type `reference` into the field that then shows, then Enter. The list opens in a
/// popover, a window of its own under X: the keyboard picks (the items are
/// the profile's nixpkgs, two branches, then another flake).
fn choose_another_flake(reference: &str) -> Vec<&str> {
    vec![
        "--click",
        "Search In",
        "--text",
        "Another flake…",
        "--next",
        "--key",
        "Down",
        "--key",
        "Down",
        "--key",
        "Down",
        "--key",
        "Return",
        "--text",
        "Flake Reference",
        "--next",
        "--type",
        reference,
        "--key",
        "Return",
    ]
}

/// Ctrl+N on the profile of [`with_hello`]: the search page, its own
/// flake read.
const OPEN_SEARCH: [&str; 7] = [
    "--text",
    "1 package",
    "--next",
    "--key",
    "Control+n",
    "--text",
    "Type to search 7 packages.",
];

/// The profile's own nixpkgs again: Search In's first item.
const CHOOSE_THE_PROFILES: [&str; 13] = [
    "--click",
    "Search In",
    "--text",
    "This profile’s nixpkgs",
    "--next",
    "--key",
    "Up",
    "--key",
    "Up",
    "--key",
    "Up",
    "--key",
    "Return",
];

#[test]
fn a_package_found_by_a_word_of_its_description_installs_and_shows() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let profile = with_hello(&sandbox);

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

#[test]
fn search_in_another_flake_finds_the_packages_only_it_has() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let profile = with_hello(&sandbox);
    // The search flake with quill in place of figlet.
    const FIGLET: &str =
        r#"figlet = tool "figlet" "2.2.5" "Draws large letters out of ordinary text";"#;
    assert!(SEARCH_FLAKE.contains(FIGLET));
    let other = SEARCH_FLAKE.replace(
        FIGLET,
        r#"quill = tool "quill" "0.9" "Writes with a feather";"#,
    );
    let reference = another_flake(&sandbox, "src/other packages é", &other);

    let mut steps = OPEN_SEARCH.to_vec();
    steps.extend([
        // The profile's own flake has no quill.
        "--next",
        "--type",
        "feather",
        "--text",
        "No package matches “feather”.",
        "--next",
    ]);
    steps.extend(choose_another_flake(&reference));
    steps.extend([
        // The query stays, and now finds quill.
        "--row",
        "quill",
        "0.9",
        "--text",
        "Writes with a feather",
        "--next",
        "--click",
        "Search for packages",
        "--key",
        "Control+a",
        "--type",
        "letters",
        "--text",
        "No package matches “letters”.",
        "--no-row",
        "quill",
        "--next",
    ]);
    // And the profile's own again: figlet, no quill.
    steps.extend(CHOOSE_THE_PROFILES);
    steps.extend(["--row", "figlet", "2.2.5", "--no-row", "quill"]);
    check_window(&sandbox, Some(&profile), &steps);
}

/// A flake whose one package takes seconds to evaluate (its description
/// sums twenty million numbers), so that reading it can be cancelled.
const SLOW_FLAKE: &str = r#"{
  outputs = { self }:
    let
      system = "@SYSTEM@";
      sum = builtins.foldl' (a: i: a + builtins.foldl' (x: y: x + y) 0 (builtins.genList (x: x + i) 100000)) 0 (builtins.genList (x: x) 200);
    in {
      legacyPackages.${system}.turtle = (derivation {
        name = "turtle-1.0";
        inherit system;
        builder = "/bin/sh";
        args = [ "-c" "echo turtle > $out" ];
      }) // { pname = "turtle"; version = "1.0"; meta.description = "Slow to read: ${toString sum}"; };
    };
}
"#;

/// How many files the search cache holds.
fn cache_files(dir: &Path, n: usize) -> String {
    format!("test \"$(ls -A {} | wc -l)\" = {n}", shell_quoted(dir))
}

#[test]
fn a_cancelled_index_build_leaves_no_index_and_builds_when_chosen_again() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let profile = with_hello(&sandbox);
    let reference = another_flake(&sandbox, "src/slow", SLOW_FLAKE);
    let cache = sandbox.cache_home().join("frost/search");
    let reading = format!("Reading the packages of {reference}");
    let (one, two) = (cache_files(&cache, 1), cache_files(&cache, 2));

    let mut steps = OPEN_SEARCH.to_vec();
    steps.extend([
        // The profile's flake's index, and nothing else.
        "--next", "--run", &one,
    ]);
    steps.extend(choose_another_flake(&reference));
    steps.extend([
        // The operations bar shows the build, with Cancel.
        "--text",
        &reading,
        "--next",
        "--press",
        "Cancel",
        "--text",
        "Cancelled. Choose the source again to read its packages.",
        "--absent",
        &reading,
        "--next",
        "--run",
        &one,
        "--next",
    ]);
    // Enter in the field reads the flake again.
    steps.extend([
        "--click",
        "Flake Reference",
        "--key",
        "Return",
        "--text",
        &reading,
        "--next",
        "--text",
        "Type to search 1 package.",
        "--next",
        "--run",
        &two,
        "--click",
        "Search for packages",
        "--type",
        "turtle",
        "--row",
        "turtle",
        "1.0",
    ]);
    check_window(&sandbox, Some(&profile), &steps);
}
