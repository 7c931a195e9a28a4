//! `frost apply`: installs a frozen flake's packages into a profile, as one
//! new generation. Adding is one `nix profile install` (atomic; Nix's own
//! lock guards concurrent use). Replacing builds the new generation in a
//! temporary profile first and then points the profile at it in one step
//! (`nix build --profile`), so a failure changes nothing and
//! `nix profile rollback` works as usual.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::inspect::host_system;
use super::plan::{AttrBase, Package};
use super::readme::installable;
use crate::element::Outputs;
use crate::error::{Error, Result};
use crate::nix::NixSetup;
use crate::nix::NixVersion;
use crate::profile::Profile;

#[derive(Debug, Clone)]
pub struct ApplyRequest {
    pub dir: PathBuf,
    pub profile: PathBuf,
    /// Make the profile hold exactly the flake's packages.
    pub replace: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplyReport {
    pub profile: PathBuf,
    pub installed: Vec<String>,
    /// The generation the profile is at afterwards.
    pub generation: Option<u64>,
}

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

/// The flake's packages and the outputs each should be installed with.
async fn frozen_packages(nix: &NixSetup, flake: &str, system: &str) -> Result<Vec<Package>> {
    let set = format!("{flake}#packages.{system}");
    let v = nix
        .json([
            "eval",
            "--json",
            "--no-update-lock-file",
            &set,
            "--apply",
            "ps: builtins.mapAttrs (n: p: p.frozenOutputs or null) (builtins.removeAttrs ps [ \"default\" ])",
        ])
        .await?;
    let Some(map) = v.as_object() else {
        return Ok(Vec::new());
    };
    Ok(map
        .iter()
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
        .collect())
}

async fn install(
    nix: &NixSetup,
    verb: &str,
    profile: &Path,
    installables: &[String],
) -> Result<()> {
    let mut args: Vec<String> = vec![
        "profile".into(),
        verb.into(),
        "--no-update-lock-file".into(),
        "--profile".into(),
        profile.display().to_string(),
    ];
    args.extend(installables.iter().cloned());
    nix.stdout(args).await.map(|_| ()).map_err(conflict_or)
}

/// Installs the packages of the flake in `req.dir` into `req.profile`.
pub async fn apply(nix: &NixSetup, req: &ApplyRequest) -> Result<ApplyReport> {
    // Nix takes --profile literally: given ~/.nix-profile it would start a
    // new profile beside the link instead of changing the one it points to.
    let profile = Profile::open(&req.profile)
        .map(|p| p.path)
        .unwrap_or_else(|_| req.profile.clone());
    let system = host_system(nix).await?;
    let dir = std::path::absolute(&req.dir).map_err(|e| Error::io(&req.dir, e))?;
    let dir_text = dir.display().to_string();
    let flake = format!("path:{dir_text}");
    let packages = frozen_packages(nix, &flake, &system).await?;
    let mut installables = Vec::new();
    for p in &packages {
        match installable(&dir_text, p) {
            Some(i) => installables.push(i),
            None => {
                return Err(Error::FreezeUnwritable {
                    detail: p.name.clone(),
                })
            }
        }
    }
    let verb = NixVersion::detect(nix.binary.as_deref())
        .await?
        .profile_add_verb();

    if !req.replace {
        if !installables.is_empty() {
            install(nix, verb, &profile, &installables).await?;
        }
    } else {
        let temp = tempfile::Builder::new()
            .prefix("frost-apply-")
            .tempdir()
            .map_err(|e| Error::Write {
                what: std::env::temp_dir().display().to_string(),
                source: e,
            })?;
        let staged = temp.path().join("profile");
        if installables.is_empty() {
            return Err(Error::FreezeUnwritable {
                detail: crate::i18n::gettext("the flake has no packages"),
            });
        }
        install(nix, verb, &staged, &installables).await?;
        let generation = std::fs::canonicalize(&staged).map_err(|e| Error::io(&staged, e))?;
        let target = profile.display().to_string();
        nix.stdout([
            "build",
            "--no-link",
            "--profile",
            target.as_str(),
            &generation.display().to_string(),
        ])
        .await?;
    }
    let generation = Profile::open(&profile)
        .and_then(|p| p.current_generation())
        .ok()
        .map(|g| g.number);
    Ok(ApplyReport {
        profile: req.profile.clone(),
        installed: packages.into_iter().map(|p| p.name).collect(),
        generation,
    })
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
}
