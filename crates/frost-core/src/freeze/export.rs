//! The window's Export: a freeze and its check as one operation of the
//! queue ([`Operation::Freeze`](crate::ops::Operation::Freeze)), through
//! the same [`freeze_through`] and [`verify_through`] that `frost freeze
//! --verify` runs. A cancel at any point leaves no files behind: before
//! the files are in place the staging folder goes with the dropped
//! future; after, what this freeze put there is taken away again, and the
//! files it replaced (a folder the user let it write into) come back as
//! they were.

use std::path::{Path, PathBuf};

use super::apply::RunNix;
use super::engine::{freeze_through, read_source, FreezeReport, FreezeRequest, KnownInputs};
use super::verify::{verify_through, VerifyReport};
use super::write::FROZEN_FILES;
use crate::error::{Error, Result};
use crate::nix::NixSetup;
use crate::profile::ProfileView;

/// Freezes generation `generation` of the profile at `source` as
/// `request` says, then checks the result when `verify`; what `known`
/// holds about an input is not asked again.
pub(crate) async fn export(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    source: &Path,
    generation: Option<u64>,
    (request, known): (&FreezeRequest, &KnownInputs),
    verify: bool,
) -> Result<(FreezeReport, Option<VerifyReport>)> {
    let view = ProfileView::open(source)?;
    let read = read_source(&view, generation)?;
    let mut request = request.clone();
    request.profile = read.profile;
    request.generation = read.generation;
    let existed = request.out.symlink_metadata().is_ok();
    let kept = Kept::read(&request.out);
    let report = freeze_through(runner, nix, &read.elements, &request, known).await?;
    // Some runs (the registry, an input's metadata) turn a failure into a
    // note, so a cancel during them shows only here.
    if runner.cancelled() {
        take_back(&report, existed, &kept).await;
        return Err(Error::Cancelled);
    }
    if !verify {
        return Ok((report, None));
    }
    let checked = verify_through(runner, nix, &report.out, &read.elements).await;
    // The check turns failed runs into "could not check": a cancel too.
    if runner.cancelled() || matches!(checked, Err(Error::Cancelled)) {
        take_back(&report, existed, &kept).await;
        return Err(Error::Cancelled);
    }
    // A check that could not even start leaves a good freeze: say so
    // through the missing report rather than failing the export.
    Ok((report, checked.ok()))
}

/// The frozen files a folder already held, as they were before the
/// export, to put back when it is cancelled after replacing them. They are
/// a few small text files, so they are simply read.
struct Kept(Vec<(PathBuf, Vec<u8>, std::fs::Permissions)>);

impl Kept {
    fn read(dir: &Path) -> Kept {
        Kept(
            FROZEN_FILES
                .iter()
                .map(|name| dir.join(name))
                .filter_map(|path| {
                    // Only regular files: the staging refuses to replace
                    // anything else.
                    let meta = path.symlink_metadata().ok()?;
                    if !meta.is_file() {
                        return None;
                    }
                    let bytes = std::fs::read(&path).ok()?;
                    Some((path, bytes, meta.permissions()))
                })
                .collect(),
        )
    }

    /// Writes each file back: into a temporary file beside it, then renamed
    /// over whatever the export left, so a file is never half there.
    fn restore(&self) {
        for (path, bytes, permissions) in &self.0 {
            if super::write::replace_atomically(path, bytes).is_ok() {
                let _ = std::fs::set_permissions(path, permissions.clone());
            }
        }
    }
}

/// Removes what `report`'s freeze put in place: the commit it made in the
/// user's own repository, then the whole folder when the freeze made it,
/// else the files it wrote and the repository it started; and puts back
/// the files it replaced.
async fn take_back(report: &FreezeReport, existed: bool, kept: &Kept) {
    // While the folder is still there for Git to find its repository. A
    // failure leaves the commit, which the user can see and drop; the files
    // are taken back either way.
    if let Some(g) = report.git.as_ref().filter(|g| !g.initialized) {
        let _ = super::git::undo_commit(&report.out, g).await;
    }
    if !existed {
        let _ = std::fs::remove_dir_all(&report.out);
        return;
    }
    for file in &report.files {
        let _ = std::fs::remove_file(file);
    }
    kept.restore();
    if report.git.as_ref().is_some_and(|g| g.initialized) {
        let _ = std::fs::remove_dir_all(report.out.join(".git"));
    }
}
