//! A profile's generations, found the way Nix's `findGenerations`
//! (src/libstore/profiles.cc) finds them: every `PROFILE-N-link` next to the
//! profile link, dated by the link's own mtime; the current one is the
//! generation the profile link points at.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::Serialize;

use super::discover::absolute_from;
use crate::error::{Error, Result};

/// One generation of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generation {
    pub number: u64,
    /// `…/profile-3-link`.
    pub link: PathBuf,
    /// What the link points at: `/nix/store/<hash>-profile`, holding the
    /// generation's manifest.
    pub store_path: PathBuf,
    /// When the generation was made: the link's mtime, in Unix seconds.
    pub created: u64,
    /// The profile points at this generation.
    pub current: bool,
}

impl Generation {
    /// This generation's manifest, read from its store path (no need to
    /// look the generation up in its profile again).
    pub fn manifest(&self) -> crate::Result<crate::Manifest> {
        crate::Manifest::read_dir(&self.store_path)
    }
}

/// Links followed at most while looking for a profile (Linux's own limit).
const MAX_LINK_HOPS: usize = 40;

/// The generation number in `file_name` if it is `PROFILE-N-link`.
///
/// Nix accepts anything after the first `-link` (`profile-3-link~` counts as
/// generation 3); Frost wants the whole name, so a backup copy next to the
/// profile cannot pose as a second generation 3.
pub(crate) fn generation_number(profile_name: &str, file_name: &str) -> Option<u64> {
    let digits = file_name
        .strip_prefix(profile_name)?
        .strip_prefix('-')?
        .strip_suffix("-link")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn file_name(path: &Path) -> Option<&str> {
    path.file_name()?.to_str()
}

/// The number of the generation `profile` points at, if it points at one of
/// its own `PROFILE-N-link` siblings.
pub(crate) fn current_number(profile: &Path) -> Option<u64> {
    let target = std::fs::read_link(profile).ok()?;
    // Nix writes the target relative; an absolute one must still be a sibling.
    if target.components().count() > 1 {
        let absolute = absolute_from(profile, &target);
        let own_dir = absolute_from(profile, Path::new("."));
        if absolute.parent() != Some(own_dir.as_path()) {
            return None;
        }
    }
    generation_number(file_name(profile)?, file_name(&target)?)
}

/// Follows `start` through links until it reaches a profile: a link whose
/// target is one of its own generations. `None` when the chain ends anywhere
/// else (a folder, a store path, nothing), loops, or runs too long.
pub(crate) fn resolve_profile(start: &Path) -> Option<PathBuf> {
    let mut path = start.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        let target = std::fs::read_link(&path).ok()?;
        if let Some(n) = current_number(&path) {
            let profile_name = file_name(&path)?;
            let generation = path.with_file_name(format!("{profile_name}-{n}-link"));
            if std::fs::symlink_metadata(generation).is_ok() {
                return Some(path);
            }
        }
        path = absolute_from(&path, &target);
    }
    None
}

/// The folder a profile's generations live in (`.` for a bare name).
pub(crate) fn profile_dir(profile: &Path) -> PathBuf {
    match profile.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// All generations of `profile`, by number.
pub(crate) fn find_generations(profile: &Path) -> Result<Vec<Generation>> {
    let Some(name) = file_name(profile) else {
        return Err(Error::ProfileNotFound {
            path: profile.to_path_buf(),
        });
    };
    let dir = profile_dir(profile);
    let current = current_number(profile);
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut generations = Vec::new();
    for entry in entries.flatten() {
        let entry_name = entry.file_name();
        let Some(number) = entry_name.to_str().and_then(|n| generation_number(name, n)) else {
            continue;
        };
        let link = entry.path();
        // Gone since the listing (a concurrent `wipe-history`): not a generation.
        let Ok(meta) = std::fs::symlink_metadata(&link) else {
            continue;
        };
        let created = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        // Nix also counts a generation that is a plain folder; its manifest
        // is then in the folder itself.
        let store_path = match std::fs::read_link(&link) {
            Ok(target) => absolute_from(&link, &target),
            Err(_) => link.clone(),
        };
        generations.push(Generation {
            number,
            link,
            store_path,
            created,
            current: Some(number) == current,
        });
    }
    generations.sort_by_key(|g| g.number);
    Ok(generations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn generation_names() {
        assert_eq!(generation_number("profile", "profile-12-link"), Some(12));
        assert_eq!(generation_number("profile", "profile-0-link"), Some(0));
        assert_eq!(generation_number("default", "default-3-link"), Some(3));
        assert_eq!(generation_number("profile", "profile-1-link~"), None);
        assert_eq!(generation_number("profile", "profile--link"), None);
        assert_eq!(generation_number("profile", "profile-+1-link"), None);
        assert_eq!(generation_number("profile", "profile-x-link"), None);
        assert_eq!(generation_number("profile", "other-1-link"), None);
        assert_eq!(
            generation_number("profile", "profile-99999999999999999999-link"),
            None
        );
        // `foo` must not claim the generations of `foo-bar`.
        assert_eq!(generation_number("foo", "foo-bar-1-link"), None);
    }

    #[test]
    fn resolves_through_links_and_rejects_non_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("store")).unwrap();
        symlink(d.join("store"), d.join("profile-1-link")).unwrap();
        symlink("profile-1-link", d.join("profile")).unwrap();
        symlink(d.join("profile"), d.join("default")).unwrap();
        symlink("default", d.join("user-link")).unwrap();
        assert_eq!(
            resolve_profile(&d.join("user-link")),
            Some(d.join("profile"))
        );
        assert_eq!(resolve_profile(&d.join("profile")), Some(d.join("profile")));
        // A generation link, a folder, a dangling link and a loop are no profiles.
        assert_eq!(resolve_profile(&d.join("profile-1-link")), None);
        assert_eq!(resolve_profile(&d.join("store")), None);
        symlink("nowhere", d.join("dangling")).unwrap();
        assert_eq!(resolve_profile(&d.join("dangling")), None);
        symlink("loop-b", d.join("loop-a")).unwrap();
        symlink("loop-a", d.join("loop-b")).unwrap();
        assert_eq!(resolve_profile(&d.join("loop-a")), None);
        // Pointing at a generation that was deleted.
        symlink("gone-2-link", d.join("gone")).unwrap();
        assert_eq!(resolve_profile(&d.join("gone")), None);
    }

    #[test]
    fn absolute_generation_target_must_be_a_sibling() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a")).unwrap();
        std::fs::create_dir_all(d.join("b")).unwrap();
        symlink(d.join("b"), d.join("a/p-4-link")).unwrap();
        symlink(d.join("a/p-4-link"), d.join("a/p")).unwrap();
        assert_eq!(current_number(&d.join("a/p")), Some(4));
        symlink(d.join("a/p-4-link"), d.join("b/p")).unwrap();
        assert_eq!(current_number(&d.join("b/p")), None);
    }

    #[test]
    fn lists_only_own_generations_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (n, target) in [(10, "s10"), (2, "s2"), (1, "s1")] {
            std::fs::create_dir(d.join(target)).unwrap();
            symlink(d.join(target), d.join(format!("profile-{n}-link"))).unwrap();
        }
        symlink(d.join("s1"), d.join("other-5-link")).unwrap();
        symlink("profile-2-link", d.join("profile")).unwrap();
        let gens = find_generations(&d.join("profile")).unwrap();
        let numbers: Vec<u64> = gens.iter().map(|g| g.number).collect();
        assert_eq!(numbers, [1, 2, 10]);
        let current: Vec<u64> = gens
            .iter()
            .filter(|g| g.current)
            .map(|g| g.number)
            .collect();
        assert_eq!(current, [2]);
        assert_eq!(gens[2].store_path, d.join("s10"));
        assert_eq!(gens[0].link, d.join("profile-1-link"));
    }
}
