//! A temporary HOME with its own XDG folders and an offline Nix
//! configuration, so tests run real `nix` without touching the machine's own
//! profile, settings or network.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use tempfile::TempDir;

pub type Result<T> = std::result::Result<T, String>;

/// Nix settings for tests: flakes on, no build sandbox (we run inside a
/// container), no binary cache (there is no network).
pub const OFFLINE_NIX_CONFIG: &str =
    "experimental-features = nix-command flakes\nsandbox = false\nsubstituters =\nwarn-dirty = false";

pub struct NixSandbox {
    // Kept so the folder lives as long as the sandbox; `keep` leaks it.
    dir: Option<TempDir>,
    root: PathBuf,
}

impl NixSandbox {
    /// A sandbox in a new temporary folder, removed when dropped.
    pub fn new() -> Result<NixSandbox> {
        let dir = tempfile::Builder::new()
            .prefix("frost-test-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        let root = dir.path().to_path_buf();
        let sandbox = NixSandbox {
            dir: Some(dir),
            root,
        };
        sandbox.create_dirs()?;
        store_ready(&sandbox)?;
        Ok(sandbox)
    }

    /// A sandbox in `root` (created if needed), never removed: for scripts
    /// that want a fixture to look at.
    pub fn at(root: &Path) -> Result<NixSandbox> {
        std::fs::create_dir_all(root).map_err(|e| format!("{}: {e}", root.display()))?;
        let root = root
            .canonicalize()
            .map_err(|e| format!("{}: {e}", root.display()))?;
        let sandbox = NixSandbox { dir: None, root };
        sandbox.create_dirs()?;
        store_ready(&sandbox)?;
        Ok(sandbox)
    }

    /// Keeps the folder after the sandbox is dropped (to look at a failure).
    pub fn keep(mut self) -> PathBuf {
        if let Some(dir) = self.dir.take() {
            let _ = dir.keep();
        }
        self.root.clone()
    }

    fn create_dirs(&self) -> Result<()> {
        for d in [
            self.home(),
            self.state_home(),
            self.cache_home(),
            self.config_home(),
        ] {
            std::fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        // Nix run without --profile uses ~/.nix-profile, and as root creates
        // it pointing at root's real profile when it is missing: make it
        // point into the sandbox up front, so no test can reach the
        // machine's own profile even by mistake.
        let profiles = self.state_home().join("nix/profiles");
        std::fs::create_dir_all(&profiles).map_err(|e| format!("{}: {e}", profiles.display()))?;
        let link = self.home().join(".nix-profile");
        if link.symlink_metadata().is_err() {
            std::os::unix::fs::symlink(profiles.join("profile"), &link)
                .map_err(|e| format!("{}: {e}", link.display()))?;
        }
        Ok(())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn home(&self) -> PathBuf {
        self.root.join("home")
    }
    pub fn state_home(&self) -> PathBuf {
        self.root.join("home/.local/state")
    }
    pub fn cache_home(&self) -> PathBuf {
        self.root.join("home/.cache")
    }
    pub fn config_home(&self) -> PathBuf {
        self.root.join("home/.config")
    }

    /// The environment every command in the sandbox gets.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let p = |p: PathBuf| p.to_string_lossy().into_owned();
        vec![
            ("HOME", p(self.home())),
            ("XDG_STATE_HOME", p(self.state_home())),
            ("XDG_CACHE_HOME", p(self.cache_home())),
            ("XDG_CONFIG_HOME", p(self.config_home())),
            ("XDG_DATA_HOME", p(self.root.join("home/.local/share"))),
            ("NIX_CONFIG", OFFLINE_NIX_CONFIG.to_owned()),
            ("GIT_AUTHOR_NAME", "Frost Tests".to_owned()),
            ("GIT_AUTHOR_EMAIL", "tests@frost.invalid".to_owned()),
            ("GIT_COMMITTER_NAME", "Frost Tests".to_owned()),
            ("GIT_COMMITTER_EMAIL", "tests@frost.invalid".to_owned()),
            ("GIT_CONFIG_NOSYSTEM", "1".to_owned()),
        ]
    }

    /// A command that runs inside the sandbox's environment. Variables that
    /// would point Nix at the machine's own profile are removed.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        for var in [
            "NIX_PROFILE",
            "NIX_STATE_HOME",
            "NIX_USER_CONF_FILES",
            "XDG_DATA_DIRS",
        ] {
            cmd.env_remove(var);
        }
        cmd.envs(self.env());
        cmd
    }

    /// Runs a command in the sandbox; an error carries its stderr.
    pub fn run(&self, program: &str, args: &[&str]) -> Result<Output> {
        let out = self
            .command(program)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run {program}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{program} {} failed ({}):\n{}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(out)
    }

    /// Runs `nix ARGS` and returns its stdout.
    pub fn nix(&self, args: &[&str]) -> Result<String> {
        let out = self.run("nix", args)?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The Nix system of this machine (`x86_64-linux`, `aarch64-linux`, …).
    pub fn system(&self) -> Result<String> {
        Ok(self.nix(&["config", "show", "system"])?.trim().to_owned())
    }
}

/// Makes the Nix store ready before any test runs `nix` beside another.
///
/// Nix sets a store up on its first use (its database, `gcroots/profiles`),
/// and several `nix` doing that at once race: in CI "SQLite database … is
/// busy"; here, eight installs started together on a new `/nix` failed in
/// 3 of 4 rounds ("creating symlink '/nix/var/nix/gcroots/profiles' … File
/// exists", "'/nix/var/nix/db/schema' is corrupt"), and in none of 8 rounds
/// after one `nix store info`. So the first sandbox of each test process
/// opens the store once, under a lock that test processes starting
/// together share; the other threads wait for it.
fn store_ready(sandbox: &NixSandbox) -> Result<()> {
    static READY: OnceLock<Result<()>> = OnceLock::new();
    READY
        .get_or_init(|| {
            let path = std::env::temp_dir().join("frost-testkit-store.lock");
            let lock =
                std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            // SAFETY: flock on a descriptor we own; released when `lock` closes.
            if unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&lock), libc::LOCK_EX) } != 0 {
                return Err(format!(
                    "{}: {}",
                    path.display(),
                    std::io::Error::last_os_error()
                ));
            }
            sandbox.nix(&["store", "info"]).map(|_| ())
        })
        .clone()
}

/// For tests that run `nix` without a [`NixSandbox`]: makes the store ready
/// as the first sandbox would (a throwaway one does it).
pub fn prepare_nix_store() -> Result<()> {
    NixSandbox::new().map(drop)
}
