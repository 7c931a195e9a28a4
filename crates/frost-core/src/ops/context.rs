//! Which `nix` the queue runs, and how: the [`NixSetup`] every run shares,
//! and the version that decides how each operation is spelled.

use std::ffi::OsString;
use std::path::PathBuf;

use super::operation::Operation;
use crate::error::Result;
use crate::nix::{NixCommand, NixSetup, NixVersion};

#[derive(Debug, Clone)]
pub struct NixContext {
    version: NixVersion,
    setup: NixSetup,
}

impl NixContext {
    /// The `nix` on PATH, with its version.
    pub async fn detect() -> Result<NixContext> {
        Ok(Self::new(NixVersion::detect(None).await?))
    }

    /// A `nix` already known to be `version`.
    pub fn new(version: NixVersion) -> Self {
        Self::with_setup(version, NixSetup::default())
    }

    /// The `nix` that `setup` names, already known to be `version`.
    pub fn with_setup(version: NixVersion, setup: NixSetup) -> Self {
        NixContext { version, setup }
    }

    pub fn nix_binary(mut self, path: impl Into<PathBuf>) -> Self {
        self.setup.binary = Some(path.into());
        self
    }

    /// A variable for every `nix` run (tests give a temporary HOME this way).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.setup.env.push((key.into(), value.into()));
        self
    }

    pub fn version(&self) -> &NixVersion {
        &self.version
    }

    pub fn setup(&self) -> &NixSetup {
        &self.setup
    }

    /// The command that runs `op`, when one run of Nix does it (see
    /// [`Operation::args`]).
    pub fn command(&self, op: &Operation) -> Option<NixCommand> {
        let mut cmd = self.setup.command(op.args(&self.version)?);
        if let Some(dir) = op.working_dir() {
            cmd = cmd.current_dir(dir);
        }
        Some(cmd)
    }
}
