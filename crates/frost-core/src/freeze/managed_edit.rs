//! Installing and removing while a folder manages the profile: the package
//! goes into (or out of) the folder's flake.nix first ([`super::edit`],
//! every other byte kept), the lock follows ([`lock_folder`]), a Git
//! folder gets one commit (“Add ripgrep 14.1”, “Remove ripgrep”), and only
//! then does the profile change, as one generation: an added package is
//! installed from the folder (as adopt installs, so it is managed too), a
//! removed one is removed. What
//! [`Operation::AddToManaged`](crate::ops::Operation::AddToManaged) and
//! [`Operation::RemoveFromManaged`](crate::ops::Operation::RemoveFromManaged)
//! run.
//!
//! Which package a reference names is found by installing it into an empty
//! temporary profile; the freeze's own planning then says how flake.nix
//! writes it. The folder's new lock must give the very store paths the
//! reference gave, checked in a staged copy of the profile before it is
//! made current. A flake.nix Frost cannot edit changes nothing; any other
//! failure, or a cancel, puts flake.nix and flake.lock back byte for byte
//! and takes the commit back.

use std::path::Path;

use super::adopt::{folder_url, ManageReport};
use super::apply::{install_command_with, RunNix};
use super::edit::{add_package, remove_package, Addition};
use super::git::{commit_folder, undo_commit, GitRecord};
use super::inspect::{host_system, registry};
use super::managed::from_folder as from;
use super::plan::{plan, FreezeOptions, PlanContext};
use super::readme::installable_of;
use super::restore_preview::current_elements;
use super::staged::StagedProfile;
use super::update::{lock_folder, SavedLock};
use super::write::replace_atomically;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::flakeref::FlakeRefKind;
use crate::i18n::gettext_f;
use crate::nix::{NixSetup, NixVersion};

/// flake.nix and flake.lock as they were before an edit, and the commit
/// the edit made: what a failure undoes.
struct Before {
    dir: std::path::PathBuf,
    flake: Vec<u8>,
    lock: SavedLock,
    commit: Option<GitRecord>,
}

impl Before {
    fn take(dir: &Path) -> Result<Before> {
        let path = dir.join("flake.nix");
        Ok(Before {
            dir: dir.to_owned(),
            flake: std::fs::read(&path).map_err(|e| Error::io(&path, e))?,
            lock: SavedLock::take(dir)?,
            commit: None,
        })
    }

    async fn restore(&self) -> Result<()> {
        if let Some(record) = &self.commit {
            undo_commit(&self.dir, record).await?;
        }
        let path = self.dir.join("flake.nix");
        if std::fs::read(&path).ok().as_deref() != Some(&self.flake[..]) {
            replace_atomically(&path, &self.flake).map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
        }
        self.lock.restore()?;
        // What Git had staged of them goes back too.
        super::git::stage(&self.dir, &["flake.nix", "flake.lock"]).await?;
        Ok(())
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    replace_atomically(path, text.as_bytes()).map_err(|source| Error::Write {
        what: path.display().to_string(),
        source,
    })
}

/// The package `reference` installs, as Nix records it, read from an
/// empty temporary profile.
async fn resolve(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    reference: &str,
) -> Result<Element> {
    let probe = StagedProfile::empty()?;
    let install = install_command_with(
        setup,
        version,
        probe.link(),
        &[reference.to_owned()],
        None,
        &[],
    );
    nix.run(install).await?;
    let mut elements = current_elements(probe.link())?;
    match elements.len() {
        1 => Ok(elements.remove(0)),
        _ => Err(Error::FreezeUnwritable {
            detail: reference.to_owned(),
        }),
    }
}

/// How the freeze writes `e` into a flake.nix.
async fn addition_of(nix: &mut impl RunNix, setup: &NixSetup, e: &Element) -> Result<Addition> {
    let mut ctx = PlanContext::default();
    if e.system().is_none() {
        ctx.host_system = host_system(nix, setup).await?;
    }
    if e.original_ref
        .as_deref()
        .is_some_and(|r| matches!(r.kind, FlakeRefKind::Indirect { .. }))
    {
        ctx.registry = registry(nix, setup).await;
    }
    let planned = plan(std::slice::from_ref(e), &FreezeOptions::default(), &ctx)?;
    Addition::from_plan(&planned)
        .into_iter()
        .next()
        .ok_or_else(|| Error::FreezeUnwritable {
            detail: e.name.clone(),
        })
}

/// Adds the package `reference` installs to the flake.nix of the managing
/// folder `dir`, locks and commits it, and installs it from the folder
/// into `profile` as one generation.
pub(crate) async fn add_to_managed(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    dir: &Path,
    reference: &str,
) -> Result<ManageReport> {
    let wanted = resolve(nix, setup, version, reference).await?;
    let addition = addition_of(nix, setup, &wanted).await?;
    let flake_nix = dir.join("flake.nix");
    let text = std::fs::read_to_string(&flake_nix).map_err(|e| Error::io(&flake_nix, e))?;
    let edited = add_package(&text, &addition).map_err(|e| e.at(&flake_nix))?;
    if nix.cancelled() {
        return Err(Error::Cancelled);
    }
    let name = addition.package.name.clone();
    let message = match &wanted.version {
        Some(v) => gettext_f("Add {name} {version}", &[("name", &name), ("version", v)]),
        None => gettext_f("Add {name}", &[("name", &name)]),
    };
    let mut before = Before::take(dir)?;
    let done = async {
        write(&flake_nix, &edited)?;
        lock_folder(nix, setup, dir).await?;
        before.commit = commit_folder(dir, &message).await?;
        let url = folder_url(dir).await?;
        let installable =
            installable_of(&url, &[name.as_str()], &wanted.outputs).ok_or_else(|| {
                Error::FreezeUnwritable {
                    detail: name.clone(),
                }
            })?;
        let staged = StagedProfile::copy_of(profile)?;
        let install =
            install_command_with(setup, version, staged.link(), &[installable], None, &[]);
        nix.run(install).await?;
        let mut wanted_paths = wanted.store_paths.clone();
        wanted_paths.sort();
        let added = current_elements(staged.link())?.into_iter().any(|e| {
            let mut paths = e.store_paths.clone();
            paths.sort();
            from(&e, dir) && e.short_attr_path() == Some(name.as_str()) && paths == wanted_paths
        });
        if !added {
            return Err(Error::ManagedPathsChanged {
                names: vec![name.clone()],
            });
        }
        if nix.cancelled() {
            return Err(Error::Cancelled);
        }
        staged.switch(nix, setup, profile).await?;
        Ok(ManageReport {
            folder: dir.to_owned(),
            source: url,
            replaced: vec![name.clone()],
            kept: Vec::new(),
            copied_from: None,
        })
    }
    .await;
    if done.is_err() {
        before.restore().await?;
    }
    done
}

/// Removes the elements `names` from `profile` as one generation; those
/// the managing folder `dir` holds leave its flake.nix first (locked and
/// committed).
pub(crate) async fn remove_from_managed(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    profile: &Path,
    dir: &Path,
    names: &[String],
) -> Result<ManageReport> {
    let elements = current_elements(profile)?;
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !elements.iter().any(|e| &e.name == *n))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(Error::NotInProfile {
            profile: profile.to_owned(),
            names: missing,
        });
    }
    let managed: Vec<String> = elements
        .iter()
        .filter(|e| names.contains(&e.name) && from(e, dir))
        .filter_map(|e| e.short_attr_path().map(str::to_owned))
        .collect();
    let flake_nix = dir.join("flake.nix");
    let mut before = Before::take(dir)?;
    let mut text = String::from_utf8_lossy(&before.flake).into_owned();
    for name in &managed {
        text = remove_package(&text, name).map_err(|e| e.at(&flake_nix))?;
    }
    let done = async {
        if !managed.is_empty() {
            write(&flake_nix, &text)?;
            lock_folder(nix, setup, dir).await?;
            let message = gettext_f("Remove {names}", &[("names", &managed.join(", "))]);
            before.commit = commit_folder(dir, &message).await?;
        }
        if nix.cancelled() {
            return Err(Error::Cancelled);
        }
        let staged = StagedProfile::copy_of(profile)?;
        nix.run(staged.remove_command(setup, names)).await?;
        staged.switch(nix, setup, profile).await?;
        Ok(ManageReport {
            folder: dir.to_owned(),
            source: dir.display().to_string(),
            replaced: names.to_vec(),
            kept: Vec::new(),
            copied_from: None,
        })
    }
    .await;
    if done.is_err() {
        before.restore().await?;
    }
    done
}
