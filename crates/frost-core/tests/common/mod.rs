//! Shared by the tests that run real processes. Each test binary uses only
//! part of it.
#![allow(dead_code)]

use std::future::Future;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use frost_core::nix::{NixCommand, RunningNix};
use frost_core::Error;
use tempfile::TempDir;

/// Offline, unsandboxed (we run in a container), flakes on.
pub const NIX_CONFIG: &str =
    "experimental-features = nix-command flakes\nsandbox = false\nsubstituters =";

/// A temporary HOME and XDG dirs, and a local flake whose derivations carry a
/// per-sandbox nonce: the store is shared and would otherwise already hold
/// them from an earlier run, and there would be no build to watch.
pub struct Sandbox {
    pub dir: TempDir,
    pub nonce: String,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        // Tests start `nix` in parallel: the store's first use must be over.
        frost_testkit::prepare_nix_store().expect("the Nix store is ready");
        let dir = tempfile::Builder::new()
            .prefix("frost-nix-test")
            .tempdir()
            .expect("tempdir");
        let nonce = format!(
            "frost-nonce-{}",
            dir.path().file_name().unwrap().to_string_lossy()
        );
        for sub in ["home", "cache", "config", "state", "data", "flake"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        std::fs::write(dir.path().join("flake/flake.nix"), flake_nix(&nonce)).expect("flake.nix");
        Sandbox { dir, nonce }
    }

    pub fn flake(&self, attr: &str) -> String {
        format!("path:{}#{attr}", self.dir.path().join("flake").display())
    }

    /// `nix ARGS` isolated from the machine's own profile and settings.
    pub fn nix<I: IntoIterator<Item = S>, S: Into<std::ffi::OsString>>(
        &self,
        args: I,
    ) -> NixCommand {
        let d = self.dir.path();
        NixCommand::new(args)
            .env("HOME", d.join("home"))
            .env("XDG_CACHE_HOME", d.join("cache"))
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("XDG_STATE_HOME", d.join("state"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env("NIX_CONFIG", NIX_CONFIG)
            .current_dir(d)
    }
}

fn flake_nix(nonce: &str) -> String {
    r#"{
  outputs = { self }: let
    mk = name: script: derivation {
      inherit name;
      system = "SYSTEM";
      builder = "/bin/sh";
      args = [ "-c" script ];
      frostNonce = "NONCE";
    };
  in {
    packages.SYSTEM.hello = mk "hello-frost" ''
      export PATH=/usr/bin:/bin
      echo "configuring hello"
      echo "building hello"
      printf '\033[32mall tests passed\033[0m\n'
      echo "a warning on stderr" >&2
      mkdir -p $out/bin; echo hi > $out/bin/hello
    '';
    packages.SYSTEM.broken = mk "broken-frost" ''
      export PATH=/usr/bin:/bin
      echo "compiling broken"
      exit 3
    '';
    packages.SYSTEM.slow = mk "slow-frost" ''
      export PATH=/usr/bin:/bin
      echo "starting a long build"
      echo "still going"
      sleep 1000
    '';
  };
}
"#
    .replace("NONCE", nonce)
    .replace("SYSTEM", &system())
}

/// This machine's Nix system, so the test flake builds on any platform.
fn system() -> String {
    static SYSTEM: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SYSTEM
        .get_or_init(|| {
            let out = std::process::Command::new("nix")
                .args(["config", "show", "system"])
                .env("NIX_CONFIG", NIX_CONFIG)
                .output()
                .expect("nix config show system");
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        })
        .clone()
}

/// Writes an executable shell script that stands in for `nix`, to drive the
/// runner into situations real Nix does not produce on demand.
pub fn fake_nix(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("fake-nix");
    std::fs::write(
        &path,
        format!("#!/bin/sh\nexport PATH=/usr/bin:/bin\n{body}\n"),
    )
    .expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// Spawns, retrying while another test thread's fork still holds the
/// just-written script open for writing (ETXTBSY).
pub fn spawn(cmd: NixCommand) -> RunningNix {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match cmd.clone().spawn() {
            Err(Error::NixSpawn { source, .. })
                if source.raw_os_error() == Some(libc::ETXTBSY) && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other.expect("spawn"),
        }
    }
}

/// Processes whose environment holds `marker` (the build's nonce, or a
/// variable a fake script exported): the builder and its `sleep` run in a
/// session of their own, so the runner's process group does not show them.
pub fn processes_with(marker: &str) -> Vec<u32> {
    let mut found = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if let Ok(environ) = std::fs::read(entry.path().join("environ")) {
            if environ
                .windows(marker.len())
                .any(|w| w == marker.as_bytes())
            {
                found.push(pid);
            }
        }
    }
    found
}

/// Kills what a failed test left running, so one failure does not leave
/// `sleep 1000`s behind on a shared machine.
pub struct KillOnDrop(pub String);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        for pid in processes_with(&self.0) {
            if let Ok(pid) = libc::pid_t::try_from(pid) {
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
    }
}

pub fn group_exists(pgid: u32) -> bool {
    let pgid = libc::pid_t::try_from(pgid).expect("pid");
    unsafe { libc::killpg(pgid, 0) == 0 }
}

/// Polls until `check` holds; false if it never did within `limit`.
pub fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}

/// Guards a test against hanging for ever; not a speed check.
pub async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(300), future)
        .await
        .unwrap_or_else(|_| panic!("{what} hung"))
}
