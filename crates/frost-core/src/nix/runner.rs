//! Running `nix` with `--log-format internal-json` and streaming its log.
//!
//! Build log lines arrive as `BuildLogLine` results at Nix's default
//! verbosity (seen in 2.26: the JSON logger passes every activity and result
//! on), so no `-v` is added; `-v` would only add talkative messages.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::{Child, ChildStderr, ChildStdout};
use tokio::task::JoinHandle;

use super::cancel::Canceller;
use super::events::{parse_line, LogEvent};
use super::host::{Exit, Launcher};
pub use super::stderr::MAX_LINE;
use super::stderr::{ErrorTrail, LineSplitter};
use crate::error::{Error, Result};

/// After Nix exits, how long a pipe may stay silent before the runner stops
/// waiting for it: a process Nix left behind may hold it open for ever.
const LINGER: Duration = Duration::from_secs(1);

const READ_CHUNK: usize = 64 * 1024;

/// A `nix` invocation to be started with [`NixCommand::spawn`].
#[derive(Debug, Clone)]
pub struct NixCommand {
    args: Vec<OsString>,
    binary: Option<PathBuf>,
    envs: Vec<(OsString, OsString)>,
    current_dir: Option<PathBuf>,
    json_log: bool,
    /// `None`: [`Launcher::detected`].
    launcher: Option<Launcher>,
}

/// What a successful run printed on stdout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NixOutput {
    pub stdout: Vec<u8>,
}

impl NixCommand {
    /// `args` follow the binary, e.g. `["profile", "install", "nixpkgs#hello"]`.
    pub fn new<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        NixCommand {
            args: args.into_iter().map(Into::into).collect(),
            binary: None,
            envs: Vec::new(),
            current_dir: None,
            json_log: true,
            launcher: None,
        }
    }

    /// The `nix` binary to run instead of the first `nix` on PATH.
    pub fn nix_binary(mut self, path: impl Into<PathBuf>) -> Self {
        self.binary = Some(path.into());
        self
    }

    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.current_dir = Some(dir.into());
        self
    }

    /// Where to run `nix` (here, or on the host from inside Flatpak)
    /// instead of what this process detected.
    pub fn launcher(mut self, launcher: Launcher) -> Self {
        self.launcher = Some(launcher);
        self
    }

    /// Runs without `--log-format internal-json`, for `nix --version`, which
    /// must work even on a Nix too old for the flag.
    pub(crate) fn without_json_log(mut self) -> Self {
        self.json_log = false;
        self
    }

    /// The command as a person would type it, for messages:
    /// `nix profile install 'path:/my flake#hello'`.
    pub fn display(&self) -> String {
        let program = self
            .binary
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "nix".into(), |name| name.to_string_lossy());
        let mut text = shell_word(&program);
        for arg in &self.args {
            text.push(' ');
            text.push_str(&shell_word(&arg.to_string_lossy()));
        }
        text
    }

    /// Starts Nix. Must be called inside a Tokio runtime.
    pub fn spawn(self) -> Result<RunningNix> {
        let command = self.display();
        let spawn_error = |source| Error::NixSpawn {
            command: command.clone(),
            source,
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(spawn_error(std::io::Error::other(
                "no Tokio runtime to run nix in",
            )));
        }
        let launcher = self.launcher.clone().unwrap_or_else(Launcher::detected);
        let mut nix_args: Vec<OsString> = Vec::new();
        if self.json_log {
            nix_args.extend(["--log-format".into(), "internal-json".into()]);
        }
        nix_args.extend(self.args.iter().cloned());
        let run = launcher.invocation(self.binary.as_deref(), nix_args, &self.envs);
        let mut cmd = tokio::process::Command::new(&run.program);
        cmd.args(&run.args)
            .envs(run.envs.iter().map(|(k, v)| (k, v)))
            // Nix runs in a background process group: reading a terminal
            // from there would stop it (SIGTTIN) instead of failing a prompt.
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        if let Some(dir) = &self.current_dir {
            cmd.current_dir(dir);
        }
        let mut child = cmd.spawn().map_err(|e| {
            // A missing working directory also reports NotFound.
            let dir_ok = self.current_dir.as_ref().is_none_or(|d| d.is_dir());
            if launcher.is_host() {
                // flatpak-spawn itself is missing or broken, not Nix.
                let program = run.program.to_string_lossy();
                spawn_error(std::io::Error::new(e.kind(), format!("{program}: {e}")))
            } else if e.kind() == std::io::ErrorKind::NotFound && dir_ok {
                Error::NixNotFound
            } else {
                spawn_error(e)
            }
        })?;
        let pid = child.id().and_then(|id| libc::pid_t::try_from(id).ok());
        let (Some(pid), Some(stdout), Some(stderr)) =
            (pid, child.stdout.take(), child.stderr.take())
        else {
            return Err(spawn_error(std::io::Error::other(
                "nix started without its pipes",
            )));
        };
        let collected = Arc::new(Mutex::new(Vec::new()));
        let stdout_task = tokio::spawn(collect(stdout, Arc::clone(&collected)));
        Ok(RunningNix {
            command,
            child,
            stderr,
            stderr_open: true,
            exited: false,
            read_buf: vec![0; READ_CHUNK].into_boxed_slice(),
            lines: LineSplitter::default(),
            stdout: collected,
            stdout_task: Some(stdout_task),
            errors: ErrorTrail::default(),
            canceller: Canceller::new(pid, launcher.forwards_signals()),
            finished: false,
            launcher,
        })
    }
}

/// Quotes a word for display when a shell would split or expand it.
fn shell_word(word: &str) -> String {
    let safe = |(i, c): (usize, char)| {
        c.is_ascii_alphanumeric() || "-_./:@%+=,^".contains(c) || (i > 0 && (c == '#' || c == '~'))
    };
    if !word.is_empty() && word.char_indices().all(safe) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

async fn collect(mut stdout: ChildStdout, into: Arc<Mutex<Vec<u8>>>) {
    let mut chunk = vec![0; READ_CHUNK];
    while let Ok(n @ 1..) = stdout.read(&mut chunk).await {
        into.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(&chunk[..n]);
    }
}

/// A running `nix`. Dropping it while Nix still runs cancels Nix.
#[derive(Debug)]
pub struct RunningNix {
    command: String,
    child: Child,
    stderr: ChildStderr,
    stderr_open: bool,
    /// Nix has exited and been reaped; from then on the pipes are only read
    /// while they keep talking (see [`LINGER`]).
    exited: bool,
    read_buf: Box<[u8]>,
    lines: LineSplitter,
    stdout: Arc<Mutex<Vec<u8>>>,
    stdout_task: Option<JoinHandle<()>>,
    errors: ErrorTrail,
    canceller: Canceller,
    /// `wait` has run to the end.
    finished: bool,
    launcher: Launcher,
}

impl RunningNix {
    /// The next line of Nix's stderr, as soon as it is complete; `None` once
    /// stderr is closed. Cancel-safe: usable in `tokio::select!`.
    pub async fn next_event(&mut self) -> Option<LogEvent> {
        loop {
            if let Some(line) = self.lines.ready.pop_front() {
                let event = parse_line(&line);
                self.errors.observe(&event);
                return Some(event);
            }
            if !self.stderr_open {
                return None;
            }
            match self.read_stderr().await {
                0 => {
                    self.stderr_open = false;
                    self.lines.finish();
                }
                n => self.lines.push(&self.read_buf[..n]),
            }
        }
    }

    /// Reads a chunk of stderr; 0 means it is done (closed, failed, or kept
    /// open and silent by something Nix left behind).
    async fn read_stderr(&mut self) -> usize {
        if !self.exited {
            tokio::select! {
                biased;
                read = self.stderr.read(&mut self.read_buf) => return read.unwrap_or(0),
                _ = self.child.wait() => {
                    // Reaped: from now on its id may belong to another
                    // process, so the canceller must not signal it again.
                    self.exited = true;
                    self.canceller.finish();
                }
            }
        }
        match tokio::time::timeout(LINGER, self.stderr.read(&mut self.read_buf)).await {
            Ok(Ok(n)) => n,
            Ok(Err(_)) | Err(_) => 0,
        }
    }

    /// Nix's process id, which is also its process group id.
    pub fn id(&self) -> Option<u32> {
        self.child.id()
    }

    pub fn canceller(&self) -> Canceller {
        self.canceller.clone()
    }

    /// Reads the rest of the log, waits for Nix to exit and returns its
    /// stdout. A run that was cancelled and did not finish gives
    /// [`Error::Cancelled`]; one that finished anyway gives its output.
    pub async fn wait(mut self) -> Result<NixOutput> {
        while self.next_event().await.is_some() {}
        let status = self.child.wait().await;
        self.canceller.finish();
        self.finished = true;
        let stdout = self.take_stdout().await;
        self.outcome(status, stdout)
    }

    async fn take_stdout(&mut self) -> Vec<u8> {
        if let Some(mut task) = self.stdout_task.take() {
            if tokio::time::timeout(LINGER, &mut task).await.is_err() {
                task.abort();
            }
        }
        std::mem::take(&mut *self.stdout.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn outcome(&self, status: std::io::Result<ExitStatus>, stdout: Vec<u8>) -> Result<NixOutput> {
        let status = status.map_err(|source| Error::NixSpawn {
            command: self.command.clone(),
            source,
        })?;
        let exit = self.launcher.exit(status);
        if exit == Exit::Success {
            return Ok(NixOutput { stdout });
        }
        if self.canceller.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let message = self.errors.message();
        if self.launcher.program_missing(exit, &message) {
            return Err(Error::NixNotFound);
        }
        let (code, signal) = match exit {
            Exit::Code(code) => (Some(code), None),
            Exit::Signal(signal) => (None, Some(signal)),
            Exit::Success => (Some(0), None),
        };
        Err(Error::NixFailed {
            command: self.command.clone(),
            code,
            signal,
            message,
        })
    }
}

impl Drop for RunningNix {
    fn drop(&mut self) {
        // Once Nix has been reaped its id may be reused: leave it alone.
        if !self.finished && !self.exited {
            self.canceller.cancel();
        }
        if let Some(task) = self.stdout_task.take() {
            task.abort();
        }
    }
}

/// Runs Nix to the end, ignoring its log.
pub async fn run(cmd: NixCommand) -> Result<NixOutput> {
    cmd.spawn()?.wait().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_only_what_a_shell_would_split() {
        let cmd = NixCommand::new([
            "profile",
            "install",
            "path:/my flake#hello",
            "nixpkgs#hello",
            "it's",
            "",
        ])
        .nix_binary("/opt/nix/bin/nix");
        assert_eq!(
            cmd.display(),
            r"nix profile install 'path:/my flake#hello' nixpkgs#hello 'it'\''s' ''"
        );
        assert_eq!(NixCommand::new(["#x", "~/f"]).display(), "nix '#x' '~/f'");
    }
}
