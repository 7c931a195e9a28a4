//! `frost-fixture DIR [--scenario]`: builds the fixture profile in DIR
//! (kept), for scripts (screenshots, UI tests, trying Frost by hand), and
//! prints the environment to use it: `eval "$(frost-fixture /tmp/demo)"`.
//! `frost-fixture DIR --branch` builds the branch fixture instead (a local
//! Git nixpkgs whose branch `next` has a newer hello, `FROST_BRANCH_REF`),
//! for moving a profile to another branch.
//! `--scenario` also installs the scenario flake's `greeter`
//! (`FROST_SCENARIO_FLAKE`); `frost-fixture rebind FLAKE NAME PACKAGE` then
//! makes updating it build another package (`slow`, `broken`).

use std::path::PathBuf;
use std::process::ExitCode;

use frost_testkit::{BranchFixture, FixtureProfile, NixSandbox, ScenarioFlake};

const USAGE: &str = "usage: frost-fixture DIR [--scenario | --branch]\n       frost-fixture rebind FLAKE_DIR NAME PACKAGE";

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
        [dir, "--branch"] => build_branch(&PathBuf::from(dir)),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Prints `export NAME='value'` for a shell to eval.
fn export(name: &str, value: &str) {
    println!("export {name}='{}'", value.replace('\'', "'\\''"));
}

fn build_branch(dir: &std::path::Path) -> ExitCode {
    match NixSandbox::at(dir).and_then(|s| BranchFixture::build_named(s, "nixpkgs")) {
        Ok(fixture) => {
            for (k, v) in fixture.sandbox.env() {
                if !k.starts_with("GIT_") {
                    export(k, &v);
                }
            }
            export(
                "FROST_FIXTURE_PROFILE",
                &fixture.profile.display().to_string(),
            );
            export(
                "FROST_BRANCH_REF",
                &format!("git+file://{}?ref=next", fixture.repo.display()),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("frost-fixture: {e}");
            ExitCode::FAILURE
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
