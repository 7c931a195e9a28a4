//! `frost install REF…`: adds packages to a profile (`nix profile add`, or
//! `install` on Nix before 2.30), with progress.

use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::ops::Operation;
use frost_core::profile::{default_profile, NixEnvironment};

pub fn run(m: &ArgMatches) -> ExitCode {
    // The profile need not exist yet: the first install makes it.
    let profile = match m.get_one::<std::path::PathBuf>("profile") {
        Some(p) => p.clone(),
        None => match default_profile(&NixEnvironment::from_process()) {
            Ok(p) => p,
            Err(e) => return crate::fail(&e),
        },
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
