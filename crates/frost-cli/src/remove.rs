//! `frost remove NAME…`: removes packages from a profile by name, with
//! progress. On a profile a frozen folder manages, the packages it holds
//! leave the folder's flake.nix first (locked, and committed in a Git
//! folder); the profile changes as one generation either way.

use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::freeze::managed::managed_state_on_disk;
use frost_core::ops::Operation;

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::open_profile(m) {
        Ok(p) => p,
        Err(e) => return crate::fail(&e),
    };
    let names = crate::many(m, "names");
    let managed = profile
        .manifest(None)
        .ok()
        .and_then(|manifest| managed_state_on_disk(&manifest.elements));
    let op = Operation::Remove {
        profile: profile.path,
        names,
    };
    let op = match managed {
        Some(managed) => managed.route(op),
        None => op,
    };
    crate::operate::run(op, m)
}
