//! A profile installed from a nixpkgs-like flake in a Git repository whose
//! branch `next` has a newer `hello` and no `7zip`: for freezing a profile
//! onto another branch ("move to a branch").

use std::path::{Path, PathBuf};

use crate::flakes::{NIXPKGS_FLAKE, TOOL_FLAKE};
use crate::sandbox::{NixSandbox, Result};

pub struct BranchFixture {
    pub sandbox: NixSandbox,
    /// The profile link, as given to `--profile`.
    pub profile: PathBuf,
    /// The Git repository of the nixpkgs-like flake (`main` and `next`).
    pub repo: PathBuf,
    /// The Git repository of the tool flake, which does not move.
    pub tool_repo: PathBuf,
    pub system: String,
}

/// The version of `hello` on branch `next`.
pub const NEXT_HELLO_VERSION: &str = "2.12.2";

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

impl BranchFixture {
    /// Builds, in `sandbox`: the repository (`main`: hello 2.12.1 and 7zip;
    /// `next`: hello 2.12.2, no 7zip), and a profile holding `hello` and
    /// `7zip` from `main` plus `hello` from the tool flake (`hello-1`,
    /// priority 4).
    pub fn build_in(sandbox: NixSandbox) -> Result<BranchFixture> {
        BranchFixture::build_named(sandbox, "pkgs-git")
    }

    /// As [`BranchFixture::build_in`], the repository in a folder named
    /// `name`: `nixpkgs` makes Frost take it for nixpkgs (as it takes
    /// `github:NixOS/nixpkgs`), so the wizard's *Move to a newer nixpkgs*
    /// moves it.
    pub fn build_named(sandbox: NixSandbox, name: &str) -> Result<BranchFixture> {
        let system = sandbox.system()?;
        let root = sandbox.root().to_path_buf();
        let repo = root.join("src").join(name);
        let tool_repo = root.join("src/tool-git");
        let profile = sandbox.state_home().join("nix/profiles/profile");
        std::fs::create_dir_all(sandbox.state_home().join("nix/profiles"))
            .map_err(|e| format!("cannot create the profiles folder: {e}"))?;
        let main = NIXPKGS_FLAKE
            .replace("@SYSTEM@", &system)
            .replace("@EXTRA@", "");
        let next = main
            .replace(
                r#"hello = tool "hello" "2.12.1" "hello";"#,
                &format!(r#"hello = tool "hello" "{NEXT_HELLO_VERSION}" "hello";"#),
            )
            .replace(r#""7zip" = tool "7zip" "24.08" "7z";"#, "");
        let git = |dir: &Path, args: &[&str]| -> Result<()> {
            let d = dir.to_string_lossy().into_owned();
            let mut all = vec!["-C", d.as_str()];
            all.extend_from_slice(args);
            sandbox.run("git", &all).map(|_| ())
        };
        write(&repo.join("flake.nix"), &main)?;
        git(&repo, &["init", "-q", "-b", "main"])?;
        git(&repo, &["add", "flake.nix"])?;
        git(&repo, &["commit", "-q", "-m", "main"])?;
        git(&repo, &["checkout", "-q", "-b", "next"])?;
        write(&repo.join("flake.nix"), &next)?;
        git(&repo, &["commit", "-q", "-a", "-m", "next"])?;
        git(&repo, &["checkout", "-q", "main"])?;

        write(
            &tool_repo.join("flake.nix"),
            &TOOL_FLAKE.replace("@SYSTEM@", &system),
        )?;
        git(&tool_repo, &["init", "-q", "-b", "main"])?;
        git(&tool_repo, &["add", "flake.nix"])?;
        git(&tool_repo, &["commit", "-q", "-m", "tool"])?;

        let p = profile.to_string_lossy().into_owned();
        let pkgs = format!("git+file://{}", repo.display());
        let tool = format!("git+file://{}", tool_repo.display());
        sandbox.nix(&[
            "profile",
            "install",
            "--profile",
            &p,
            &format!("{pkgs}#hello"),
            &format!("{pkgs}#\"7zip\""),
        ])?;
        sandbox.nix(&[
            "profile",
            "install",
            "--profile",
            &p,
            "--priority",
            "4",
            &format!("{tool}#hello"),
        ])?;
        Ok(BranchFixture {
            sandbox,
            profile,
            repo,
            tool_repo,
            system,
        })
    }

    /// A newer `hello` ([`NEXT_HELLO_VERSION`]) committed on `main`, the
    /// branch a frozen input follows.
    pub fn newer_hello_on_main(&self) -> Result<()> {
        let path = self.repo.join("flake.nix");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let newer = text.replace(
            r#"hello = tool "hello" "2.12.1" "hello";"#,
            &format!(r#"hello = tool "hello" "{NEXT_HELLO_VERSION}" "hello";"#),
        );
        if newer == text {
            return Err(format!("{} has no hello 2.12.1", path.display()));
        }
        write(&path, &newer)?;
        let d = self.repo.to_string_lossy().into_owned();
        self.sandbox
            .run(
                "git",
                &["-C", &d, "commit", "-q", "-a", "-m", "newer hello"],
            )
            .map(|_| ())
    }
}
