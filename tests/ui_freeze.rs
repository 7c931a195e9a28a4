//! The Freeze to Flake wizard on the real app with real Nix (see
//! tests/ui_common): the one-click path (open the wizard, press Export on
//! its first page) writes the same files `frost freeze` writes for the
//! same choices, checks them, keeps the folder's history with Git, and
//! leaves the profile as it was; a move to another branch previews each
//! version change, and Apply makes it one generation that Undo takes back;
//! a folder of the user's names the files it would replace, and a cancel
//! leaves them as they were.

use std::path::{Path, PathBuf};
use std::process::Command;

use frost_core::profile::Profile;
use frost_testkit::{real_nix, write_executable, BranchFixture, NixSandbox, NEXT_HELLO_VERSION};

mod ui_common;
use ui_common::{check_window, check_with, fixture, shell_quoted, wrapped_app, BINARY};

/// The `frost` command line, built beside `frost-gui` by `cargo test
/// --workspace`.
fn frost_cli() -> PathBuf {
    let cli = Path::new(BINARY).with_file_name("frost");
    assert!(
        cli.is_file(),
        "{} is missing: run the tests with cargo test --workspace",
        cli.display()
    );
    cli
}

fn frost_freeze(sandbox: &NixSandbox, profile: &Path, out: &Path) -> String {
    frost_freeze_with(sandbox, profile, out, &[])
}

fn frost_freeze_with(sandbox: &NixSandbox, profile: &Path, out: &Path, more: &[&str]) -> String {
    let mut command = Command::new(frost_cli());
    command
        .envs(sandbox.env())
        .args(["freeze", "--git", "--verify"])
        .args(more);
    command.arg("--profile").arg(profile).arg("--out").arg(out);
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{command:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(
        output.status.success(),
        "git {args:?} failed in {}",
        dir.display()
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Opens the wizard on the fixture and goes on to its Where step.
const TO_PLACE: &[&str] = &[
    "--text",
    "8 packages",
    "--next",
    "--press",
    "Freeze to Flake…",
    "--press",
    "Next",
    "--press",
    "Next",
    "--text",
    "Keep history with Git",
    "--next",
];

#[test]
fn export_on_the_first_page_freezes_with_every_default() {
    let fixture = fixture();
    let manifest = fixture.profile.join("manifest.json");
    let before = std::fs::read(&manifest).unwrap_or_else(|e| panic!("{e}"));
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--press",
            "Freeze to Flake…",
            "--text",
            "What to Freeze",
            // Every package that can be frozen is ticked; cowsay, installed
            // as a bare store path, cannot be and says why.
            "--text",
            "7 of 7 packages will be frozen",
            "--text-containing",
            "cannot be rebuilt elsewhere",
            "--next",
            "--press",
            "Export",
            "--text",
            "Your Profile Is Frozen",
            // The seven that build what the profile has share one row;
            // opened, each has its own.
            "--text",
            "7 packages build exactly what your profile has",
            "--next",
            "--click",
            "7 packages build exactly what your profile has",
            "--row",
            "hello",
            "identical",
            "--row",
            "pip",
            "identical",
            "--text",
            "Open Folder",
            "--next",
            "--press",
            "Copy Restore Command",
            "--text",
            "Copied the restore command. Run it in the folder.",
        ],
    );
    // The default folder, in the sandbox's home.
    let wizard = fixture.sandbox.home().join("nix-profile-flake");
    let cli = fixture.sandbox.root().join("cli-freeze");
    let said = frost_freeze(&fixture.sandbox, &fixture.profile, &cli);
    assert!(!said.contains("differ"), "{said}");
    for name in ["flake.nix", "flake.lock", "README.md"] {
        assert_eq!(read(&wizard, name), read(&cli, name), "{name}");
    }
    assert_eq!(git(&wizard, &["rev-list", "--count", "HEAD"]), "1");
    assert_eq!(git(&wizard, &["status", "--porcelain"]), "");
    // Freezing reads the profile and never changes it.
    assert_eq!(std::fs::read(&manifest).unwrap_or_default(), before);
}

#[test]
fn next_walks_through_every_step_and_a_taken_folder_is_not_overwritten() {
    let fixture = fixture();
    // An earlier freeze took the default name: the wizard offers the next.
    let home = fixture.sandbox.home();
    let earlier = home.join("nix-profile-flake");
    std::fs::create_dir_all(&earlier).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(earlier.join("flake.nix"), "# mine\n").unwrap_or_else(|e| panic!("{e}"));
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--press",
            "Freeze to Flake…",
            "--text",
            "What to Freeze",
            "--next",
            "--press",
            "Next",
            "--text",
            "Which Versions",
            "--text",
            "Keep exactly these versions",
            "--text",
            "rebuilds your profile exactly",
            "--text",
            "nixos-unstable",
            "--text",
            "nixpkgs-unstable",
            // A reference that cannot be one is refused as it is typed.
            "--next",
            "--click",
            "Move to a newer nixpkgs",
            "--click",
            "Another branch or flake reference",
            "--type",
            "not a branch!",
            "--text-containing",
            "a branch name has only letters",
            "--insensitive",
            "Export",
            "--next",
            "--click",
            "Keep exactly these versions",
            "--press",
            "Next",
            "--text",
            "Where",
            "--field",
            "Folder",
            "~/nix-profile-flake-2",
            "--text",
            "A new folder is made for the flake.",
            "--text",
            "Keep history with Git",
            "--next",
            "--press",
            "Next",
            "--text",
            "Preview",
            "--text-containing",
            "packages from nixpkgs",
            "--next",
            "--press",
            "Export",
            "--text",
            "Your Profile Is Frozen",
        ],
    );
    assert_eq!(read(&earlier, "flake.nix"), "# mine\n");
    let wizard = home.join("nix-profile-flake-2");
    assert!(read(&wizard, "flake.nix").contains("outputs"));
    assert_eq!(git(&wizard, &["rev-list", "--count", "HEAD"]), "1");
}

#[test]
fn closing_the_wizard_before_export_writes_nothing() {
    let fixture = fixture();
    let home = fixture.sandbox.home();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            TO_PLACE,
            &[
                "--key",
                "Escape",
                "--absent",
                "Keep history with Git",
                "--text",
                "8 packages",
            ],
        ]
        .concat(),
    );
    assert!(!home.join("nix-profile-flake").exists());
}

/// The profile's generations.
fn generations(profile: &Path) -> Vec<u64> {
    let opened = Profile::open(profile).unwrap_or_else(|e| panic!("{e}"));
    opened
        .generations()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|g| g.number)
        .collect()
}

/// What `nix profile list` shows for a profile or one of its generations.
fn listed(sandbox: &NixSandbox, profile: &Path) -> String {
    sandbox
        .nix(&[
            "profile",
            "list",
            "--profile",
            &profile.display().to_string(),
        ])
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_move_to_a_branch_previews_the_versions_and_apply_is_one_generation_undo_takes_back() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let f = BranchFixture::build_named(sandbox, "nixpkgs")
        .unwrap_or_else(|e| panic!("cannot build the branch fixture: {e}"));
    let next = format!("git+file://{}?ref=next", f.repo.display());
    // A folder name with a space and an accented letter, typed.
    let folder = "Gefrorenes Profil é";
    let typed = format!("~/{folder}");
    let applied = format!("This profile now holds the 2 packages of “{folder}”");
    assert_eq!(generations(&f.profile), [1, 2]);
    check_window(
        &f.sandbox,
        Some(&f.profile),
        &[
            "--text",
            "3 packages",
            "--next",
            "--press",
            "Freeze to Flake…",
            "--press",
            "Next",
            "--click",
            "Move to a newer nixpkgs",
            "--click",
            "Another branch or flake reference",
            "--type",
            &next,
            "--next",
            "--press",
            "Next",
            "--text",
            "Keep history with Git",
            "--next",
            "--click",
            "Folder",
            "--key",
            "Control+a",
            "--type",
            &typed,
            "--text",
            "A new folder is made for the flake.",
            "--next",
            "--press",
            "Next",
            // The versions on the branch, looked up before anything is
            // written: hello moves, 7zip is not there, the tool stays.
            "--row",
            "hello",
            &format!("2.12.1 → {NEXT_HELLO_VERSION}"),
            "--row",
            "7zip",
            "not available on this branch: it will be left out",
            "--next",
            "--press",
            "Export",
            "--text",
            "Your Profile Is Frozen",
            "--row",
            "hello",
            &format!("updated to {NEXT_HELLO_VERSION}"),
            "--next",
            "--press",
            "Apply to This Profile",
            "--text-containing",
            "7zip is not in the folder and will no longer be in the profile.",
            "--next",
            "--press-in-alert",
            "Apply",
            "--text",
            &applied,
            // The profile's packages now come from the folder: it manages
            // them, and the banner over the list says so.
            "--text",
            "2 packages",
            "--text",
            "Managed by ~/Gefrorenes Profil é",
            "--next",
            "--press",
            "Undo",
            "--text",
            "3 packages",
        ],
    );
    let out = f.sandbox.home().join(folder);
    assert!(read(&out, "flake.lock").contains("\"ref\": \"next\""));
    // Apply made one generation, with hello from the branch and no 7zip.
    let generation_3 = f.profile.with_file_name("profile-3-link");
    let third = listed(&f.sandbox, &generation_3);
    assert!(
        third.contains(&format!("hello-{NEXT_HELLO_VERSION}")),
        "{third}"
    );
    assert!(!third.contains("7zip"), "{third}");
    // Undo went back to generation 2, as it was.
    assert_eq!(generations(&f.profile), [1, 2, 3]);
    assert_eq!(
        std::fs::read_link(&f.profile).unwrap_or_else(|e| panic!("{e}")),
        Path::new("profile-2-link")
    );
    let now = listed(&f.sandbox, &f.profile);
    assert!(now.contains("7zip"), "{now}");

    // The folder restores with its README's own command, run in the
    // folder as the README says, into a new profile.
    let readme = read(&out, "README.md");
    let command = readme
        .split("```")
        .find(|block| block.contains("nix profile install"))
        .map(|block| block.trim_start_matches("sh").trim().replace("\\\n", " "))
        .unwrap_or_else(|| panic!("no restore command in:\n{readme}"));
    let restored = f.sandbox.root().join("restored");
    let mut run = f.sandbox.command("sh");
    run.current_dir(&out)
        .arg("-c")
        .arg(format!("{command} --profile {}", shell_quoted(&restored)));
    let output = run.output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let restored = listed(&f.sandbox, &restored);
    assert!(
        restored.contains(&format!("hello-{NEXT_HELLO_VERSION}")),
        "{restored}"
    );
}

#[test]
fn a_folder_with_files_names_them_and_a_cancelled_export_leaves_them_as_they_were() {
    let fixture = fixture();
    let mine = fixture.sandbox.home().join("Mes flakes");
    std::fs::create_dir_all(&mine).unwrap_or_else(|e| panic!("{e}"));
    let theirs = [
        ("flake.nix", "# my own flake\n"),
        ("README.md", "my notes\n"),
        ("todo.txt", "untouched\n"),
    ];
    for (name, text) in theirs {
        std::fs::write(mine.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    // The export is quick on the fixture: this `nix` waits once the
    // export's files are in place (flake.lock is only ever written by it),
    // so Cancel comes while the check runs, the harder case: the user's
    // files were replaced and have to come back.
    let slow = fixture.sandbox.root().join("slow-nix");
    std::fs::create_dir_all(&slow).unwrap_or_else(|e| panic!("{e}"));
    let real = real_nix().unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "#!/bin/sh\n[ -e {lock} ] && sleep 60\nexec {real} \"$@\"\n",
        lock = shell_quoted(&mine.join("flake.lock")),
        real = shell_quoted(&real),
    );
    write_executable(&slow.join("nix"), &script).unwrap_or_else(|e| panic!("{e}"));
    let path = format!("PATH={}:\"$PATH\"", shell_quoted(&slow));
    let app = wrapped_app(&fixture.sandbox, &path, "");
    check_with(
        &fixture.sandbox,
        &app,
        Some(&fixture.profile),
        &[
            TO_PLACE,
            &[
            "--click",
            "Folder",
            "--key",
            "Control+a",
            "--type",
            "~/Mes flakes",
            "--text",
            "The folder is not empty. These files in it would be replaced: flake.nix, README.md. Everything else stays as it is.",
            // Not without saying yes to replacing them.
            "--insensitive",
            "Export",
            "--next",
            "--click",
            "Replace these files",
            "--press",
            "Export",
            "--run",
            // Up to a minute, then the checks below say what is missing.
            &format!(
                "for i in $(seq 300); do [ -e {} ] && break; sleep 0.2; done",
                shell_quoted(&mine.join("flake.lock"))
            ),
            "--press",
            "Cancel",
            "--text",
            "Export cancelled. No files were written, and the profile is as it was.",
            ],
        ]
        .concat(),
    );
    for (name, text) in theirs {
        assert_eq!(read(&mine, name), text, "{name}");
    }
    let mut names: Vec<String> = std::fs::read_dir(&mine)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["README.md", "flake.nix", "todo.txt"]);
}

#[test]
fn a_generation_in_history_freezes_as_frost_freeze_generation_does() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--press",
            "History",
            "--next",
            "--click",
            "Added multi, painter and pip",
            "--press",
            "Freeze This Generation…",
            "--text",
            "These are the packages of generation 2, not the current ones.",
            // Generation 2: what generation 1 had, and painter, pip and
            // multi, which came with it.
            "--text",
            "4 of 4 packages will be frozen",
            "--next",
            "--press",
            "Export",
            "--text",
            "Your Profile Is Frozen",
            "--text",
            "4 packages build exactly what your profile has",
            "--next",
            "--click",
            "4 packages build exactly what your profile has",
            "--row",
            "pip",
            "identical",
        ],
    );
    let wizard = fixture.sandbox.home().join("nix-profile-flake");
    let cli = fixture.sandbox.root().join("cli-generation-2");
    frost_freeze_with(
        &fixture.sandbox,
        &fixture.profile,
        &cli,
        &["--generation", "2"],
    );
    for name in ["flake.nix", "flake.lock", "README.md"] {
        assert_eq!(read(&wizard, name), read(&cli, name), "{name}");
    }
    assert!(read(&wizard, "flake.nix").contains("(generation 2)"));
}

#[test]
fn the_first_step_can_freeze_an_earlier_generation_instead() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--next",
            "--press",
            "Freeze to Flake…",
            "--text",
            "Generation 6 (current)",
            "--text",
            "7 of 7 packages will be frozen",
            "--next",
            "--click",
            "From Generation",
            "--text",
            "Generation 1",
            // The list opens in a popover, a window of its own under X, so
            // a click at its items' coordinates misses: the keyboard picks,
            // from generation 6 down to 2.
            "--next",
            "--key",
            "Down",
            "--key",
            "Down",
            "--key",
            "Down",
            "--key",
            "Down",
            "--key",
            "Return",
            "--text",
            "These are the packages of generation 2, not the current ones.",
            "--text",
            "4 of 4 packages will be frozen",
            "--next",
            "--press",
            "Export",
            "--text",
            "Your Profile Is Frozen",
        ],
    );
    let flake = read(
        &fixture.sandbox.home().join("nix-profile-flake"),
        "flake.nix",
    );
    assert!(flake.contains("(generation 2)"), "{flake}");
}
