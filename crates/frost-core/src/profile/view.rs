//! What a path given as a profile holds. `nix profile list --profile P`
//! reads `P/manifest.json` from any folder (seen with 2.26): the profile
//! link, a generation link, a generation's store path, a copied folder.
//! Frost reads each of them too, but only the profile link can change:
//! `nix profile install --profile …/profile-5-link` makes a new profile
//! named `profile-5-link`, replacing the generation link of the real
//! profile, and on a plain folder Nix builds and then fails.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::discover::absolute_from;
use super::generations::{self, Generation};
use super::Profile;
use crate::error::{Error, Result};
use crate::manifest::Manifest;

/// Links followed at most while looking at a path (Linux's own limit).
const MAX_LINK_HOPS: usize = 40;

/// A path opened for reading, told apart by what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ProfileView {
    /// The profile link, or a chain of links ending at one.
    Profile(Profile),
    /// `PROFILE-N-link` (or a link to one) next to its profile: one
    /// generation, read-only.
    Generation {
        /// The path as given.
        path: PathBuf,
        profile: Profile,
        generation: Generation,
    },
    /// A folder holding a manifest but no profile around it (a store
    /// path, a copy): read-only, no generations.
    Folder { path: PathBuf },
}

impl ProfileView {
    /// Tells what `path` is. `ProfileNotFound` when it leads to no profile
    /// and holds no manifest, since an empty list (what Nix prints there)
    /// would hide a mistyped path.
    pub fn open(path: &Path) -> Result<ProfileView> {
        if let Some(profile) = generations::resolve_profile(path) {
            return Ok(ProfileView::Profile(Profile { path: profile }));
        }
        if let Some((profile, number)) = owning_profile(path) {
            let generation = profile.generation(number)?;
            return Ok(ProfileView::Generation {
                path: path.to_path_buf(),
                profile,
                generation,
            });
        }
        if holds_manifest(path) {
            return Ok(ProfileView::Folder {
                path: path.to_path_buf(),
            });
        }
        Err(Error::ProfileNotFound {
            path: path.to_path_buf(),
        })
    }

    /// The profile the path is or belongs to; `None` for a folder.
    pub fn profile(&self) -> Option<&Profile> {
        match self {
            ProfileView::Profile(p) | ProfileView::Generation { profile: p, .. } => Some(p),
            ProfileView::Folder { .. } => None,
        }
    }

    /// The path a change may go to: the profile link, or why there is none.
    pub fn changeable(&self) -> Result<&Profile> {
        match self {
            ProfileView::Profile(p) => Ok(p),
            ProfileView::Generation {
                path,
                profile,
                generation,
            } => Err(Error::GenerationNotProfile {
                path: path.clone(),
                profile: profile.path.clone(),
                number: generation.number,
            }),
            ProfileView::Folder { path } => Err(Error::FolderNotProfile { path: path.clone() }),
        }
    }

    /// The path as shown to the user: the profile link, or the path given.
    pub fn path(&self) -> &Path {
        match self {
            ProfileView::Profile(p) => &p.path,
            ProfileView::Generation { path, .. } | ProfileView::Folder { path } => path,
        }
    }

    /// The generation to read: `number` of the profile when given, else
    /// the one the path shows (the profile's current one, the link's own).
    /// `None` for a folder, which has no generations to choose from.
    pub fn generation(&self, number: Option<u64>) -> Result<Option<Generation>> {
        match (self, number) {
            (ProfileView::Profile(p), None) => p.current_generation().map(Some),
            (ProfileView::Generation { generation, .. }, None) => Ok(Some(generation.clone())),
            (ProfileView::Profile(p) | ProfileView::Generation { profile: p, .. }, Some(n)) => {
                p.generation(n).map(Some)
            }
            (ProfileView::Folder { .. }, None) => Ok(None),
            (ProfileView::Folder { path }, Some(_)) => {
                Err(Error::FolderNotProfile { path: path.clone() })
            }
        }
    }

    /// Where the chosen generation's manifest is read from.
    pub fn manifest_dir(&self, number: Option<u64>) -> Result<PathBuf> {
        Ok(match self.generation(number)? {
            Some(g) => g.store_path,
            None => self.path().to_path_buf(),
        })
    }

    /// The manifest of generation `number`, or of what the path shows.
    pub fn manifest(&self, number: Option<u64>) -> Result<Manifest> {
        Manifest::read_dir(&self.manifest_dir(number)?)
    }
}

/// The profile and generation number of a generation link: `path`, or a
/// link on the way from it, named `PROFILE-N-link` next to a profile link
/// `PROFILE` that has such a generation.
fn owning_profile(path: &Path) -> Option<(Profile, u64)> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        if let Some(found) = generation_of(&current) {
            return Some(found);
        }
        let target = std::fs::read_link(&current).ok()?;
        current = absolute_from(&current, &target);
    }
    None
}

fn generation_of(link: &Path) -> Option<(Profile, u64)> {
    let name = link.file_name()?.to_str()?;
    // `profile-5-link` → `profile`: the profile's own name may hold
    // dashes and digits, so try each `-` from the right.
    let stem = name.strip_suffix("-link")?;
    let (profile_name, _) = stem.rsplit_once('-')?;
    let number = generations::generation_number(profile_name, name)?;
    let sibling = link.with_file_name(profile_name);
    let profile = generations::resolve_profile(&sibling).filter(|p| *p == sibling)?;
    Some((Profile { path: profile }, number))
}

/// True when `dir` (links followed) holds a manifest Nix reads.
fn holds_manifest(dir: &Path) -> bool {
    ["manifest.json", "manifest.nix"]
        .iter()
        .any(|m| dir.join(m).is_file())
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
