//! `frost rollback [--to N]`: switches a profile back to the generation
//! before the current one, or to generation N.

use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::ops::Operation;

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::open_profile(m) {
        Ok(p) => p.path,
        Err(e) => return crate::fail(&e),
    };
    let to = m.get_one::<u64>("to").copied();
    crate::operate::run(Operation::Rollback { profile, to }, m)
}
