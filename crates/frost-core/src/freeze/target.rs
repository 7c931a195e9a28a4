//! Where a freeze goes: the folder offered by default, and what choosing a
//! folder would do to it, so the wizard can say so before anything is
//! written.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::write::FROZEN_FILES;

/// The name of the folder offered in the home folder.
pub const DEFAULT_FOLDER: &str = "nix-profile-flake";

/// Whether anything (a file, a folder, a dangling link) has this name.
fn taken(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// The folder to offer in `home`: `nix-profile-flake`, or the first of
/// `nix-profile-flake-2`, `-3`, … that does not exist yet, so a new freeze
/// never lands on an earlier one.
pub fn default_target(home: &Path) -> PathBuf {
    let first = home.join(DEFAULT_FOLDER);
    if !taken(&first) {
        return first;
    }
    (2u64..)
        .map(|n| home.join(format!("{DEFAULT_FOLDER}-{n}")))
        .find(|p| !taken(p))
        // The range is endless and only a finite number of names exist.
        .unwrap_or(first)
}

/// What a freeze into a folder would do to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum TargetState {
    /// The folder does not exist: the freeze creates it (and removes it
    /// again if it fails or is cancelled).
    New,
    /// It exists and is empty.
    Empty,
    /// It holds something: writing needs the user's consent (`--force`).
    /// `replaced` are the frozen files already there, which the freeze
    /// would replace; everything else stays as it is.
    NotEmpty { replaced: Vec<String> },
    /// It exists but is not a folder, or cannot be read.
    Unusable { message: String },
}

impl TargetState {
    /// Whether writing there replaces or adds to what the user has.
    pub fn needs_consent(&self) -> bool {
        matches!(self, TargetState::NotEmpty { .. })
    }
}

/// What a freeze into `dir` would do to it. The frozen files are listed
/// in the order a person reads them: flake.nix, flake.lock, README.md.
pub fn target_state(dir: &Path) -> TargetState {
    let mut entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return TargetState::New,
        Err(e) => {
            return TargetState::Unusable {
                message: e.to_string(),
            }
        }
    };
    if entries.next().is_none() {
        return TargetState::Empty;
    }
    TargetState::NotEmpty {
        replaced: replaced_files(dir),
    }
}

/// The files a freeze writes that already exist in `dir`.
pub fn replaced_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<&str> = FROZEN_FILES.to_vec();
    names.sort_by_key(|n| match *n {
        "flake.nix" => 0,
        "flake.lock" => 1,
        _ => 2,
    });
    names
        .into_iter()
        .filter(|n| taken(&dir.join(n)))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_folder_is_numbered_when_taken() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        assert_eq!(default_target(h), h.join("nix-profile-flake"));
        std::fs::create_dir(h.join("nix-profile-flake")).unwrap();
        assert_eq!(default_target(h), h.join("nix-profile-flake-2"));
        // A file of that name takes it too, and so does a dangling link.
        std::fs::write(h.join("nix-profile-flake-2"), "x").unwrap();
        std::os::unix::fs::symlink("/nonexistent", h.join("nix-profile-flake-3")).unwrap();
        assert_eq!(default_target(h), h.join("nix-profile-flake-4"));
    }

    #[test]
    fn a_folder_says_which_files_would_be_replaced() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("Mein Profil é");
        assert_eq!(target_state(&dir), TargetState::New);
        std::fs::create_dir(&dir).unwrap();
        assert_eq!(target_state(&dir), TargetState::Empty);
        assert!(!target_state(&dir).needs_consent());
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert_eq!(
            target_state(&dir),
            TargetState::NotEmpty { replaced: vec![] }
        );
        std::fs::write(dir.join("README.md"), "old").unwrap();
        std::fs::write(dir.join("flake.nix"), "old").unwrap();
        let state = target_state(&dir);
        assert!(state.needs_consent());
        assert_eq!(
            state,
            TargetState::NotEmpty {
                replaced: vec!["flake.nix".into(), "README.md".into()]
            }
        );
        std::fs::write(dir.join("flake.lock"), "old").unwrap();
        assert_eq!(
            replaced_files(&dir),
            ["flake.nix", "flake.lock", "README.md"]
        );
    }

    #[test]
    fn a_file_is_no_folder_to_freeze_into() {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(target_state(&file), TargetState::Unusable { .. }));
    }
}
