//! Installing a frozen flake's packages into a profile, as one new
//! generation: what [`Operation::Apply`](crate::ops::Operation::Apply) runs
//! (`frost apply`). Nix is asked first what the flake holds (`plan`).
//! Adding is then one `nix profile add` (atomic; Nix's own lock guards
//! concurrent use). Replacing builds the new generation in a temporary
//! profile first and then points the profile at it in one step (`nix build
//! --profile`), so a failure or a cancel changes nothing and `nix profile
//! rollback` works as usual.

use std::path::Path;

use super::inspect::HOST_SYSTEM_ARGS;
use super::plan::{AttrBase, Package};
use super::readme::installable;
use crate::element::Outputs;
use crate::error::{Error, Result};
use crate::nix::setup::parse_json;
use crate::nix::{NixCommand, NixOutput, NixSetup, NixVersion};

/// Whether `dir` holds a flake (a flake.nix), as an apply needs. Reads the
/// disk.
pub fn holds_flake(dir: &Path) -> bool {
    dir.join("flake.nix").is_file()
}

/// Runs an apply's commands, one at a time, each to its end. The queue's
/// runner shows their progress and log, and stops them on cancel.
pub(crate) trait RunNix {
    async fn run(&mut self, cmd: NixCommand) -> Result<NixOutput>;

    /// Whether the user asked to stop: steps that turn a failed run into a
    /// note (a freeze, a check) look here before going on.
    fn cancelled(&self) -> bool {
        false
    }
}

/// What an apply installs: the frozen flake's packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApplyPlan {
    /// The packages, by the names the flake gives them.
    pub packages: Vec<String>,
    /// For each package, what `nix profile add` is given:
    /// `path:DIR#name^out,man`.
    pub installables: Vec<String>,
}

/// Per package, the outputs to install (`frozenOutputs`, which a freeze
/// writes; `null` for Nix's default). `default` is the environment of all
/// packages together, not one of them.
const FROZEN_OUTPUTS: &str =
    "ps: builtins.mapAttrs (n: p: p.frozenOutputs or null) (builtins.removeAttrs ps [ \"default\" ])";

/// Files that two packages both provide, from Nix's conflict message.
fn conflicting_files(message: &str) -> Vec<String> {
    if !message.contains("already provides the following file") {
        return Vec::new();
    }
    message
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("/nix/store/"))
        .map(str::to_owned)
        .collect()
}

fn conflict_or(e: Error) -> Error {
    if let Error::NixFailed { message, .. } = &e {
        let files = conflicting_files(message);
        if !files.is_empty() {
            return Error::ApplyConflict {
                files,
                message: message.clone(),
            };
        }
    }
    e
}

/// The packages of the JSON that [`FROZEN_OUTPUTS`] gives.
fn frozen_packages(v: &serde_json::Value) -> Vec<Package> {
    let Some(map) = v.as_object() else {
        return Vec::new();
    };
    map.iter()
        .map(|(name, outputs)| {
            let outputs = match outputs.as_array() {
                None => Outputs::Default,
                Some(a) if a.len() == 1 && a[0] == "*" => Outputs::All,
                Some(a) => Outputs::Named(
                    a.iter()
                        .filter_map(|o| o.as_str().map(str::to_owned))
                        .collect(),
                ),
            };
            Package {
                name: name.clone(),
                input: String::new(),
                base: AttrBase::Fixed,
                attr: Vec::new(),
                outputs,
                priority: 0,
                pname: name.clone(),
                version: None,
                guessed: false,
                store_paths: Vec::new(),
                source: String::new(),
            }
        })
        .collect()
}

/// Asks Nix which packages the flake in `dir` (an absolute path) holds for
/// this machine, and the outputs of each.
pub(crate) async fn plan(nix: &mut impl RunNix, setup: &NixSetup, dir: &Path) -> Result<ApplyPlan> {
    let out = nix.run(setup.command(HOST_SYSTEM_ARGS)).await?;
    let system = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let dir = crate::flakeref::path_url(dir);
    let set = format!("{dir}#packages.{system}");
    let eval = setup.command([
        "eval",
        "--json",
        "--no-update-lock-file",
        &set,
        "--apply",
        FROZEN_OUTPUTS,
    ]);
    let command = eval.display();
    let out = nix.run(eval).await?;
    let packages = frozen_packages(&parse_json(command, &out.stdout)?);
    let mut plan = ApplyPlan {
        packages: Vec::with_capacity(packages.len()),
        installables: Vec::with_capacity(packages.len()),
    };
    for p in packages {
        let Some(i) = installable(&dir, &p) else {
            return Err(Error::FreezeUnwritable { detail: p.name });
        };
        plan.installables.push(i);
        plan.packages.push(p.name);
    }
    Ok(plan)
}

fn install_command(
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    installables: &[String],
) -> NixCommand {
    let mut args: Vec<String> = vec![
        "profile".into(),
        version.profile_add_verb().into(),
        "--no-update-lock-file".into(),
        "--profile".into(),
        profile.display().to_string(),
    ];
    args.extend(installables.iter().cloned());
    setup.command(args)
}

/// Installs the packages of the flake in `dir` into `profile` (both
/// resolved: absolute, and the profile link itself), making it hold
/// exactly them when `replace`. Returns what was installed.
pub(crate) async fn apply(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    dir: &Path,
    profile: &Path,
    replace: bool,
) -> Result<ApplyPlan> {
    let plan = plan(nix, setup, dir).await?;
    if !replace {
        if !plan.installables.is_empty() {
            let install = install_command(setup, version, profile, &plan.installables);
            nix.run(install).await.map_err(conflict_or)?;
        }
        return Ok(plan);
    }
    if plan.installables.is_empty() {
        return Err(Error::FreezeUnwritable {
            detail: crate::i18n::gettext("the flake has no packages"),
        });
    }
    let temp = tempfile::Builder::new()
        .prefix("frost-apply-")
        .tempdir()
        .map_err(|e| Error::Write {
            what: std::env::temp_dir().display().to_string(),
            source: e,
        })?;
    let staged = temp.path().join("profile");
    let install = install_command(setup, version, &staged, &plan.installables);
    nix.run(install).await.map_err(conflict_or)?;
    let generation = std::fs::canonicalize(&staged).map_err(|e| Error::io(&staged, e))?;
    let switch = setup.command([
        "build".as_ref(),
        "--no-link".as_ref(),
        "--profile".as_ref(),
        profile.as_os_str(),
        generation.as_os_str(),
    ]);
    nix.run(switch).await?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_are_read_from_nixs_message() {
        let message = "An existing package already provides the following file:\n\n         /nix/store/pqw8-hello-2.12.1/bin/hello\n\n       This is the conflicting file from the new package:\n\n         /nix/store/27rd-hello-2.13/bin/hello\n\n       To remove the existing package:";
        assert_eq!(
            conflicting_files(message),
            [
                "/nix/store/pqw8-hello-2.12.1/bin/hello",
                "/nix/store/27rd-hello-2.13/bin/hello"
            ]
        );
        assert!(conflicting_files("error: attribute 'x' missing\n/nix/store/a").is_empty());
    }

    #[test]
    fn frozen_outputs_become_the_outputs_to_install() {
        let v = serde_json::json!({
            "hello": null,
            "multi": ["*"],
            "pip": ["out", "man"],
        });
        let got: Vec<(String, Outputs)> = frozen_packages(&v)
            .into_iter()
            .map(|p| (p.name, p.outputs))
            .collect();
        assert_eq!(
            got,
            [
                ("hello".to_owned(), Outputs::Default),
                ("multi".to_owned(), Outputs::All),
                (
                    "pip".to_owned(),
                    Outputs::Named(vec!["out".into(), "man".into()])
                ),
            ]
        );
        assert!(frozen_packages(&serde_json::json!([1, 2])).is_empty());
    }
}
