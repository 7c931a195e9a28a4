//! A profile managed by a frozen folder, on the real app with real Nix (see
//! tests/ui_common): the fixture is frozen into ~/nix-profile-flake, which
//! then manages the profile (as *Manage My Profile With This Flake* does).
//! A package installed from a terminal afterwards is marked "Not in your
//! flake"; *Stop Managing…* hands each package back to its own source;
//! *Update…* (the banner's button, or the main menu's item) shows what a
//! newer input brings, installs it, or puts flake.lock back. *Add to
//! Flake* takes a package from a terminal into the flake with its store
//! paths; Undo of a removal puts flake.nix back byte for byte with the
//! package.

use std::path::PathBuf;

use frost_core::freeze::managed::managed_state_on_disk;
use frost_core::profile::Profile;
use frost_testkit::{BranchFixture, NixSandbox, ScenarioFlake, NEXT_HELLO_VERSION};

mod ui_common;
use ui_common::{
    check_window, check_with, fixture, install_steps, managed_fixture, managed_profile,
    managed_profile_with, shell_quoted, wrapped_app,
};

#[test]
fn a_package_installed_from_a_terminal_is_not_in_your_flake() {
    let fixture = fixture();
    managed_fixture(&fixture);
    let scenario = ScenarioFlake::write_in(&fixture.sandbox).unwrap_or_else(|e| panic!("{e}"));
    let install = format!(
        "nix profile install --profile {} {}",
        shell_quoted(&fixture.profile),
        scenario.installable("greeter")
    );
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--text",
            "Managed by ~/nix-profile-flake",
            "--row",
            "hello",
            "2.12.1",
            "--next",
            "--run",
            &install,
            "--text",
            "9 packages",
            "--text",
            "Managed by ~/nix-profile-flake",
            "--row",
            "greeter",
            "Not in your flake",
            "--next",
            "--click-row",
            "greeter",
            "--text",
            "Not in your flake",
            "--text",
            "Remove",
            // Installed from a store path: no source to write into the
            // flake, so Add to Flake cannot be pressed (its tooltip says why).
            "--next",
            "--press",
            "Back",
            "--click-row",
            "cowsay",
            "--text",
            "Not in your flake",
            "--insensitive",
            "Add to Flake",
        ],
    );
    let profile = Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let manifest = profile.manifest(None).unwrap_or_else(|e| panic!("{e}"));
    let managed = managed_state_on_disk(&manifest.elements).unwrap_or_else(|| panic!("managed"));
    assert!(managed.not_in_flake.contains(&"greeter".to_owned()));
    assert!(managed.in_flake.contains(&"hello".to_owned()));
}

/// At 360 px the header's subtitle has room for the count only: the
/// banner over the list names the whole folder, wrapping, and its
/// *Update…* fits beside or below it and runs the update.
#[test]
#[cfg_attr(
    not(feature = "test-hooks"),
    ignore = "sizes the window with FROST_WINDOW_SIZE: --features test-hooks"
)]
fn at_360_px_the_banner_names_the_folder_and_updates_it() {
    let fixture = fixture();
    managed_fixture(&fixture);
    let narrow = wrapped_app(&fixture.sandbox, "FROST_WINDOW_SIZE=360x720", "");
    check_with(
        &fixture.sandbox,
        &narrow,
        Some(&fixture.profile),
        &[
            "--window-size",
            "360x720",
            "--text",
            "8 packages",
            "--within",
            MANAGED,
            "Frost",
            "--within",
            "Update…",
            "Frost",
            "--next",
            "--press",
            "Update…",
            "--text",
            "Everything is up to date",
        ],
    );
}

#[test]
fn stop_managing_hands_the_packages_back_in_one_generation() {
    let fixture = fixture();
    managed_fixture(&fixture);
    let open = || Profile::open(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let before = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    let generation = open().current_generation().map(|g| g.number).ok();
    assert!(managed_state_on_disk(&before.elements).is_some());
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--text",
            "Managed by ~/nix-profile-flake",
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Stop Managing…",
            "--text",
            "Stop Managing With the Folder?",
            "--next",
            "--press-in-alert",
            "Stop Managing",
            "--text",
            "8 packages",
            "--absent",
            "Managed by ~/nix-profile-flake",
            "--text",
            "Undo",
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "Manage With a Frozen Folder…",
            "--text",
            "Manage With a Frozen Folder",
        ],
    );
    let after = open().manifest(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        open().current_generation().map(|g| g.number).ok(),
        generation.map(|g| g + 1),
        "one new generation"
    );
    assert_eq!(managed_state_on_disk(&after.elements), None);
    for e in &before.elements {
        let now = after
            .elements
            .iter()
            .find(|a| a.name == e.name)
            .unwrap_or_else(|| panic!("{} is gone", e.name));
        assert_eq!(now.store_paths, e.store_paths, "{}", e.name);
    }
}

#[test]
fn history_shows_the_commits_of_a_managing_git_folder_below_the_generations() {
    let fixture = fixture();
    let folder = managed_profile_with(&fixture.sandbox, &fixture.profile, true);
    // The freeze's own commit, as `frost freeze --git` wrote it.
    let log = std::process::Command::new("git")
        .args(["log", "-1", "--format=%s"])
        .current_dir(&folder)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    let subject = String::from_utf8_lossy(&log.stdout).trim().to_owned();
    assert!(
        subject.starts_with("Freeze profile (") && subject.ends_with(" packages)"),
        "{subject:?}"
    );
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "History",
            "--text",
            "Added figlet",
            "--text",
            "Changes to ~/nix-profile-flake",
            "--text",
            &subject,
            // In the folder's own group, not among the generations.
            "--within",
            &subject,
            "Changes to ~/nix-profile-flake",
        ],
    );
}

#[test]
fn history_of_a_profile_no_folder_manages_has_no_changes_group() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "History",
            "--text",
            "Added figlet",
            "--absent",
            "Changes to ~/nix-profile-flake",
            "--text-containing",
            "Frost keeps the previous state",
        ],
    );
}

#[test]
fn history_of_a_profile_managed_by_a_folder_without_git_has_no_changes_group() {
    let fixture = fixture();
    managed_fixture(&fixture);
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--text",
            "Managed by ~/nix-profile-flake",
            "--next",
            "--press",
            "History",
            "--text",
            "Added figlet",
            "--absent",
            "Changes to ~/nix-profile-flake",
        ],
    );
}

/// The branch fixture's profile, managed by its frozen folder, whose
/// nixpkgs-like input then gets a newer `hello` on the branch it follows.
fn managed_with_a_newer_hello() -> (BranchFixture, PathBuf) {
    let f = BranchFixture::build_in(NixSandbox::new().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let folder = managed_profile(&f.sandbox, &f.profile);
    let path = f.repo.join("flake.nix");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let newer = text.replace(
        r#"hello = tool "hello" "2.12.1" "hello";"#,
        &format!(r#"hello = tool "hello" "{NEXT_HELLO_VERSION}" "hello";"#),
    );
    assert_ne!(newer, text);
    std::fs::write(&path, newer).unwrap_or_else(|e| panic!("{e}"));
    let repo = f.repo.display().to_string();
    f.sandbox
        .run(
            "git",
            &["-C", &repo, "commit", "-q", "-a", "-m", "newer hello"],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    (f, folder)
}

/// What the banner over the list says for the fixture's managed profile.
const MANAGED: &str = "Managed by ~/nix-profile-flake";

/// Presses the banner's *Update…* (the main menu's item does the same),
/// up to the alert.
const UPDATE: [&str; 2] = ["--press", "Update…"];

#[test]
fn update_shows_the_new_version_and_installs_it() {
    let (f, _folder) = managed_with_a_newer_hello();
    let open = || Profile::open(&f.profile).unwrap_or_else(|e| panic!("{e}"));
    let generation = open().current_generation().map(|g| g.number).ok();
    let new = format!("2.12.1 → {NEXT_HELLO_VERSION}");
    let mut checks = vec!["--row", "hello", "2.12.1", "--next"];
    checks.extend(UPDATE);
    checks.extend(["--text", "New Versions", "--text", &new]);
    // Unchanged packages are not listed.
    checks.extend(["--absent", "24.08 → 24.08", "--absent", "2.13 → 2.13"]);
    checks.extend(["--next", "--press-in-alert", "Install These Versions"]);
    checks.extend(["--row", "hello", NEXT_HELLO_VERSION, "--text", "Undo"]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    assert_eq!(
        open().current_generation().map(|g| g.number).ok(),
        generation.map(|g| g + 1),
        "one new generation"
    );
}

#[test]
fn cancelling_the_update_puts_flake_lock_back_byte_for_byte() {
    let (f, folder) = managed_with_a_newer_hello();
    let lock = || std::fs::read(folder.join("flake.lock")).unwrap_or_else(|e| panic!("{e}"));
    let before = lock();
    let new = format!("2.12.1 → {NEXT_HELLO_VERSION}");
    let mut checks = vec!["--row", "hello", "2.12.1", "--next"];
    checks.extend(UPDATE);
    checks.extend(["--text", &new, "--next", "--press-in-alert", "Cancel"]);
    checks.extend(["--absent", "New Versions", "--row", "hello", "2.12.1"]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    // The lock is put back through the worker; give it a moment to land.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while lock() != before && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(lock() == before, "flake.lock is as it was");
}

#[test]
fn with_nothing_newer_the_update_says_everything_is_up_to_date() {
    let f = BranchFixture::build_in(NixSandbox::new().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let folder = managed_profile(&f.sandbox, &f.profile);
    let lock = || std::fs::read(folder.join("flake.lock")).unwrap_or_else(|e| panic!("{e}"));
    let before = lock();
    let generation = Profile::open(&f.profile)
        .and_then(|p| p.current_generation())
        .map(|g| g.number)
        .ok();
    let mut checks = vec!["--row", "hello", "2.12.1", "--next"];
    checks.extend(UPDATE);
    checks.extend([
        "--text",
        "Everything is up to date",
        "--absent",
        "New Versions",
    ]);
    checks.extend(["--next", "--press-in-alert", "Close"]);
    checks.extend(["--absent", "Everything is up to date"]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    assert!(lock() == before, "flake.lock is as it was");
    let after = Profile::open(&f.profile)
        .and_then(|p| p.current_generation())
        .map(|g| g.number)
        .ok();
    assert_eq!(after, generation, "nothing installed");
}

/// `git -C dir ARGS`, its output trimmed.
fn git(sandbox: &NixSandbox, dir: &std::path::Path, args: &[&str]) -> String {
    let d = dir.display().to_string();
    let all: Vec<&str> = ["-C", d.as_str()]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    let out = sandbox.run("git", &all).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Removes cowsay from its details page, up to the toast of the managed
/// removal.
const REMOVE_COWSAY: [&str; 13] = [
    "--click-row",
    "cowsay",
    "--press",
    "Remove",
    "--text",
    "Remove cowsay?",
    "--next",
    "--press-in-alert",
    "Remove",
    "--text",
    "Removed cowsay from the flake in “nix-profile-flake”",
    "--no-row",
    "cowsay",
];

#[test]
fn installing_and_removing_in_the_window_edit_the_managing_flake() {
    let f = BranchFixture::build_in(NixSandbox::new().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let folder = managed_profile_with(&f.sandbox, &f.profile, true);
    let flake_nix = folder.join("flake.nix");
    let read = || std::fs::read_to_string(&flake_nix).unwrap_or_else(|e| panic!("{e}"));
    let before = read();
    assert!(!before.contains("cowsay"), "{before}");
    let count = Profile::open(&f.profile)
        .and_then(|p| p.manifest(None))
        .map(|m| m.elements.len())
        .unwrap_or_else(|e| panic!("{e}"));
    let header = |n: usize| format!("{n} packages");
    let cowsay = format!("git+file://{}#cowsay", f.repo.display());
    let install = install_steps(&cowsay);
    let (unchanged, one_more) = (header(count), header(count + 1));
    let mut checks = vec!["--text", &unchanged, "--text", MANAGED, "--next"];
    checks.extend(install);
    checks.extend(["--text", "Added cowsay to the flake in “nix-profile-flake”"]);
    checks.extend(["--text", "Undo", "--row", "cowsay", "3.7.0"]);
    checks.extend(["--text", &one_more]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    let added = read();
    assert!(added.contains("cowsay"), "{added}");
    assert_eq!(
        git(&f.sandbox, &folder, &["log", "-1", "--format=%s"]),
        "Add cowsay 3.7.0"
    );
    assert_eq!(git(&f.sandbox, &folder, &["status", "--porcelain"]), "");
    let manifest = Profile::open(&f.profile)
        .and_then(|p| p.manifest(None))
        .unwrap_or_else(|e| panic!("{e}"));
    let managed = managed_state_on_disk(&manifest.elements).unwrap_or_else(|| panic!("managed"));
    assert!(
        managed.in_flake.contains(&"cowsay".to_owned()),
        "{managed:?}"
    );

    let mut checks = REMOVE_COWSAY.to_vec();
    checks.extend(["--text", &unchanged]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    assert_eq!(read(), before, "the add reversed byte for byte");
    assert_eq!(
        git(&f.sandbox, &folder, &["log", "-1", "--format=%s"]),
        "Remove cowsay"
    );
    let manifest = Profile::open(&f.profile)
        .and_then(|p| p.manifest(None))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!manifest.elements.iter().any(|e| e.name == "cowsay"));

    // Undo of an install takes the package out of the flake again.
    let mut checks = install.to_vec();
    checks.extend(["--row", "cowsay", "3.7.0", "--next", "--press", "Undo"]);
    checks.extend(["--no-row", "cowsay", "--text", &unchanged]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    assert_eq!(read(), before, "Undo took cowsay out of flake.nix");
    assert_eq!(
        git(&f.sandbox, &folder, &["log", "-1", "--format=%s"]),
        "Remove cowsay"
    );

    // A flake.nix Frost cannot edit: the failure alert says why, nothing changes.
    let broken = format!("{before}\n{{ unclosed");
    std::fs::write(&flake_nix, &broken).unwrap_or_else(|e| panic!("{e}"));
    let mut checks = install.to_vec();
    checks.extend(["--text-containing", "it has a syntax error"]);
    checks.extend(["--no-row", "cowsay"]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    assert_eq!(read(), broken);
    assert_eq!(
        git(&f.sandbox, &folder, &["log", "-1", "--format=%s"]),
        "Remove cowsay"
    );
}

/// The store paths of the element `name` of `profile`, and whether it
/// comes from `folder`.
fn element_of(
    profile: &std::path::Path,
    name: &str,
    folder: &std::path::Path,
) -> (Vec<String>, bool) {
    let manifest = Profile::open(profile)
        .and_then(|p| p.manifest(None))
        .unwrap_or_else(|e| panic!("{e}"));
    let e = manifest
        .elements
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no {name}"));
    let from = frost_core::freeze::managed::element_folder(&e).as_deref() == Some(folder);
    (e.store_paths, from)
}

/// How many generations `profile` has: its `NAME-N-link` siblings.
fn generations(profile: &std::path::Path) -> usize {
    let name = profile
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_else(|| panic!("{}", profile.display()));
    let parent = profile
        .parent()
        .unwrap_or_else(|| panic!("{}", profile.display()));
    std::fs::read_dir(parent)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            n.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|rest| rest.strip_suffix("-link"))
                .is_some_and(|number| number.parse::<u64>().is_ok())
        })
        .count()
}

#[test]
fn add_to_flake_takes_a_package_from_a_terminal_in_and_undo_of_a_remove_brings_it_back() {
    let f = BranchFixture::build_in(NixSandbox::new().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let folder = managed_profile_with(&f.sandbox, &f.profile, true);
    let flake_nix = folder.join("flake.nix");
    let read = || std::fs::read_to_string(&flake_nix).unwrap_or_else(|e| panic!("{e}"));
    // A person's own comment, committed.
    let comment = "# Mine: keep this line exactly as it is.  é\n";
    std::fs::write(&flake_nix, format!("{comment}{}", read())).unwrap_or_else(|e| panic!("{e}"));
    git(
        &f.sandbox,
        &folder,
        &["commit", "-q", "-a", "-m", "my comment"],
    );
    let cowsay = format!("git+file://{}#cowsay", f.repo.display());
    let p = f.profile.display().to_string();
    f.sandbox
        .nix(&["profile", "install", "--profile", &p, &cowsay])
        .unwrap_or_else(|e| panic!("{e}"));
    let (drifted, from_folder) = element_of(&f.profile, "cowsay", &folder);
    assert!(!from_folder);
    let commits = || git(&f.sandbox, &folder, &["rev-list", "--count", "HEAD"]);
    let commits_before = commits();
    let generations_before = generations(&f.profile);

    check_window(
        &f.sandbox,
        Some(&f.profile),
        &[
            "--row",
            "cowsay",
            "Not in your flake",
            "--next",
            "--click-row",
            "cowsay",
            // A double press: the second is the same change, still
            // running, and is not made (or failed) a second time.
            "--double-click",
            "Add to Flake",
            // Time for a second run to finish, and fail, before the checks.
            "--run",
            "sleep 6",
            "--text",
            "Added cowsay to the flake in “nix-profile-flake”",
            "--text",
            "Undo",
            "--absent",
            "Add to Flake",
            "--absent",
            "Could Not Add cowsay to the Flake",
        ],
    );
    assert_eq!(
        commits().parse::<u32>().ok(),
        commits_before.parse::<u32>().ok().map(|n| n + 1),
        "one commit for a double press"
    );
    assert_eq!(
        generations(&f.profile),
        generations_before + 1,
        "one generation for a double press"
    );
    let added = read();
    assert!(added.starts_with(comment), "{added}");
    assert!(added.contains("cowsay = "), "{added}");
    assert_eq!(
        git(&f.sandbox, &folder, &["log", "-1", "--format=%s"]),
        "Add cowsay 3.7.0"
    );
    assert_eq!(git(&f.sandbox, &folder, &["status", "--porcelain"]), "");
    assert_eq!(
        element_of(&f.profile, "cowsay", &folder),
        (drifted.clone(), true),
        "the same store paths, now from the folder"
    );

    let mut checks = vec!["--row", "cowsay", "3.7.0", "--absent", "Not in your flake"];
    checks.push("--next");
    checks.extend(REMOVE_COWSAY);
    checks.extend(["--next", "--press", "Undo"]);
    checks.extend([
        "--text",
        "Undone: cowsay and the flake in “nix-profile-flake” are as they were",
        "--row",
        "cowsay",
        "3.7.0",
    ]);
    check_window(&f.sandbox, Some(&f.profile), &checks);
    assert_eq!(
        read(),
        added,
        "flake.nix byte for byte as before the remove"
    );
    assert_eq!(
        git(&f.sandbox, &folder, &["log", "-1", "--format=%s"]),
        "Add back cowsay"
    );
    assert_eq!(git(&f.sandbox, &folder, &["status", "--porcelain"]), "");
    assert_eq!(
        element_of(&f.profile, "cowsay", &folder),
        (drifted, true),
        "cowsay back from the folder, same store paths"
    );
}
