//! `frost install REF…`: adds packages to a profile (`nix profile add`, or
//! `install` on Nix before 2.30), with progress.

use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::ops::Operation;

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::profile_path(m) {
        Ok(p) => p,
        Err(e) => return crate::fail(&e),
    };
    let refs = crate::many(m, "refs");
    let priority = m.get_one::<i64>("priority").copied();
    crate::operate::run(
        Operation::Install {
            profile,
            refs,
            priority,
        },
        m,
    )
}
