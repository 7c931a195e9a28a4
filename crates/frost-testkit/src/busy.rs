//! A stand-in `nix` whose profile changes fail as Nix fails on a busy
//! store, a chosen number of times, before the real `nix` does the work:
//! real Nix does not fail that way on demand (it waits for an ordinary
//! lock), but Frost must handle it when it does.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::sandbox::{NixSandbox, Result};

/// Nix's stderr when the store's database is busy, as recorded in
/// frost-core's fixture logs.
pub const NIX_BUSY_LOG: &str =
    include_str!("../../frost-core/tests/fixtures/internal-json/nix-2.26.3-store-busy.log");

/// What the stand-in does on a failing try of a profile change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusyTry {
    /// Fails before anything happens, as Nix does when it cannot open or
    /// lock the store.
    ChangesNothing,
    /// Lets the real `nix` make the change, then fails anyway: a retry
    /// would make it twice.
    AfterTheChange,
}

pub struct BusyNix {
    dir: PathBuf,
}

impl BusyNix {
    /// Writes the stand-in into `sandbox`. Its first `fails` runs of
    /// `nix … profile …` fail as busy (`u32::MAX`: every one); everything
    /// else goes to the real `nix` on PATH.
    pub fn write(sandbox: &NixSandbox, fails: u32, how: BusyTry) -> Result<BusyNix> {
        let dir = sandbox.root().join("busy-nix");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let real = real_nix()?;
        let q = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
        let log = dir.join("busy.log");
        std::fs::write(&log, NIX_BUSY_LOG).map_err(|e| format!("{}: {e}", log.display()))?;
        let change = match how {
            BusyTry::ChangesNothing => "",
            BusyTry::AfterTheChange => "  \"$real\" \"$@\" 2>/dev/null\n",
        };
        let script = format!(
            "#!/bin/sh\n\
             real={real}\n\
             [ \"$1\" = --frost-ready ] && exit 0\n\
             case \" $* \" in *' profile '*) ;; *) exec \"$real\" \"$@\" ;; esac\n\
             n=$(cat {count} 2>/dev/null || echo 0)\n\
             echo $((n + 1)) > {count}\n\
             if [ \"$n\" -lt {fails} ]; then\n\
             {change}  cat {log} >&2\n  exit 1\nfi\n\
             exec \"$real\" \"$@\"\n",
            real = q(&real),
            count = q(&dir.join("count")),
            log = q(&log),
        );
        let nix = dir.join("nix");
        write_executable(&nix, &script)?;
        Ok(BusyNix { dir })
    }

    /// The stand-in, to give as the `nix` binary.
    pub fn binary(&self) -> PathBuf {
        self.dir.join("nix")
    }

    /// A PATH that finds the stand-in first, for programs that run `nix`.
    pub fn path_var(&self) -> String {
        let rest = std::env::var("PATH").unwrap_or_default();
        format!("{}:{rest}", self.dir.display())
    }

    /// How many profile changes were started, failing or not.
    pub fn profile_runs(&self) -> u32 {
        std::fs::read_to_string(self.dir.join("count"))
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }
}

/// The first `nix` on PATH.
pub fn real_nix() -> Result<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("nix"))
        .find(|p| p.is_file())
        .ok_or_else(|| "no nix on PATH".to_owned())
}

/// Writes a script and waits until it can be run: a test thread that forked
/// while the file was open for writing keeps it busy (ETXTBSY) until that
/// child execs.
pub fn write_executable(path: &Path, text: &str) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match std::process::Command::new(path)
            .arg("--frost-ready")
            .status()
        {
            Ok(_) => return Ok(()),
            Err(e)
                if e.kind() == std::io::ErrorKind::ExecutableFileBusy
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
}
