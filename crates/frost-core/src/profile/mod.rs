//! Finding profiles and reading their generations.
//!
//! A profile is a link `PROFILE -> PROFILE-N-link -> /nix/store/…`; each
//! `PROFILE-N-link` next to it is a generation. The user's `~/.nix-profile`
//! is a link to the profile, not the profile itself.

mod discover;
mod generations;
mod nix_conf;
mod view;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use discover::{
    default_profile, profile_link, profiles_dir, use_xdg_base_directories, NixEnvironment,
    DEFAULT_NIX_CONF_DIR, DEFAULT_NIX_STATE_DIR,
};
pub use generations::Generation;
pub use view::ProfileView;

use crate::error::{Error, Result};
use crate::manifest::Manifest;

/// nix-channel keeps its channels in a profile next to the user's; it holds
/// channel sources, not packages, so it is no choice in a profile switcher.
const CHANNELS_PROFILE: &str = "channels";

/// An opened profile. `path` is the profile link itself, never a
/// `~/.nix-profile`-style link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub path: PathBuf,
}

impl Profile {
    /// Opens the profile at `path`: the profile link, or any chain of links
    /// ending at one (`~/.nix-profile`, `/nix/var/nix/profiles/default`).
    /// A generation link or a folder holding a manifest can be read (see
    /// [`ProfileView`]) but is no profile: the error says what it is.
    pub fn open(path: &Path) -> Result<Profile> {
        match ProfileView::open(path)? {
            ProfileView::Profile(profile) => Ok(profile),
            other => other.changeable().cloned(),
        }
    }

    /// The profile's own name: `profile`, `default`, `work`.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Every generation, oldest first.
    pub fn generations(&self) -> Result<Vec<Generation>> {
        generations::find_generations(&self.path)
    }

    /// The generation the profile points at now.
    pub fn current_generation(&self) -> Result<Generation> {
        self.generations()?
            .into_iter()
            .find(|g| g.current)
            .ok_or_else(|| Error::ProfileNotFound {
                path: self.path.clone(),
            })
    }

    pub fn generation(&self, number: u64) -> Result<Generation> {
        self.generations()?
            .into_iter()
            .find(|g| g.number == number)
            .ok_or_else(|| Error::GenerationNotFound {
                profile: self.path.clone(),
                number,
            })
    }

    /// The manifest of a generation; `None` means the current one.
    pub fn manifest(&self, generation: Option<u64>) -> Result<Manifest> {
        match generation {
            Some(n) => self.generation(n)?,
            None => self.current_generation()?,
        }
        .manifest()
    }

    /// The other profiles in this profile's folder that Frost can show: links
    /// to their own generations whose current generation holds a manifest
    /// (so not NixOS's `system` or Home Manager's profile), without
    /// nix-channel's `channels`. Sorted by path.
    pub fn siblings(&self) -> Result<Vec<PathBuf>> {
        let dir = generations::profile_dir(&self.path);
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        let own_name = self.path.file_name();
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| Some(e.file_name().as_os_str()) != own_name)
            .filter(|e| e.file_name() != CHANNELS_PROFILE)
            .map(|e| e.path())
            .filter(|p| is_package_profile(p))
            .collect();
        found.sort();
        Ok(found)
    }
}

fn is_package_profile(path: &Path) -> bool {
    if generations::current_number(path).is_none() {
        return false;
    }
    // The link points at a generation link, which points at the store path.
    ["manifest.json", "manifest.nix"]
        .iter()
        .any(|m| path.join(m).exists())
}

#[cfg(test)]
mod tests;
