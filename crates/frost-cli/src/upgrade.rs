//! `frost upgrade NAME…` and `frost upgrade --all`: updates packages to the
//! newest version their flake offers, with progress.

use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::ops::Operation;

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::open_profile(m) {
        Ok(p) => p.path,
        Err(e) => return crate::fail(&e),
    };
    let op = if m.get_flag("all") {
        Operation::UpgradeAll { profile }
    } else {
        Operation::Upgrade {
            profile,
            names: crate::many(m, "names"),
        }
    };
    crate::operate::run(op, m)
}
