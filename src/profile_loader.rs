//! Reads a profile for the window. Everything here touches the disk, so the
//! window only ever calls [`load`] from a background thread; the GTK main loop
//! gets plain, ready-to-show data back.

use std::path::PathBuf;

use frost_core::{Element, Error, Manifest};

/// What the window needs to show one profile, with every string that costs
/// work (translations, source descriptions) already made.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub name: String,
    pub packages: Vec<Package>,
}

/// One element of the profile, as a row shows it.
#[derive(Debug, Clone)]
pub struct Package {
    pub element: Element,
    /// Where it came from, in words ("nixpkgs, revision 9693852, 2024-05-12").
    pub source: String,
}

/// Reads the profile at `path`, or the user's default profile when `None`.
pub fn load(path: Option<PathBuf>) -> Result<LoadedProfile, Error> {
    // TEMPORARY: frost-core's profile module is still a stub; this resolves
    // the profile link by hand until `Profile::open` lands.
    let path = match path {
        Some(path) => path,
        None => {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".nix-profile")
        }
    };
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(Error::ProfileNotFound { path });
    }
    let generation = std::fs::canonicalize(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let manifest = Manifest::read_dir(&generation)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(LoadedProfile {
        packages: packages_of(manifest),
        name,
    })
}

/// Rows in the order people look for them: by name, ignoring case.
fn packages_of(manifest: Manifest) -> Vec<Package> {
    let mut packages: Vec<Package> = manifest
        .elements
        .into_iter()
        .map(|element| Package {
            source: element.source_description(),
            element,
        })
        .collect();
    packages.sort_by_cached_key(|p| (p.element.name.to_lowercase(), p.element.name.clone()));
    packages
}
