//! `frost-fixture DIR [--scenario]`: builds the fixture profile in DIR
//! (kept), for scripts (screenshots, UI tests, trying Frost by hand), and
//! prints the environment to use it: `eval "$(frost-fixture /tmp/demo)"`.
//! `--scenario` also installs the scenario flake's `greeter`
//! (`FROST_SCENARIO_FLAKE`); `frost-fixture rebind FLAKE NAME PACKAGE` then
//! makes updating it build another package (`slow`, `broken`).

use std::path::PathBuf;
use std::process::ExitCode;

use frost_testkit::{FixtureProfile, NixSandbox, ScenarioFlake};

const USAGE: &str =
    "usage: frost-fixture DIR [--scenario]\n       frost-fixture rebind FLAKE_DIR NAME PACKAGE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["rebind", dir, name, package] => {
            let flake = ScenarioFlake {
                dir: PathBuf::from(dir),
                nonce: String::new(),
            };
            match flake.rebind(name, package) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("frost-fixture: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        [dir] => build(&PathBuf::from(dir), false),
        [dir, "--scenario"] => build(&PathBuf::from(dir), true),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn build(dir: &std::path::Path, scenario: bool) -> ExitCode {
    let built = NixSandbox::at(dir).and_then(FixtureProfile::build_in);
    let built = built.and_then(|fixture| {
        let flake = if scenario {
            Some(fixture.add_scenario()?.dir)
        } else {
            None
        };
        Ok((fixture, flake))
    });
    match built {
        Ok((fixture, flake)) => {
            if let Some(flake) = flake {
                println!("export FROST_SCENARIO_FLAKE='{}'", flake.display());
            }
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
