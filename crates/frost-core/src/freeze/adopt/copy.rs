//! Adopting a flake reference that is no folder here (`github:me/profile`,
//! a Git URL, a tarball): a managed profile needs a folder Frost can edit,
//! so Nix fetches the flake (`nix flake prefetch --json`) and Frost puts it
//! into a new folder — a clone at the locked revision when the reference
//! is a Git repository (so its history comes along), else a copy of the
//! fetched source, flake.nix and flake.lock byte for byte. An adopt that
//! fails afterwards removes the folder again ([`NewFolder::remove`]).

use std::path::{Path, PathBuf};

use super::super::apply::RunNix;
use super::super::ask;
use super::super::git::clone_at;
use super::super::lock::{ref_from_attrs, typed_value, LockAttrs, LockValue};
use super::super::target::default_target;
use crate::error::{Error, Result};
use crate::flakeref::{FlakeRef, FlakeRefKind};
use crate::i18n::gettext;
use crate::nix::NixSetup;

/// A folder made for the copy: removed again when the adopt fails.
#[derive(Debug)]
pub(crate) struct NewFolder {
    pub path: PathBuf,
    /// It was there already, empty: only what was put in it goes.
    existed: bool,
}

impl NewFolder {
    /// `into`, or `~/nix-profile-flake` (numbered when taken); a folder that
    /// holds anything is refused, never written into.
    fn claim(into: Option<&Path>) -> Result<NewFolder> {
        let path = match into {
            Some(dir) => std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned()),
            None => {
                let home = std::env::var_os("HOME")
                    .filter(|h| !h.is_empty())
                    .ok_or_else(|| Error::Write {
                        what: gettext("the copy of the flake"),
                        source: std::io::Error::other(gettext(
                            "HOME is not set, so there is no home folder to copy the flake to; choose a folder with --into",
                        )),
                    })?;
                default_target(Path::new(&home))
            }
        };
        match std::fs::read_dir(&path) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(Error::AdoptIntoNotEmpty { dir: path });
                }
                Ok(NewFolder {
                    path,
                    existed: true,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if path.symlink_metadata().is_ok() {
                    // A dangling link or a file by that name.
                    return Err(Error::AdoptIntoNotEmpty { dir: path });
                }
                Ok(NewFolder {
                    path,
                    existed: false,
                })
            }
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Takes the folder back to how it was: gone, or empty again.
    pub(crate) fn remove(&self) {
        if !self.existed {
            let _ = std::fs::remove_dir_all(&self.path);
            return;
        }
        if let Ok(entries) = std::fs::read_dir(&self.path) {
            for entry in entries.flatten() {
                let p = entry.path();
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                let _ = if is_dir {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
        }
    }
}

/// The flake copied into its new folder.
#[derive(Debug)]
pub(crate) struct Copied {
    pub folder: NewFolder,
    /// Where flake.nix is: the folder, or its `dir=` subfolder.
    pub flake_dir: PathBuf,
}

/// Where Git can clone a locked reference from, the branch, and the
/// commit; `None` for a source that is not a Git repository.
fn git_origin(
    locked: &FlakeRef,
    original: Option<&FlakeRef>,
) -> Option<(String, Option<String>, String)> {
    let rev = locked.rev()?.to_owned();
    let branch = original
        .and_then(FlakeRef::git_ref)
        .or_else(|| locked.git_ref())
        .map(|r| r.strip_prefix("refs/heads/").unwrap_or(r).to_owned())
        .filter(|r| !r.starts_with("refs/") && r != "HEAD");
    let host = |default: &str| locked.attr("host").unwrap_or(default).to_owned();
    let url = match &locked.kind {
        FlakeRefKind::Git { url } => url.clone(),
        FlakeRefKind::Github { owner, repo } => {
            format!("https://{}/{owner}/{repo}.git", host("github.com"))
        }
        FlakeRefKind::Gitlab { owner, repo } => {
            format!("https://{}/{owner}/{repo}.git", host("gitlab.com"))
        }
        FlakeRefKind::Sourcehut { owner, repo } => {
            format!("https://{}/{owner}/{repo}", host("git.sr.ht"))
        }
        _ => return None,
    };
    Some((url, branch, rev))
}

/// The attributes of a JSON object Nix printed (`locked`, `original`).
fn attrs_of(v: Option<&serde_json::Value>) -> Option<FlakeRef> {
    let mut attrs = LockAttrs::new();
    for (k, v) in v?.as_object()? {
        let value = match v {
            serde_json::Value::String(s) => typed_value(k, s),
            serde_json::Value::Bool(b) => LockValue::Bool(*b),
            serde_json::Value::Number(n) => LockValue::Int(n.as_u64()?),
            _ => continue,
        };
        attrs.insert(k.clone(), value);
    }
    ref_from_attrs(&attrs)
}

/// Copies the tree `from` (in the Nix store, read-only) into the empty
/// folder `to`: files writable by their owner, links as links.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(|e| Error::io(&source, e))?;
        if kind.is_symlink() {
            let link = std::fs::read_link(&source).map_err(|e| Error::io(&source, e))?;
            std::os::unix::fs::symlink(&link, &target).map_err(|e| Error::io(&target, e))?;
        } else if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else {
            std::fs::copy(&source, &target).map_err(|e| Error::io(&source, e))?;
            let mut mode = std::fs::metadata(&target)
                .map_err(|e| Error::io(&target, e))?
                .permissions();
            mode.set_mode(mode.mode() | 0o200);
            std::fs::set_permissions(&target, mode).map_err(|e| Error::io(&target, e))?;
        }
    }
    let mut mode = std::fs::metadata(to)
        .map_err(|e| Error::io(to, e))?
        .permissions();
    mode.set_mode(mode.mode() | 0o700);
    std::fs::set_permissions(to, mode).map_err(|e| Error::io(to, e))
}

/// Whether flake.nix and flake.lock in `dir` are byte for byte those of
/// `fetched`.
fn same_flake(dir: &Path, fetched: &Path) -> bool {
    ["flake.nix", "flake.lock"].iter().all(|f| {
        match (std::fs::read(dir.join(f)), std::fs::read(fetched.join(f))) {
            (Ok(a), Ok(b)) => a == b,
            (Err(a), Err(b)) => {
                a.kind() == std::io::ErrorKind::NotFound && b.kind() == std::io::ErrorKind::NotFound
            }
            _ => false,
        }
    })
}

/// Fetches the flake `source` through Nix and puts it into a new folder
/// (`into`, or `~/nix-profile-flake`, numbered), as the module says.
pub(crate) async fn copy_flake(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    source: &str,
    into: Option<&Path>,
) -> Result<Copied> {
    let folder = NewFolder::claim(into)?;
    // `nix flake prefetch` asks the registries even for a direct
    // reference, and the global one is online: only a registry name needs
    // them.
    let indirect =
        FlakeRef::parse(source).is_ok_and(|r| matches!(r.kind, FlakeRefKind::Indirect { .. }));
    let mut args = vec!["flake", "prefetch", "--json"];
    if !indirect {
        args.extend(["--option", "flake-registry", ""]);
    }
    args.push(source);
    let v = ask::json(nix, setup, args).await?;
    let unreadable = || Error::AdoptCopyDiffers {
        source: source.to_owned(),
    };
    let store_path = PathBuf::from(
        v.get("storePath")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(unreadable)?,
    );
    let locked = attrs_of(v.get("locked")).ok_or_else(unreadable)?;
    let original = attrs_of(v.get("original"));
    let sub = locked.dir().map(str::to_owned);
    let fetched = match &sub {
        Some(d) => store_path.join(d),
        None => store_path.clone(),
    };
    let filled = async {
        match git_origin(&locked, original.as_ref()) {
            Some((url, branch, rev)) => {
                clone_at(&url, &folder.path, branch.as_deref(), &rev).await?
            }
            None => copy_tree(&store_path, &folder.path)?,
        }
        let flake_dir = match &sub {
            Some(d) => folder.path.join(d),
            None => folder.path.clone(),
        };
        if !same_flake(&flake_dir, &fetched) {
            return Err(unreadable());
        }
        Ok(flake_dir)
    };
    // A clone of a large repository can take long: Cancel drops it, which
    // ends Git (kill_on_drop), and the new folder goes with it.
    let filled = tokio::select! {
        filled = filled => filled,
        () = nix.until_cancelled() => Err(Error::Cancelled),
    };
    match filled {
        Ok(flake_dir) => Ok(Copied { folder, flake_dir }),
        Err(e) => {
            folder.remove();
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> FlakeRef {
        FlakeRef::parse(text).unwrap()
    }

    #[test]
    fn git_sources_are_cloned_from_their_repository_at_the_locked_commit() {
        let rev = "9693852a2070b398ee123a329e68f0dab5526681";
        let locked = r(&format!("github:me/profile/{rev}"));
        assert_eq!(
            git_origin(&locked, Some(&r("github:me/profile/main"))),
            Some((
                "https://github.com/me/profile.git".to_owned(),
                Some("main".to_owned()),
                rev.to_owned()
            ))
        );
        let locked = r(&format!(
            "git+file:///srv/mein%20Profil.git?ref=refs/heads/next&rev={rev}"
        ));
        assert_eq!(
            git_origin(&locked, None),
            Some((
                "file:///srv/mein%20Profil.git".to_owned(),
                Some("next".to_owned()),
                rev.to_owned()
            ))
        );
        let locked = r(&format!("gitlab:me/profile/{rev}?host=git.example.org"));
        assert_eq!(
            git_origin(&locked, None).map(|o| o.0),
            Some("https://git.example.org/me/profile.git".to_owned())
        );
        // Not a repository: copied instead.
        assert_eq!(
            git_origin(&r("https://example.org/p.tar.gz?narHash=sha256-x"), None),
            None
        );
    }
}
