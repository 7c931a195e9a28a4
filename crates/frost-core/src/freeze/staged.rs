//! A change that takes several `nix profile` runs (remove some elements,
//! add others), made as ONE new generation of the real profile: the runs
//! happen in a temporary profile first, and only when they all succeeded
//! does the real profile point at the result (`nix build --no-link
//! --profile P GENERATION`, which adds one generation like any other, so
//! `nix profile rollback` and History work as usual). A failure or a cancel
//! before [`StagedProfile::switch`] leaves the real profile untouched; the
//! temporary one is deleted when the value is dropped.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::apply::RunNix;
use crate::error::{Error, Result};
use crate::nix::{NixCommand, NixSetup};

/// A temporary profile a change is built in.
pub(crate) struct StagedProfile {
    // Kept for its Drop: the folder (and the staged generations' links in
    // it) goes when the change is done or abandoned.
    _dir: tempfile::TempDir,
    link: PathBuf,
}

impl StagedProfile {
    /// A profile with no generation yet: its first one is whatever is
    /// installed into it.
    pub(crate) fn empty() -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("frost-staged-")
            .tempdir()
            .map_err(|e| Error::Write {
                what: std::env::temp_dir().display().to_string(),
                source: e,
            })?;
        let link = dir.path().join("profile");
        Ok(StagedProfile { _dir: dir, link })
    }

    /// A profile whose current generation is `profile`'s current one, so
    /// the runs change a copy of what is installed. Nix takes a profile
    /// link pointing straight at a store path as a profile with no
    /// numbered generations, and numbers the first change 1 (seen with
    /// Nix 2.26).
    pub(crate) fn copy_of(profile: &Path) -> Result<Self> {
        let staged = Self::empty()?;
        let generation = std::fs::canonicalize(profile).map_err(|e| Error::io(profile, e))?;
        std::os::unix::fs::symlink(&generation, &staged.link)
            .map_err(|e| Error::io(&staged.link, e))?;
        Ok(staged)
    }

    /// The profile link to give `nix profile --profile`.
    pub(crate) fn link(&self) -> &Path {
        &self.link
    }

    /// `nix profile remove --profile STAGED NAME…`.
    pub(crate) fn remove_command(&self, setup: &NixSetup, names: &[String]) -> NixCommand {
        let mut args: Vec<OsString> = vec![
            "profile".into(),
            "remove".into(),
            "--profile".into(),
            self.link.clone().into(),
            // A name is never taken for an option.
            "--".into(),
        ];
        args.extend(names.iter().map(OsString::from));
        setup.command(args)
    }

    /// Makes the staged profile's current generation the next generation
    /// of `profile`: the one step that changes the real profile.
    pub(crate) async fn switch(
        self,
        nix: &mut impl RunNix,
        setup: &NixSetup,
        profile: &Path,
    ) -> Result<()> {
        let generation = std::fs::canonicalize(&self.link).map_err(|e| Error::io(&self.link, e))?;
        let switch = setup.command([
            "build".as_ref(),
            "--no-link".as_ref(),
            "--profile".as_ref(),
            profile.as_os_str(),
            generation.as_os_str(),
        ]);
        nix.run(switch).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
