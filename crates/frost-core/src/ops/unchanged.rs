//! What an operation must find as it was before Nix is tried again after a
//! transient failure (see [`crate::nix::busy`]): a change that may have
//! happened once must not happen twice. An evaluation changes nothing and
//! is always tried again; a profile change only while the profile's
//! generation and manifest are as they were before the failed try; a flake
//! operation only while its flake.lock is.

use std::path::{Path, PathBuf};

use super::operation::{Lane, Operation};

#[derive(Debug, Clone)]
pub(crate) enum Guarded {
    Nothing,
    /// The profile link: which generation it points at, and its manifest.
    Profile(PathBuf),
    /// A flake's lock file.
    Lock(PathBuf),
}

/// What [`Guarded`] looked like at one moment; equal snapshots mean
/// nothing changed in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot(Vec<Option<Vec<u8>>>);

impl Guarded {
    pub(crate) fn of(op: &Operation) -> Guarded {
        match op.lane() {
            Some(Lane::Profile(profile)) => Guarded::Profile(profile),
            Some(Lane::Flake(dir)) => Guarded::Lock(dir.join("flake.lock")),
            None => Guarded::Nothing,
        }
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        let read = |p: &Path| std::fs::read(p).ok();
        Snapshot(match self {
            Guarded::Nothing => Vec::new(),
            Guarded::Profile(profile) => vec![
                std::fs::read_link(profile)
                    .ok()
                    .map(|t| t.into_os_string().into_encoded_bytes()),
                // Read through the link: the current generation's manifest.
                read(&profile.join("manifest.json")),
                read(&profile.join("manifest.nix")),
            ],
            Guarded::Lock(lock) => vec![read(lock)],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_new_generation_or_lock_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for n in [1, 2] {
            std::fs::create_dir(d.join(format!("s{n}"))).unwrap();
            std::fs::write(d.join(format!("s{n}/manifest.json")), format!("{n}")).unwrap();
            symlink(d.join(format!("s{n}")), d.join(format!("profile-{n}-link"))).unwrap();
        }
        symlink("profile-1-link", d.join("profile")).unwrap();
        let watched = Guarded::Profile(d.join("profile"));
        let before = watched.snapshot();
        assert_eq!(watched.snapshot(), before);
        std::fs::remove_file(d.join("profile")).unwrap();
        symlink("profile-2-link", d.join("profile")).unwrap();
        assert_ne!(watched.snapshot(), before);

        let lock = Guarded::Lock(d.join("flake.lock"));
        let before = lock.snapshot();
        std::fs::write(d.join("flake.lock"), "{}").unwrap();
        assert_ne!(lock.snapshot(), before);
        assert_eq!(Guarded::Nothing.snapshot(), Guarded::Nothing.snapshot());
    }
}
