//! How to run Nix: which binary, and variables to add to its environment.
//! Shared by everything that runs `nix` (the freeze, the operations queue),
//! so that tests give every run the same temporary HOME.

use std::ffi::OsString;
use std::path::PathBuf;

use super::runner::NixCommand;
use crate::error::{Error, Result};

/// Which `nix` to run, and with which extra environment. The default is
/// the first `nix` on PATH with the environment as it is.
#[derive(Debug, Clone, Default)]
pub struct NixSetup {
    /// Instead of the first `nix` on PATH.
    pub binary: Option<PathBuf>,
    /// Added to the environment of every run (tests give Nix a temporary
    /// HOME this way).
    pub env: Vec<(OsString, OsString)>,
}

impl NixSetup {
    /// The command `nix ARGS`, with this binary and environment.
    pub fn command<I, S>(&self, args: I) -> NixCommand
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let mut cmd = NixCommand::new(args);
        if let Some(b) = &self.binary {
            cmd = cmd.nix_binary(b);
        }
        for (k, v) in &self.env {
            cmd = cmd.env(k, v);
        }
        cmd
    }
}

/// Nix's stdout as JSON; text that is not JSON is Nix misbehaving, told
/// with the command that printed it.
pub(crate) fn parse_json(command: String, stdout: &[u8]) -> Result<serde_json::Value> {
    serde_json::from_slice(stdout).map_err(|e| Error::NixFailed {
        command,
        code: Some(0),
        signal: None,
        message: e.to_string(),
    })
}
