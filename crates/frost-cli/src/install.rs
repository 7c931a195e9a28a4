//! `frost install REF…`: adds packages to a profile (`nix profile add`, or
//! `install` on Nix before 2.30), with progress. On a profile a frozen
//! folder manages, each package goes into the folder's flake.nix first
//! (locked, and committed in a Git folder) and is installed from the
//! folder, one generation a package.

use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::freeze::managed::managed_state_on_disk;
use frost_core::ops::Operation;
use frost_core::profile::Profile;

pub fn run(m: &ArgMatches) -> ExitCode {
    let profile = match crate::profile_path(m) {
        Ok(p) => p,
        Err(e) => return crate::fail(&e),
    };
    let refs = crate::many(m, "refs");
    let priority = m.get_one::<i64>("priority").copied();
    let managed = Profile::open(&profile)
        .and_then(|p| p.manifest(None))
        .ok()
        .and_then(|manifest| managed_state_on_disk(&manifest.elements));
    match managed {
        // A priority is the profile's, not the flake's: installed plainly.
        Some(managed) if priority.is_none() => {
            for reference in refs {
                let op = managed.route(Operation::Install {
                    profile: profile.clone(),
                    refs: vec![reference],
                    priority,
                });
                let code = crate::operate::run(op, m);
                if code != ExitCode::SUCCESS {
                    return code;
                }
            }
            ExitCode::SUCCESS
        }
        _ => crate::operate::run(
            Operation::Install {
                profile,
                refs,
                priority,
            },
            m,
        ),
    }
}
