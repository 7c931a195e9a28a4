//! Where `nix` runs: here, or — when Frost is a Flatpak — on the host,
//! through `flatpak-spawn --host`. This is the one place that decides it;
//! the runner asks [`Launcher::invocation`] for the program and arguments
//! of every run and [`Launcher::exit`] what its exit status means, and the
//! canceller asks [`Launcher::forwards_signals`] how to stop it.
//!
//! Inside the sandbox (`/.flatpak-info` exists, as Flatpak guarantees):
//!
//! - **The command**: `flatpak-spawn --host --watch-bus --env=VAR=VALUE…
//!   HOST_NIX ARGS`. `--watch-bus` makes the host's session helper end the
//!   host command (SIGINT to its process group) when flatpak-spawn leaves
//!   the session bus, so a Frost that crashes or is killed leaves no `nix`
//!   behind. The working folder is flatpak-spawn's own (it passes its cwd
//!   on), so the runner's `current_dir` works unchanged; Frost only works
//!   in folders the host sees at the same path (home, /tmp is not one).
//! - **The environment**: the host command gets the session helper's
//!   environment (the user's session: its PATH, locale), not the sandbox's,
//!   plus what is passed with `--env=`: every `NIX_*` variable (NIX_CONFIG,
//!   NIX_PATH, NIX_REMOTE, NIX_SSL_CERT_FILE, NIX_STATE_HOME …), HOME, the
//!   locale (LANG, LANGUAGE, LC_*), and the host's own XDG base folders,
//!   which Flatpak keeps in `HOST_XDG_*_HOME` (the sandbox's `XDG_*_HOME`
//!   point into `~/.var/app/…`, where Nix would find neither the profile
//!   nor its settings). Variables the command sets itself (tests give Nix
//!   a temporary HOME) win over all of these. PATH is never passed: the
//!   sandbox's PATH means nothing on the host.
//! - **Which `nix`**: a binary the caller named is used as is (a host
//!   path). Otherwise the first that exists of `~/.nix-profile/bin/nix`,
//!   `$XDG_STATE_HOME/nix/profile/bin/nix` (use-xdg-base-directories),
//!   `/nix/var/nix/profiles/default/bin/nix` (the multi-user install) and
//!   `/run/current-system/sw/bin/nix` (NixOS), in the order Nix's own
//!   profile scripts put them on PATH. They are checked from inside the
//!   sandbox, which sees them through the manifest's read-only filesystem
//!   permissions (`/nix`, `~/.nix-profile`, `~/.local/state/nix`,
//!   `/run/current-system`). When none is visible, plain `nix` goes to the
//!   host, which looks it up on the session helper's PATH.
//! - **Stopping it**: flatpak-spawn forwards HUP, INT, QUIT, TERM, CONT,
//!   TSTP, USR1 and USR2 to the host command (INT to its process group) but
//!   cannot forward SIGKILL, and killing flatpak-spawn itself only makes the
//!   session helper send SIGINT (through `--watch-bus`). So a cancel sends
//!   SIGTERM, then SIGINT and SIGTERM again each grace period, and waits
//!   for flatpak-spawn to report the host command's end (see
//!   [`super::cancel`]); only a host command that ignores both is given up
//!   on, by killing flatpak-spawn, after [`HOST_GIVE_UP`].
//! - **Exit status**: flatpak-spawn exits with the host command's code, and
//!   with 128+N when a signal N killed it. [`Launcher::exit`] turns that
//!   back into the signal, so the runner reports it as it reports a local
//!   `nix` killed by a signal. A host that cannot start the command at all
//!   ("Portal call failed: Failed to start command: … No such file") is
//!   [`crate::Error::NixNotFound`], as a missing local `nix` is.
//!
//! Git (the freeze's history) runs on the host too, through
//! [`Launcher::program_invocation`]: the GNOME runtime has no `git` (only
//! the SDK does), the user's Git identity and settings are the host's, and
//! Nix itself uses the host's `git` to read the frozen flake. The frozen
//! folder is at the same path in the sandbox and on the host (under home).

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::sync::OnceLock;
use std::time::Duration;

/// Flatpak puts this file at the root of every sandbox.
pub const FLATPAK_INFO: &str = "/.flatpak-info";

/// How long a cancelled host command gets, in all, before Frost stops
/// waiting for it: Nix stops on the first SIGTERM (its builders with it);
/// this is only for a host command that ignores every forwarded signal.
pub const HOST_GIVE_UP: Duration = Duration::from_secs(12);

/// How to start `nix`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Launcher {
    /// Frost is not sandboxed: run `nix` itself.
    #[default]
    Direct,
    /// Frost is a Flatpak: run `nix` on the host through flatpak-spawn.
    FlatpakHost(FlatpakHost),
}

/// Running `nix` on the host from inside a Flatpak sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatpakHost {
    /// The program that starts host commands: `flatpak-spawn` (looked up
    /// on PATH; the runtime has it in /usr/bin). Tests point it at a
    /// stand-in.
    pub spawn_program: PathBuf,
}

impl Default for FlatpakHost {
    fn default() -> Self {
        FlatpakHost {
            spawn_program: PathBuf::from("flatpak-spawn"),
        }
    }
}

/// What to start for one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: OsString,
    pub args: Vec<OsString>,
    /// Set on the local process (Direct) — on the host they travel in `args`.
    pub envs: Vec<(OsString, OsString)>,
}

/// How a run ended, as far as the runner cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    Code(i32),
    Signal(i32),
}

impl Launcher {
    /// This process's launcher: [`Launcher::detect_at`] on
    /// [`FLATPAK_INFO`], once.
    pub fn detected() -> Launcher {
        static DETECTED: OnceLock<Launcher> = OnceLock::new();
        DETECTED
            .get_or_init(|| Launcher::detect_at(Path::new(FLATPAK_INFO)))
            .clone()
    }

    /// [`Launcher::FlatpakHost`] when `info` exists (Flatpak's
    /// `/.flatpak-info`; tests pass a file of their own), else Direct.
    pub fn detect_at(info: &Path) -> Launcher {
        if info.symlink_metadata().is_ok() {
            Launcher::FlatpakHost(FlatpakHost::default())
        } else {
            Launcher::Direct
        }
    }

    pub fn is_host(&self) -> bool {
        matches!(self, Launcher::FlatpakHost(_))
    }

    /// Whether stopping a run means signals forwarded by flatpak-spawn
    /// (which cannot forward SIGKILL) rather than signals of our own.
    pub(crate) fn forwards_signals(&self) -> bool {
        self.is_host()
    }

    /// The program, arguments and local environment that run `nix ARGS`.
    /// `binary` is the `nix` to run (a host path when on the host), `envs`
    /// the variables the caller wants Nix to have.
    pub fn invocation(
        &self,
        binary: Option<&Path>,
        nix_args: Vec<OsString>,
        envs: &[(OsString, OsString)],
    ) -> Invocation {
        let sandbox_env: Vec<_> = std::env::vars_os().collect();
        self.invocation_in(binary, nix_args, envs, &sandbox_env)
    }

    /// [`Launcher::invocation`] with `sandbox_env` as this process's
    /// environment.
    pub fn invocation_in(
        &self,
        binary: Option<&Path>,
        nix_args: Vec<OsString>,
        envs: &[(OsString, OsString)],
        sandbox_env: &[(OsString, OsString)],
    ) -> Invocation {
        let host_env = host_env(envs, sandbox_env);
        let program = match (binary, self) {
            (Some(b), _) => b.as_os_str().to_owned(),
            (None, Launcher::Direct) => "nix".into(),
            (None, Launcher::FlatpakHost(_)) => host_nix(&host_env),
        };
        self.wrap(program, nix_args, envs, host_env)
    }

    /// Any other program that must see what the host sees, `git` for the
    /// freeze's history: run as `program` here, or on the host (found on
    /// the host's PATH) with the environment [`Launcher::invocation`] gives.
    pub fn program_invocation(
        &self,
        program: &OsStr,
        args: Vec<OsString>,
        envs: &[(OsString, OsString)],
    ) -> Invocation {
        let sandbox_env: Vec<_> = std::env::vars_os().collect();
        self.wrap(program.to_owned(), args, envs, host_env(envs, &sandbox_env))
    }

    /// The one place a command line is built.
    fn wrap(
        &self,
        program: OsString,
        args: Vec<OsString>,
        envs: &[(OsString, OsString)],
        host_env: Vec<(OsString, OsString)>,
    ) -> Invocation {
        match self {
            Launcher::Direct => Invocation {
                program,
                args,
                envs: envs.to_vec(),
            },
            Launcher::FlatpakHost(host) => {
                let mut spawn_args: Vec<OsString> = vec!["--host".into(), "--watch-bus".into()];
                for (key, value) in &host_env {
                    let mut arg = OsString::from("--env=");
                    arg.push(key);
                    arg.push("=");
                    arg.push(value);
                    spawn_args.push(arg);
                }
                spawn_args.push(program);
                spawn_args.extend(args);
                Invocation {
                    program: host.spawn_program.clone().into_os_string(),
                    args: spawn_args,
                    envs: Vec::new(),
                }
            }
        }
    }

    /// What `status` (of `nix`, or of flatpak-spawn for it) means.
    pub fn exit(&self, status: ExitStatus) -> Exit {
        if status.success() {
            return Exit::Success;
        }
        match (status.code(), status.signal()) {
            // flatpak-spawn's 128+N is the host command's signal N, as a
            // shell would say it.
            (Some(code @ 129..=192), _) if self.is_host() => Exit::Signal(code - 128),
            (Some(code), _) => Exit::Code(code),
            (None, Some(signal)) => Exit::Signal(signal),
            (None, None) => Exit::Code(-1),
        }
    }

    /// Whether a failed run never started its program: the host had no
    /// such program. `message` is what the run printed on stderr.
    pub(crate) fn program_missing(&self, exit: Exit, message: &str) -> bool {
        self.is_host()
            && exit == Exit::Code(1)
            && message.contains("Failed to start command")
            && message.contains("No such file or directory")
    }
}

/// Every variable Nix on the host gets with `--env=`, sorted by name so
/// the command line is the same from run to run.
fn host_env(
    envs: &[(OsString, OsString)],
    sandbox_env: &[(OsString, OsString)],
) -> Vec<(OsString, OsString)> {
    let mut out: BTreeMap<OsString, OsString> = BTreeMap::new();
    for (key, value) in sandbox_env {
        let Some(name) = key.to_str() else { continue };
        if forwarded_as_is(name) {
            out.insert(key.clone(), value.clone());
        }
    }
    // Flatpak's copies of the host's XDG folders; set only when the host
    // set them, and then they replace the sandbox's.
    for (key, value) in sandbox_env {
        let host_name = key.to_str().and_then(|k| k.strip_prefix("HOST_"));
        if let Some(
            name @ ("XDG_CONFIG_HOME" | "XDG_DATA_HOME" | "XDG_CACHE_HOME" | "XDG_STATE_HOME"),
        ) = host_name
        {
            out.insert(name.into(), value.clone());
        }
    }
    for (key, value) in envs {
        out.insert(key.clone(), value.clone());
    }
    out.into_iter().collect()
}

/// Sandbox variables that mean the same on the host.
fn forwarded_as_is(name: &str) -> bool {
    [
        "NIX_",
        "LC_",
        "GIT_AUTHOR_",
        "GIT_COMMITTER_",
        "GIT_CONFIG_",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
        || matches!(name, "HOME" | "LANG" | "LANGUAGE")
}

/// The host's `nix`, as described in the module's documentation.
fn host_nix(host_env: &[(OsString, OsString)]) -> OsString {
    let var = |name: &str| {
        host_env
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| PathBuf::from(v))
    };
    let home = var("HOME");
    let state = var("XDG_STATE_HOME").or_else(|| home.as_ref().map(|h| h.join(".local/state")));
    let candidates = [
        home.map(|h| h.join(".nix-profile/bin/nix")),
        state.map(|s| s.join("nix/profile/bin/nix")),
        Some(PathBuf::from("/nix/var/nix/profiles/default/bin/nix")),
        Some(PathBuf::from("/run/current-system/sw/bin/nix")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .map_or_else(|| OsStr::new("nix").to_owned(), PathBuf::into_os_string)
}

/// The host's value of an XDG base folder variable (`XDG_STATE_HOME` …) as
/// seen from here: inside Flatpak the sandbox's own points into
/// `~/.var/app/…`, and the host's is in `HOST_XDG_…` (unset when the host
/// left it unset).
pub fn host_xdg_var(name: &str) -> Option<OsString> {
    if Launcher::detected().is_host() {
        std::env::var_os(format!("HOST_{name}"))
    } else {
        std::env::var_os(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        pairs.iter().map(|(k, v)| (k.into(), v.into())).collect()
    }

    #[test]
    fn outside_flatpak_nix_runs_itself() {
        let dir = tempfile::tempdir().unwrap();
        let launcher = Launcher::detect_at(&dir.path().join("flatpak-info"));
        assert_eq!(launcher, Launcher::Direct);
        let run = launcher.invocation_in(
            None,
            vec!["eval".into()],
            &[("HOME".into(), "/h".into())],
            &vars(&[]),
        );
        assert_eq!(run.program, "nix");
        assert_eq!(run.args, ["eval"]);
        assert_eq!(run.envs, [("HOME".into(), "/h".into())]);
    }

    #[test]
    fn inside_flatpak_nix_runs_on_the_host_with_its_environment() {
        let dir = tempfile::tempdir().unwrap();
        let info = dir.path().join("flatpak-info");
        std::fs::write(&info, "[Application]\n").unwrap();
        let launcher = Launcher::detect_at(&info);
        assert!(launcher.is_host());
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join(".nix-profile/bin")).unwrap();
        std::fs::write(home.join(".nix-profile/bin/nix"), "").unwrap();
        let home_s = home.to_str().unwrap();
        let sandbox = vars(&[
            ("HOME", home_s),
            ("XDG_STATE_HOME", "/h/.var/app/x/.local/state"),
            ("HOST_XDG_STATE_HOME", "/h/state"),
            ("PATH", "/app/bin:/usr/bin"),
        ]);
        let run = launcher.invocation_in(
            None,
            vec!["profile".into(), "list".into()],
            &[("NIX_CONFIG".into(), "a = b\nc = d".into())],
            &sandbox,
        );
        assert_eq!(run.program, "flatpak-spawn");
        assert!(run.envs.is_empty());
        let args: Vec<String> = run
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args[..2], ["--host", "--watch-bus"]);
        assert!(args.contains(&format!("--env=HOME={home_s}")));
        assert!(args.contains(&"--env=XDG_STATE_HOME=/h/state".to_owned()));
        assert!(args.contains(&"--env=NIX_CONFIG=a = b\nc = d".to_owned()));
        assert!(!args.iter().any(|a| a.starts_with("--env=PATH=")));
        let nix = home.join(".nix-profile/bin/nix");
        assert_eq!(
            args[args.len() - 3..],
            [nix.to_str().unwrap(), "profile", "list"]
        );
    }

    #[test]
    fn a_signal_comes_back_from_the_host_as_128_plus_n() {
        let host = Launcher::FlatpakHost(FlatpakHost::default());
        let code = |c: i32| ExitStatus::from_raw(c << 8);
        assert_eq!(host.exit(code(0)), Exit::Success);
        assert_eq!(host.exit(code(1)), Exit::Code(1));
        assert_eq!(host.exit(code(128 + 15)), Exit::Signal(15));
        assert_eq!(host.exit(code(128 + 9)), Exit::Signal(9));
        // Directly, 143 is only a code; a signal is a signal.
        assert_eq!(Launcher::Direct.exit(code(143)), Exit::Code(143));
        assert_eq!(
            Launcher::Direct.exit(ExitStatus::from_raw(9)),
            Exit::Signal(9)
        );
    }
}
