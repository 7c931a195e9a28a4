//! `frost remove NAME…`: removes packages from a profile by name, with
//! progress.

use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::ops::Operation;

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::open_profile(m) {
        Ok(p) => p.path,
        Err(e) => return crate::fail(&e),
    };
    let names = crate::many(m, "names");
    crate::operate::run(Operation::Remove { profile, names }, m)
}
