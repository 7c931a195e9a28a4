//! Installing and removing while a folder manages the profile: the package
//! goes into (or out of) the folder's flake.nix first ([`super::edit`],
//! every other byte kept), the lock follows ([`lock_folder`]), a Git
//! folder gets one commit (“Add ripgrep 14.1”, “Remove ripgrep”), and only
//! then does the profile change, as one generation: an added package is
//! installed from the folder (as adopt installs, so it is managed too), a
//! removed one is removed. What
//! [`Operation::AddToManaged`](crate::ops::Operation::AddToManaged) and
//! [`Operation::RemoveFromManaged`](crate::ops::Operation::RemoveFromManaged)
//! run. [`Operation::AddToFlake`](crate::ops::Operation::AddToFlake) does
//! the same for a package already in the profile but not in the flake
//! (installed from a terminal): it goes into flake.nix from its own
//! source, at the revision it was installed from, and the element is
//! replaced by the folder's, same store paths, in one generation.
//!
//! Which package a reference names is found by installing it into an empty
//! temporary profile; the freeze's own planning then says how flake.nix
//! writes it. The folder's new lock must give the very store paths the
//! reference gave, checked in a staged copy of the profile before it is
//! made current. A flake.nix Frost cannot edit changes nothing; any other
//! failure, or a cancel, puts flake.nix and flake.lock back byte for byte
//! and takes the commit back.
//!
//! Each change says how to take it back ([`ManagedUndo`]): going back a
//! generation alone would leave flake.nix as the change made it, so Undo
//! ([`Operation::RevertManaged`](crate::ops::Operation::RevertManaged))
//! writes both files back byte for byte, commits them as one more commit
//! (“Add back ripgrep”; not `git revert`, whose message is Git's and
//! English, and which would also take back any other change committed
//! since), and makes the generation before the change current again as
//! one new generation.

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
use crate::element::{Element, Origin};
use crate::error::{Error, Result};
use crate::flakeref::FlakeRefKind;
use crate::i18n::{gettext, gettext_f};
use crate::nix::{NixSetup, NixVersion};
use crate::profile::Profile;

/// flake.nix and flake.lock of a managing folder, byte for byte.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlakeFiles {
    pub flake: Vec<u8>,
    /// `None` when the folder has no flake.lock.
    pub lock: Option<Vec<u8>>,
}

impl FlakeFiles {
    /// Reads them from `dir`.
    pub fn read(dir: &Path) -> Result<FlakeFiles> {
        let path = dir.join("flake.nix");
        Ok(FlakeFiles {
            flake: std::fs::read(&path).map_err(|e| Error::io(&path, e))?,
            lock: SavedLock::take(dir)?.bytes,
        })
    }

    /// Writes them back into `dir`, each in one rename, and only when it
    /// differs.
    fn restore(&self, dir: &Path) -> Result<()> {
        let path = dir.join("flake.nix");
        if std::fs::read(&path).ok().as_deref() != Some(&self.flake[..]) {
            replace_atomically(&path, &self.flake).map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
        }
        SavedLock {
            dir: dir.to_owned(),
            bytes: self.lock.clone(),
        }
        .restore()
    }
}

/// How to take back a change to a managed profile and its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedUndo {
    /// The folder's files before the change: what Undo writes back.
    pub before: FlakeFiles,
    /// The files as the change left them: Undo refuses when they differ
    /// now, rather than lose a later edit.
    pub after: FlakeFiles,
    /// The profile's generation before the change, made current again.
    pub generation: u64,
    /// The generation the change made: Undo refuses when the profile is
    /// at another one now, rather than take a later change back with it.
    pub made: u64,
    /// The packages the change was about.
    pub names: Vec<String>,
    /// The commit message of the way back (“Add back ripgrep”), translated.
    pub message: String,
}

/// flake.nix and flake.lock as they were before an edit, and the commit
/// the edit made: what a failure undoes.
struct Before {
    dir: std::path::PathBuf,
    profile: std::path::PathBuf,
    files: FlakeFiles,
    commit: Option<GitRecord>,
}

impl Before {
    fn take(dir: &Path, profile: &Path) -> Result<Before> {
        Ok(Before {
            dir: dir.to_owned(),
            profile: profile.to_owned(),
            files: FlakeFiles::read(dir)?,
            commit: None,
        })
    }

    async fn restore(&self) -> Result<()> {
        if let Some(record) = &self.commit {
            undo_commit(&self.dir, record).await?;
        }
        self.files.restore(&self.dir)?;
        // What Git had staged of them goes back too.
        super::git::stage(&self.dir, &["flake.nix", "flake.lock"]).await?;
        Ok(())
    }

    /// The way back from the change, now that it is made: `generation`
    /// was the profile's before it. None when there was none, or the
    /// files cannot be read back (the change is made all the same).
    fn undo(
        self,
        generation: Option<u64>,
        names: &[String],
        message: String,
    ) -> Option<Box<ManagedUndo>> {
        Some(Box::new(ManagedUndo {
            after: FlakeFiles::read(&self.dir).ok()?,
            before: self.files,
            generation: generation?,
            made: generation_of(&self.profile)?,
            names: names.to_vec(),
            message,
        }))
    }
}

/// The profile's current generation, when it has one.
fn generation_of(profile: &Path) -> Option<u64> {
    Profile::open(profile)
        .and_then(|p| p.current_generation())
        .map(|g| g.number)
        .ok()
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

/// How the freeze writes `e` into a flake.nix; when the freeze would
/// leave it out, why (as [`Error::CannotAddToFlake`]).
async fn addition_of(nix: &mut impl RunNix, setup: &NixSetup, e: &Element) -> Result<Addition> {
    let cannot = |reason: String| Error::CannotAddToFlake {
        name: e.name.clone(),
        reason,
    };
    if e.origin != Origin::Flake || e.original_ref.is_none() || e.attr_path.is_none() {
        return Err(cannot(gettext(
            "it was installed from a store path, and Nix recorded no flake and no attribute for it, so there is nothing to write into flake.nix",
        )));
    }
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
    if let Some(left_out) = planned.unfrozen.first() {
        return Err(cannot(left_out.reason.describe()));
    }
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
    add_element(nix, setup, version, profile, dir, &wanted, false).await
}

/// Adds the element `name` of `profile`, installed from elsewhere, to the
/// flake.nix of the managing folder `dir` from its own source (the
/// revision it was installed from), locks and commits it, and replaces
/// the element with the folder's, same store paths, as one generation.
pub(crate) async fn add_to_flake(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    dir: &Path,
    name: &str,
) -> Result<ManageReport> {
    let element = current_elements(profile)?
        .into_iter()
        .find(|e| e.name == name)
        .ok_or_else(|| Error::NotInProfile {
            profile: profile.to_owned(),
            names: vec![name.to_owned()],
        })?;
    if from(&element, dir) {
        return Err(Error::CannotAddToFlake {
            name: name.to_owned(),
            reason: gettext("the flake has it already"),
        });
    }
    add_element(nix, setup, version, profile, dir, &element, true).await
}

/// Writes `wanted` into the folder's flake.nix, locks and commits it, and
/// installs it from the folder into `profile` as one generation: beside
/// what is there, or (`replace`) instead of the element `wanted` is,
/// keeping its priority. The new element must have `wanted`'s store
/// paths, or nothing changes.
async fn add_element(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    dir: &Path,
    wanted: &Element,
    replace: bool,
) -> Result<ManageReport> {
    let addition = addition_of(nix, setup, wanted).await?;
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
    let generation = generation_of(profile);
    let mut before = Before::take(dir, profile)?;
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
        let priority = replace.then_some(wanted.priority);
        if replace {
            nix.run(staged.remove_command(setup, std::slice::from_ref(&wanted.name)))
                .await?;
        }
        let install =
            install_command_with(setup, version, staged.link(), &[installable], priority, &[]);
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
        Ok(url)
    }
    .await;
    let url = match done {
        Ok(url) => url,
        Err(e) => {
            before.restore().await?;
            return Err(e);
        }
    };
    let names = vec![name];
    let back = gettext_f("Remove {names}", &[("names", &names.join(", "))]);
    Ok(ManageReport {
        folder: dir.to_owned(),
        source: url,
        undo: before.undo(generation, &names, back),
        replaced: names,
        kept: Vec::new(),
        copied_from: None,
    })
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
    let generation = generation_of(profile);
    let mut before = Before::take(dir, profile)?;
    let mut text = String::from_utf8_lossy(&before.files.flake).into_owned();
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
        Ok(())
    }
    .await;
    if let Err(e) = done {
        before.restore().await?;
        return Err(e);
    }
    let back = gettext_f("Add back {names}", &[("names", &names.join(", "))]);
    Ok(ManageReport {
        folder: dir.to_owned(),
        source: dir.display().to_string(),
        undo: before.undo(generation, names, back),
        replaced: names.to_vec(),
        kept: Vec::new(),
        copied_from: None,
    })
}

/// Takes back a change to the managed `profile` and its folder `dir`:
/// flake.nix and flake.lock go back byte for byte and are committed, and
/// the generation before the change is made current again as one new
/// generation. Refused, changing nothing, when the files are no longer as
/// the change left them; a failure or a cancel before the switch puts
/// them back as they are now.
pub(crate) async fn revert_managed(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    profile: &Path,
    dir: &Path,
    undo: &ManagedUndo,
) -> Result<ManageReport> {
    if FlakeFiles::read(dir)? != undo.after {
        return Err(Error::FolderChangedSince {
            dir: dir.to_owned(),
        });
    }
    let opened = Profile::open(profile)?;
    let current = opened.current_generation()?.number;
    if current != undo.made {
        return Err(Error::ProfileChangedSince {
            profile: profile.to_owned(),
            then: undo.made,
            now: current,
        });
    }
    let generation = opened.generation(undo.generation)?;
    let mut now = Before::take(dir, profile)?;
    let done = async {
        undo.before.restore(dir)?;
        now.commit = commit_folder(dir, &undo.message).await?;
        let staged = StagedProfile::copy_of(&generation.link)?;
        if nix.cancelled() {
            return Err(Error::Cancelled);
        }
        staged.switch(nix, setup, profile).await
    }
    .await;
    if let Err(e) = done {
        now.restore().await?;
        return Err(e);
    }
    Ok(ManageReport {
        folder: dir.to_owned(),
        source: dir.display().to_string(),
        replaced: undo.names.clone(),
        kept: Vec::new(),
        copied_from: None,
        undo: None,
    })
}
