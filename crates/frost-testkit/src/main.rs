//! `frost-fixture DIR`: builds the fixture profile in DIR (kept), for scripts
//! (screenshots, UI tests, trying Frost by hand), and prints the environment
//! to use it: `eval "$(frost-fixture /tmp/demo)"`.

use std::path::PathBuf;
use std::process::ExitCode;

use frost_testkit::{FixtureProfile, NixSandbox};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: frost-fixture DIR");
        return ExitCode::from(2);
    };
    let built = NixSandbox::at(&dir).and_then(FixtureProfile::build_in);
    match built {
        Ok(fixture) => {
            for (k, v) in fixture.sandbox.env() {
                if k.starts_with("GIT_") {
                    continue;
                }
                println!("export {k}='{}'", v.replace('\'', "'\\''"));
            }
            println!(
                "export FROST_FIXTURE_PROFILE='{}'",
                fixture.profile.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("frost-fixture: {e}");
            ExitCode::FAILURE
        }
    }
}
