//! Writing a frozen flake into its folder without ever leaving half of one:
//! files are written into a staging folder inside the target (same file
//! system, so renames are atomic), Nix may work on them there, and only
//! then are they moved into place. Files the user already had stay as they
//! were unless the caller allowed overwriting these very names; a failure
//! while moving puts the old files back.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The files of a frozen flake, in the order they are moved into place.
pub const FROZEN_FILES: [&str; 3] = ["flake.lock", "README.md", "flake.nix"];

/// Replaces (or creates) the file `path` with `bytes` in one rename: into
/// a temporary file beside it first, so the file is never half there. An
/// existing file's permissions are kept.
pub(crate) fn replace_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, bytes)?;
    if let Ok(meta) = path.metadata() {
        std::fs::set_permissions(temp.path(), meta.permissions())?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A staging folder for a freeze into `target`.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: tempfile::TempDir,
    /// The outermost folder this freeze created (the target itself, or a
    /// parent of it that did not exist either), to remove on failure.
    created: Option<PathBuf>,
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        what: path.display().to_string(),
        source,
    }
}

impl Staging {
    /// Prepares a freeze into `target`: refuses a folder that holds anything
    /// unless `force` (then only [`FROZEN_FILES`] are replaced), creates the
    /// folder if needed, and makes the staging folder inside it.
    pub fn new(target: &Path, force: bool) -> Result<Staging> {
        let created = match std::fs::read_dir(target) {
            Ok(mut entries) => {
                if entries.next().is_some() && !force {
                    return Err(Error::FreezeTargetNotEmpty {
                        dir: target.to_owned(),
                    });
                }
                None
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let top = target
                    .ancestors()
                    .take_while(|a| !a.as_os_str().is_empty() && a.symlink_metadata().is_err())
                    .last()
                    .unwrap_or(target)
                    .to_owned();
                if let Err(e) = std::fs::create_dir_all(target) {
                    remove_created(target, &top);
                    return Err(write_error(target, e));
                }
                Some(top)
            }
            Err(e) => return Err(write_error(target, e)),
        };
        let dir = tempfile::Builder::new()
            .prefix(".frost-freeze-")
            .tempdir_in(target)
            .map_err(|e| {
                if let Some(top) = &created {
                    remove_created(target, top);
                }
                write_error(target, e)
            })?;
        Ok(Staging {
            target: target.to_owned(),
            dir,
            created,
        })
    }

    /// The staging folder, a flake folder Nix can be run on.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, contents: &str) -> Result<()> {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).map_err(|e| write_error(&path, e))
    }

    /// Moves `names` from the staging folder into the target. Existing
    /// files of those names are first moved aside; if any move fails, every
    /// file already moved is put back and the error returned.
    pub fn commit(self, names: &[&str]) -> Result<Vec<PathBuf>> {
        // Only files are replaced: a folder of that name is the user's.
        for name in names {
            let dest = self.target.join(name);
            if dest.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                return Err(write_error(
                    &dest,
                    std::io::Error::other(crate::i18n::gettext(
                        "a folder of this name is in the way",
                    )),
                ));
            }
        }
        let aside = self.dir.path().join(".previous");
        std::fs::create_dir(&aside).map_err(|e| write_error(&aside, e))?;
        let mut saved: Vec<&str> = Vec::new();
        let mut placed: Vec<&str> = Vec::new();
        let mut result = Ok(());
        for name in names {
            let dest = self.target.join(name);
            if dest.symlink_metadata().is_ok() {
                if let Err(e) = std::fs::rename(&dest, aside.join(name)) {
                    result = Err(write_error(&dest, e));
                    break;
                }
                saved.push(name);
            }
            if let Err(e) = std::fs::rename(self.dir.path().join(name), &dest) {
                result = Err(write_error(&dest, e));
                break;
            }
            placed.push(name);
        }
        if let Err(e) = result {
            for name in placed {
                let _ = std::fs::remove_file(self.target.join(name));
            }
            for name in saved {
                let _ = std::fs::rename(aside.join(name), self.target.join(name));
            }
            return Err(e);
        }
        Ok(names.iter().map(|n| self.target.join(n)).collect())
    }
}

/// Removes the empty folders from `target` up to `top`, which this freeze
/// created; stops at the first that holds something (someone else's file).
fn remove_created(target: &Path, top: &Path) {
    for dir in target.ancestors() {
        if std::fs::remove_dir(dir).is_err() || dir == top {
            break;
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // TempDir removes the staging folder; folders made for this freeze
        // and left empty (it failed, or its future was dropped: a cancel)
        // go too.
        if let Some(top) = &self.created {
            let empty = std::fs::read_dir(&self.target)
                .map(|mut d| d.all(|e| e.is_ok_and(|e| e.path() == self.dir.path())))
                .unwrap_or(false);
            if empty {
                let _ = std::fs::remove_dir_all(self.dir.path());
                remove_created(&self.target, top);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }

    /// Makes `path` unchangeable for this process, root included (root
    /// ignores permissions, not the immutable attribute); undone on drop.
    struct ReadOnly(PathBuf);

    impl ReadOnly {
        fn new(path: &Path) -> ReadOnly {
            if is_root() {
                let ok = std::process::Command::new("chattr")
                    .arg("+i")
                    .arg(path)
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "chattr +i {} failed", path.display());
            } else {
                let mode = if path.is_dir() { 0o555 } else { 0o444 };
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
                if let Some(parent) = path.parent().filter(|_| !path.is_dir()) {
                    std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o555))
                        .unwrap();
                }
            }
            ReadOnly(path.to_owned())
        }
    }

    impl Drop for ReadOnly {
        fn drop(&mut self) {
            if is_root() {
                let _ = std::process::Command::new("chattr")
                    .arg("-i")
                    .arg(&self.0)
                    .status();
            } else {
                let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
                if let Some(parent) = self.0.parent() {
                    let _ =
                        std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o755));
                }
            }
        }
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap_or_else(|_| "<dir>".into());
                (e.file_name().into_string().unwrap(), text)
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_folder_with_files_is_refused_without_force() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            Staging::new(dir.path(), false),
            Err(Error::FreezeTargetNotEmpty { .. })
        ));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["notes.txt"]);
    }

    #[test]
    fn force_replaces_only_the_frozen_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        std::fs::write(dir.path().join("flake.nix"), "old").unwrap();
        let s = Staging::new(dir.path(), true).unwrap();
        for n in FROZEN_FILES {
            s.write(n, &format!("new {n}")).unwrap();
        }
        let written = s.commit(&FROZEN_FILES).unwrap();
        assert_eq!(written.len(), 3);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("flake.nix")).unwrap(),
            "new flake.nix"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["README.md", "flake.lock", "flake.nix", "notes.txt"],
            "no staging left"
        );
    }

    #[test]
    fn a_new_folder_is_created_and_removed_again_on_failure() {
        let parent = tempfile::tempdir().unwrap();
        let target = parent.path().join("a/b");
        let s = Staging::new(&target, false).unwrap();
        s.write("flake.nix", "x").unwrap();
        drop(s);
        assert!(!target.exists());
        // `a` was made for the freeze as well.
        assert_eq!(listing(parent.path()), []);
    }

    #[test]
    fn only_the_folders_the_freeze_made_are_removed() {
        let parent = tempfile::tempdir().unwrap();
        std::fs::create_dir(parent.path().join("mine")).unwrap();
        let target = parent.path().join("mine/new/flake");
        let s = Staging::new(&target, false).unwrap();
        // Someone puts a file into a folder the freeze made, meanwhile.
        std::fs::write(parent.path().join("mine/new/theirs"), "keep").unwrap();
        drop(s);
        assert!(!target.exists());
        assert_eq!(
            std::fs::read_to_string(parent.path().join("mine/new/theirs")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn an_empty_folder_that_existed_stays_after_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::new(dir.path(), false).unwrap();
        s.write("flake.nix", "x").unwrap();
        drop(s);
        assert!(dir.path().is_dir());
        assert_eq!(listing(dir.path()), []);
    }

    #[test]
    fn a_failed_move_puts_the_old_files_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("flake.nix"), "old nix").unwrap();
        std::fs::write(dir.path().join("flake.lock"), "old lock").unwrap();
        let s = Staging::new(dir.path(), true).unwrap();
        s.write("flake.lock", "new lock").unwrap();
        // README.md is missing from the staging folder: its move fails
        // after flake.lock was moved.
        s.write("flake.nix", "new nix").unwrap();
        assert!(s.commit(&FROZEN_FILES).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("flake.nix")).unwrap(),
            "old nix"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("flake.lock")).unwrap(),
            "old lock"
        );
        assert!(!dir.path().join("README.md").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_read_only_folder_is_an_error_and_stays_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("flake.nix"), "old").unwrap();
        let before = listing(dir.path());
        {
            let _ro = ReadOnly::new(dir.path());
            assert!(matches!(
                Staging::new(dir.path(), true),
                Err(Error::Write { .. })
            ));
        }
        assert_eq!(listing(dir.path()), before);
    }

    #[test]
    fn a_failure_in_the_middle_of_moving_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("flake.lock"), "old lock").unwrap();
        std::fs::write(dir.path().join("flake.nix"), "old nix").unwrap();
        let before = listing(dir.path());
        let s = Staging::new(dir.path(), true).unwrap();
        for n in FROZEN_FILES {
            s.write(n, "new").unwrap();
        }
        // flake.lock and README.md move in; then flake.nix cannot move
        // aside.
        let result = {
            let _ro = ReadOnly::new(&dir.path().join("flake.nix"));
            s.commit(&FROZEN_FILES)
        };
        assert!(matches!(result, Err(Error::Write { .. })), "{result:?}");
        assert_eq!(listing(dir.path()), before);
    }

    #[test]
    fn a_folder_named_like_a_frozen_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("README.md")).unwrap();
        std::fs::write(dir.path().join("README.md/mine"), "keep").unwrap();
        let s = Staging::new(dir.path(), true).unwrap();
        for n in FROZEN_FILES {
            s.write(n, "new").unwrap();
        }
        assert!(s.commit(&FROZEN_FILES).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("README.md/mine")).unwrap(),
            "keep"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
