//! The Freeze to Flake wizard on the real app with real Nix (see
//! tests/ui_common): the one-click path (open the wizard, press Export on
//! its first page) writes the same files `frost freeze` writes for the
//! same choices, checks them, keeps the folder's history with Git, and
//! leaves the profile as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use frost_testkit::NixSandbox;

mod ui_common;
use ui_common::{check_window, fixture, BINARY};

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
    let mut command = Command::new(frost_cli());
    command
        .envs(sandbox.env())
        .args(["freeze", "--git", "--verify"]);
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
            "8 packages · generation 6",
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
            "no flake records how to build it",
            "--next",
            "--press",
            "Export",
            "--text",
            "Your Profile Is Frozen",
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
            "8 packages · generation 6",
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
            "--text",
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
            "--text",
            "8 packages · generation 6",
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
            "--key",
            "Escape",
            "--absent",
            "Keep history with Git",
            "--text",
            "8 packages · generation 6",
        ],
    );
    assert!(!home.join("nix-profile-flake").exists());
}
