//! A frozen folder that manages a profile, moved forward with a preview
//! and a way back: [`update_folder`] keeps flake.lock byte for byte, runs
//! `nix flake update`, and reads every package of the flake again before
//! anything is installed, so a person sees each package's installed
//! version beside its new one; [`SavedLock::restore`] puts the old lock
//! back when they cancel. [`lock_folder`] locks an input that an edit
//! ([`super::edit`]) added. What the queue runs as
//! [`Operation::UpdateFolder`](crate::ops::Operation::UpdateFolder),
//! [`Operation::LockFolder`](crate::ops::Operation::LockFolder) and
//! [`Operation::RestoreLock`](crate::ops::Operation::RestoreLock).
//!
//! Nix is given the folder as a `path:` reference (percent-encoded, so
//! spaces and accents work). After an edit, a folder inside a Git work
//! tree gets flake.nix and flake.lock staged, so that Nix reading it as a
//! Git flake sees them too; an update stages nothing, so that putting the
//! lock back leaves Git's index as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::apply::RunNix;
use super::source::{read_flake, ApplySource, FlakePackage};
use crate::error::{Error, Result};
use crate::flakeref::path_url;
use crate::i18n::gettext_f;
use crate::nix::{NixSetup, NixVersion};
use crate::time::utc_date;

/// flake.lock as it was before an update, to put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedLock {
    pub dir: PathBuf,
    /// The bytes; `None` when the folder had no flake.lock.
    #[serde(skip)]
    pub bytes: Option<Vec<u8>>,
}

impl SavedLock {
    /// Reads `dir`'s flake.lock.
    pub fn take(dir: &Path) -> Result<SavedLock> {
        let path = dir.join("flake.lock");
        let bytes = match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(path, e)),
        };
        Ok(SavedLock {
            dir: dir.to_owned(),
            bytes,
        })
    }

    /// Puts the saved flake.lock back, byte for byte, in one rename (or
    /// removes the one an update made where there was none). Nothing is
    /// written when the file is as saved.
    pub fn restore(&self) -> Result<()> {
        let path = self.dir.join("flake.lock");
        let now = SavedLock::take(&self.dir)?;
        if now.bytes == self.bytes {
            return Ok(());
        }
        let written = match &self.bytes {
            Some(bytes) => super::write::replace_atomically(&path, bytes),
            None => std::fs::remove_file(&path),
        };
        written.map_err(|source| Error::Write {
            what: path.display().to_string(),
            source,
        })
    }
}

/// What an update does to one package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// The very store path it has now.
    Unchanged,
    /// Another store path (a new version, or the same built anew).
    Updated,
    /// The flake did not offer it before.
    Added,
    /// The flake does not offer it any more.
    Removed,
}

/// One package of an update's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageUpdate {
    pub name: String,
    /// The version the folder gave before the update: what a profile it
    /// manages has installed.
    pub installed_version: Option<String>,
    pub new_version: Option<String>,
    pub installed_path: Option<String>,
    pub new_path: Option<String>,
    pub change: Change,
}

/// An update's preview, and the lock to put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderUpdate {
    pub dir: PathBuf,
    pub system: String,
    /// Sorted by name.
    pub packages: Vec<PackageUpdate>,
    /// flake.lock before the update; [`SavedLock::restore`] undoes it.
    pub saved: SavedLock,
    /// What a commit of the update says (“Update nixpkgs to 2026-11-20”);
    /// `None` when no input moved.
    pub commit_message: Option<String>,
}

impl FolderUpdate {
    /// Whether the update changes any package.
    pub fn changes_anything(&self) -> bool {
        self.packages.iter().any(|p| p.change != Change::Unchanged)
    }
}

/// Each package before beside after, by name.
pub fn compare(before: &[FlakePackage], after: &[FlakePackage]) -> Vec<PackageUpdate> {
    let mut by_name: BTreeMap<&str, (Option<&FlakePackage>, Option<&FlakePackage>)> =
        BTreeMap::new();
    for p in before {
        by_name.entry(&p.name).or_default().0 = Some(p);
    }
    for p in after {
        by_name.entry(&p.name).or_default().1 = Some(p);
    }
    by_name
        .into_iter()
        .map(|(name, (old, new))| PackageUpdate {
            name: name.to_owned(),
            installed_version: old.and_then(|p| p.version.clone()),
            new_version: new.and_then(|p| p.version.clone()),
            installed_path: old.and_then(|p| p.out_path.clone()),
            new_path: new.and_then(|p| p.out_path.clone()),
            change: match (old, new) {
                (None, _) => Change::Added,
                (_, None) => Change::Removed,
                (Some(o), Some(n)) if o.out_path.is_some() && o.out_path == n.out_path => {
                    Change::Unchanged
                }
                _ => Change::Updated,
            },
        })
        .collect()
}

/// The inputs of the root of a flake.lock, each with its locked
/// attributes (`None` for an input that follows another).
fn root_inputs(lock: &serde_json::Value) -> BTreeMap<String, Option<&serde_json::Value>> {
    let nodes = &lock["nodes"];
    let root = lock["root"].as_str().unwrap_or("root");
    let Some(inputs) = nodes[root]["inputs"].as_object() else {
        return BTreeMap::new();
    };
    inputs
        .iter()
        .map(|(name, node)| {
            let locked = node.as_str().map(|n| &nodes[n]["locked"]);
            (name.clone(), locked)
        })
        .collect()
}

/// The commit message of an update that turned the flake.lock `old` into
/// `new`: the inputs that moved, each with its new revision's day
/// (“Update nixpkgs to 2026-11-20”); `None` when none moved or a lock is
/// not JSON.
pub fn update_message(old: &[u8], new: &[u8]) -> Option<String> {
    let old: serde_json::Value = serde_json::from_slice(old).ok()?;
    let new: serde_json::Value = serde_json::from_slice(new).ok()?;
    let before = root_inputs(&old);
    let moved: Vec<String> = root_inputs(&new)
        .into_iter()
        .filter(|(name, locked)| locked.is_some() && before.get(name) != Some(locked))
        .map(
            |(name, locked)| match locked.and_then(|l| l["lastModified"].as_u64()) {
                Some(secs) => gettext_f(
                    "{input} to {date}",
                    &[("input", &name), ("date", &utc_date(secs).to_string())],
                ),
                None => name,
            },
        )
        .collect();
    if moved.is_empty() {
        return None;
    }
    Some(gettext_f(
        "Update {inputs}",
        &[("inputs", &moved.join(", "))],
    ))
}

/// `nix flake update` of the folder `dir` (absolute), after reading what
/// it offers now, then what it offers after: nothing is installed. On a
/// failure or a cancel, flake.lock is put back as it was.
pub(crate) async fn update_folder(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    dir: &Path,
) -> Result<FolderUpdate> {
    let saved = SavedLock::take(dir)?;
    let source = ApplySource::Folder(dir.to_owned());
    let before = read_flake(nix, setup, &source).await?;
    let updated = async {
        let url = path_url(dir);
        let mut args = vec!["flake", "update"];
        // Since 2.19 the positional arguments are input names and the
        // flake is `--flake`.
        if version.at_least(2, 19) {
            args.push("--flake");
        }
        args.push(&url);
        nix.run(setup.command(args)).await?;
        let after = read_flake(nix, setup, &source).await?;
        if nix.cancelled() {
            return Err(Error::Cancelled);
        }
        Ok(after)
    }
    .await;
    match updated {
        Ok(after) => {
            let now = SavedLock::take(dir)?;
            let commit_message = match (&saved.bytes, &now.bytes) {
                (Some(old), Some(new)) => update_message(old, new),
                _ => None,
            };
            Ok(FolderUpdate {
                dir: dir.to_owned(),
                system: after.system,
                packages: compare(&before.packages, &after.packages),
                saved,
                commit_message,
            })
        }
        Err(e) => {
            saved.restore()?;
            Err(e)
        }
    }
}

/// Locks what flake.nix names and flake.lock does not yet (an input an
/// edit added); what is locked stays as it is. In a Git work tree,
/// flake.nix and flake.lock are staged.
pub(crate) async fn lock_folder(nix: &mut impl RunNix, setup: &NixSetup, dir: &Path) -> Result<()> {
    super::git::stage(dir, &["flake.nix"]).await?;
    let url = path_url(dir);
    nix.run(setup.command(["flake", "lock", url.as_str()]))
        .await?;
    super::git::stage(dir, &["flake.lock"]).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::Outputs;

    fn pkg(name: &str, version: &str, path: &str) -> FlakePackage {
        FlakePackage {
            name: name.into(),
            pname: name.into(),
            version: Some(version.into()),
            out_path: Some(path.into()),
            outputs: Outputs::Default,
        }
    }

    #[test]
    fn each_package_is_unchanged_updated_added_or_removed() {
        let before = [
            pkg("hello", "2.12.1", "/nix/store/a-hello-2.12.1"),
            pkg("7zip", "24.08", "/nix/store/b-7zip-24.08"),
            pkg("old", "1", "/nix/store/c-old-1"),
        ];
        let after = [
            pkg("hello", "2.12.2", "/nix/store/d-hello-2.12.2"),
            pkg("7zip", "24.08", "/nix/store/b-7zip-24.08"),
            pkg("new", "1", "/nix/store/e-new-1"),
        ];
        let lines = compare(&before, &after);
        let got: Vec<(&str, Change, Option<&str>, Option<&str>)> = lines
            .iter()
            .map(|l| {
                (
                    l.name.as_str(),
                    l.change,
                    l.installed_version.as_deref(),
                    l.new_version.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("7zip", Change::Unchanged, Some("24.08"), Some("24.08")),
                ("hello", Change::Updated, Some("2.12.1"), Some("2.12.2")),
                ("new", Change::Added, None, Some("1")),
                ("old", Change::Removed, Some("1"), None),
            ]
        );
    }

    #[test]
    fn a_saved_lock_comes_back_byte_for_byte_or_goes_again() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("mein Ordner é");
        std::fs::create_dir(&d).unwrap();
        let none = SavedLock::take(&d).unwrap();
        assert_eq!(none.bytes, None);
        let original = b"{\n  \"nodes\": {}\n}\r\n\xc3\xa9".to_vec();
        std::fs::write(d.join("flake.lock"), &original).unwrap();
        let saved = SavedLock::take(&d).unwrap();
        std::fs::write(d.join("flake.lock"), "changed").unwrap();
        saved.restore().unwrap();
        assert_eq!(std::fs::read(d.join("flake.lock")).unwrap(), original);
        none.restore().unwrap();
        assert!(!d.join("flake.lock").exists());
        none.restore().unwrap();
    }

    fn lock(rev: &str, modified: u64, tools: &str) -> String {
        format!(
            r#"{{"nodes":{{"nixpkgs":{{"locked":{{"lastModified":{modified},"rev":"{rev}","type":"git"}}}},
            "tools":{{"locked":{{"lastModified":1700000000,"rev":"{tools}","type":"git"}}}},
            "root":{{"inputs":{{"nixpkgs":"nixpkgs","tools":"tools","other":["nixpkgs"]}}}}}},
            "root":"root","version":7}}"#
        )
    }

    #[test]
    fn an_updates_message_names_the_inputs_that_moved_with_their_day() {
        let old = lock("a", 1_700_000_000, "t");
        // 2026-11-20 12:00 UTC.
        let new = lock("b", 1_795_176_000, "t");
        assert_eq!(
            update_message(old.as_bytes(), new.as_bytes()).as_deref(),
            Some("Update nixpkgs to 2026-11-20")
        );
        let both = lock("b", 1_795_176_000, "u");
        assert_eq!(
            update_message(old.as_bytes(), both.as_bytes()).as_deref(),
            Some("Update nixpkgs to 2026-11-20, tools to 2023-11-14")
        );
        assert_eq!(update_message(old.as_bytes(), old.as_bytes()), None);
        assert_eq!(update_message(b"not json", old.as_bytes()), None);
    }
}
