//! How the freeze and verify reach Nix: every run goes through a
//! [`RunNix`], so that `frost freeze` (which runs Nix directly, see
//! [`Direct`]) and the window's queue (which shows each run's progress and
//! log, and stops it on Cancel) share one code path.

use std::ffi::OsString;

use super::apply::RunNix;
use crate::error::Result;
use crate::nix::busy::run_retrying;
use crate::nix::setup::parse_json;
use crate::nix::{NixCommand, NixOutput, NixSetup};

/// Runs each command straight away, as the CLI does. A transient failure
/// (a busy store) is tried again: the freeze's runs only read, or lock a
/// flake in its staging folder, so a second try cannot do anything twice.
pub(crate) struct Direct;

impl RunNix for Direct {
    async fn run(&mut self, cmd: NixCommand) -> Result<NixOutput> {
        run_retrying(cmd).await
    }
}

/// Runs `nix ARGS` through `runner` and returns its stdout as text.
pub(crate) async fn stdout<I, S>(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    args: I,
) -> Result<String>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let out = runner.run(nix.command(args)).await?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs `nix ARGS` through `runner` and parses its stdout as JSON.
pub(crate) async fn json<I, S>(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    args: I,
) -> Result<serde_json::Value>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let cmd = nix.command(args);
    let command = cmd.display();
    let out = runner.run(cmd).await?;
    parse_json(command, &out.stdout)
}
