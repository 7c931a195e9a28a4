//! The fixture profile: a real Nix profile, built offline by real `nix
//! profile install` runs, holding every kind of element Frost must handle.

use std::path::{Path, PathBuf};

use crate::flakes::{NIXPKGS_FLAKE, NIXPKGS_REV2_EXTRA, TOOL_FLAKE};
use crate::sandbox::{NixSandbox, Result};
use crate::scenario::ScenarioFlake;

pub struct FixtureProfile {
    pub sandbox: NixSandbox,
    /// The profile link (`…/profiles/profile`), as given to `--profile`.
    pub profile: PathBuf,
    /// The nixpkgs-like `path:` flake (now at its second revision).
    pub nixpkgs: PathBuf,
    /// The Git repository of the `git+file:` flake.
    pub tool_repo: PathBuf,
    pub system: String,
}

/// Element names the fixture profile holds, as `nix profile list` names them.
pub const FIXTURE_ELEMENTS: [&str; 8] = [
    "7zip", "cowsay", "figlet", "hello", "hello-1", "multi", "painter", "pip",
];

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

impl FixtureProfile {
    /// Builds the fixture in a new temporary sandbox.
    pub fn build() -> Result<FixtureProfile> {
        Self::build_in(NixSandbox::new()?)
    }

    /// Builds the fixture in `sandbox`, as six generations:
    /// 1. `hello` from the nixpkgs-like `path:` flake;
    /// 2. `python3Packages.pip` (nested attribute path), `multi^*` (all
    ///    outputs) and `painter` (an app with desktop file and icon);
    /// 3. `"7zip"` (an attribute that needs quoting), priority 3;
    /// 4. `hello` again, from a `git+file:` flake, priority 4: `hello-1`;
    /// 5. a bare store path (`cowsay`), with no source;
    /// 6. `figlet`, from a second revision of the nixpkgs-like flake.
    pub fn build_in(sandbox: NixSandbox) -> Result<FixtureProfile> {
        let system = sandbox.system()?;
        let root = sandbox.root().to_path_buf();
        let nixpkgs = root.join("src/nixpkgs");
        let tool_repo = root.join("src/tool");
        let profile = sandbox.state_home().join("nix/profiles/profile");
        // ~/.nix-profile already points at `profile`: the sandbox made it.

        let flake = |extra: &str| {
            NIXPKGS_FLAKE
                .replace("@SYSTEM@", &system)
                .replace("@EXTRA@", extra)
        };
        write(&nixpkgs.join("flake.nix"), &flake(""))?;
        write(
            &tool_repo.join("flake.nix"),
            &TOOL_FLAKE.replace("@SYSTEM@", &system),
        )?;
        let repo = tool_repo.to_string_lossy().into_owned();
        sandbox.run("git", &["-C", &repo, "init", "-q", "-b", "main"])?;
        sandbox.run("git", &["-C", &repo, "add", "flake.nix"])?;
        sandbox.run("git", &["-C", &repo, "commit", "-q", "-m", "tool"])?;

        let p = profile.to_string_lossy().into_owned();
        let pkgs = format!("path:{}", nixpkgs.display());
        let install = |args: &[&str]| -> Result<()> {
            let mut all = vec!["profile", "install", "--profile", &p];
            all.extend_from_slice(args);
            sandbox.nix(&all).map(|_| ())
        };
        install(&[&format!("{pkgs}#hello")])?;
        install(&[
            &format!("{pkgs}#python3Packages.pip"),
            &format!("{pkgs}#multi^*"),
            &format!("{pkgs}#painter"),
        ])?;
        install(&["--priority", "3", &format!("{pkgs}#\"7zip\"")])?;
        install(&["--priority", "4", &format!("git+file://{repo}#hello")])?;
        let cowsay = sandbox.nix(&[
            "build",
            "--no-link",
            "--print-out-paths",
            &format!("{pkgs}#cowsay"),
        ])?;
        install(&[cowsay.trim()])?;
        write(&nixpkgs.join("flake.nix"), &flake(NIXPKGS_REV2_EXTRA))?;
        install(&[&format!("{pkgs}#figlet")])?;

        Ok(FixtureProfile {
            sandbox,
            profile,
            nixpkgs,
            tool_repo,
            system,
        })
    }

    /// Rewrites the nixpkgs-like flake (at its second revision) with another
    /// version of `hello`, so that an upgrade has something to do.
    pub fn set_hello_version(&self, version: &str) -> Result<()> {
        const HELLO: &str = r#"hello = tool "hello" "2.12.1" "hello";"#;
        if !NIXPKGS_FLAKE.contains(HELLO) {
            return Err("the nixpkgs-like flake no longer defines hello 2.12.1".into());
        }
        let text = NIXPKGS_FLAKE
            .replace("@SYSTEM@", &self.system)
            .replace("@EXTRA@", NIXPKGS_REV2_EXTRA)
            .replace(
                HELLO,
                &format!(r#"hello = tool "hello" "{version}" "hello";"#),
            );
        write(&self.nixpkgs.join("flake.nix"), &text)
    }

    /// Writes the scenario flake beside the fixture and installs its
    /// `greeter` as a ninth element (generation 7), for tests that change
    /// what an update of it does ([`ScenarioFlake::rebind`]).
    pub fn add_scenario(&self) -> Result<ScenarioFlake> {
        let scenario = ScenarioFlake::write_in(&self.sandbox)?;
        let p = self.profile.to_string_lossy().into_owned();
        self.sandbox.nix(&[
            "profile",
            "install",
            "--profile",
            &p,
            &scenario.installable("greeter"),
        ])?;
        Ok(scenario)
    }

    /// `nix profile list --json` of the fixture, as Nix prints it.
    pub fn nix_profile_list_json(&self) -> Result<String> {
        self.nix_profile_list_json_of(&self.profile)
    }

    /// `nix profile list --json --profile PATH` in this fixture's sandbox:
    /// any path Nix reads (a generation link, a folder with a manifest).
    pub fn nix_profile_list_json_of(&self, path: &Path) -> Result<String> {
        let p = path.to_string_lossy().into_owned();
        self.sandbox
            .nix(&["profile", "list", "--json", "--profile", &p])
    }

    /// `…/profile-N-link`, generation N's link beside the profile.
    pub fn generation_link(&self, n: u64) -> PathBuf {
        self.profile.with_file_name(format!("profile-{n}-link"))
    }

    /// A plain folder holding a copy of generation N's manifest.json (no
    /// profile, no generations), as a person might keep one.
    pub fn manifest_copy(&self, n: u64) -> Result<PathBuf> {
        let copy = self.sandbox.root().join(format!("manifest-of-{n}"));
        std::fs::create_dir_all(&copy).map_err(|e| format!("{}: {e}", copy.display()))?;
        let from = self.generation_link(n).join("manifest.json");
        std::fs::copy(&from, copy.join("manifest.json"))
            .map_err(|e| format!("{}: {e}", from.display()))?;
        Ok(copy)
    }

    /// A fixture in `dir`, kept after the tests for a look: under a test
    /// binary's CARGO_TARGET_TMPDIR, made anew each run.
    pub fn build_at(dir: &Path) -> Result<FixtureProfile> {
        let _ = std::fs::remove_dir_all(dir);
        Self::build_in(NixSandbox::at(dir)?)
    }
}
