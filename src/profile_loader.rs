//! Reads a profile for the window. Everything here touches the disk, so the
//! window only calls it from background threads; the GTK main loop gets
//! plain, ready-to-show data back.

use std::path::{Path, PathBuf};

use frost_core::catalog::{name_order, SearchText};
use frost_core::commands::{shared_commands, SharedCommand};
use frost_core::describe::{DescribeCache, PackageInfo, PackageKind};
use frost_core::freeze::managed::{managed_state_on_disk, Managed};
use frost_core::history::History;
use frost_core::profile::{default_profile, NixEnvironment, Profile, ProfileView};
use frost_core::{Element, Error, Manifest, ManifestFormat};

/// What the window needs to show one profile, with every string that costs
/// work (translations, source descriptions, desktop files) already made.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    /// The profile link itself (`…/profiles/profile`), never `~/.nix-profile`;
    /// for a generation link or a folder holding a manifest, that path as
    /// given, which changes are refused for (the core says why).
    pub path: PathBuf,
    pub name: String,
    /// The person's own profile, the one `nix profile` changes when given
    /// no `--profile`: the header calls it "Installed".
    pub own: bool,
    /// Made by nix-env: no flake sources, so freezing has to guess.
    pub nix_env: bool,
    pub current_generation: Option<u64>,
    /// Every generation of the profile (of the generation link's profile),
    /// oldest first, and which is the profile's current one (even when a
    /// generation link is shown); empty and `None` for a folder.
    pub generations: Vec<u64>,
    pub profile_generation: Option<u64>,
    /// Sorted by section, then name.
    pub packages: Vec<Package>,
    /// Other profiles next to this one that Frost can show.
    pub siblings: Vec<PathBuf>,
    /// The frozen folder that manages the profile (`frost adopt`), if one
    /// does, and which elements are not in its flake.
    pub managed: Option<Managed>,
}

/// One element of the profile, as a row and the details page show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub element: Element,
    pub info: PackageInfo,
    /// The app's own name for apps ("Painter"), else the element's name.
    pub title: String,
    /// Where it came from, in words ("nixpkgs, revision 9693852, 2024-05-12").
    pub source: String,
    /// The same, short, for a row ("from nixpkgs").
    pub origin: String,
    /// Commands another package of the profile has too, and which runs.
    pub shared: Vec<SharedCommand>,
    pub search: SearchText,
    /// The profile is managed by a frozen folder and this element does not
    /// come from it (installed later from a terminal, say).
    pub not_in_flake: bool,
}

impl Package {
    pub fn with_info(element: Element, info: PackageInfo) -> Package {
        let title = match (info.kind, info.desktop_entries.first()) {
            (PackageKind::App, Some(app)) if !app.name.trim().is_empty() => app.name.clone(),
            _ => element.name.clone(),
        };
        Package {
            source: element.source_description(),
            origin: element.origin_in_words(),
            shared: Vec::new(),
            search: SearchText::new(&element, &info),
            not_in_flake: false,
            title,
            info,
            element,
        }
    }

    pub fn kind(&self) -> PackageKind {
        self.info.kind
    }
}

/// Why there is no list to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No profile anywhere, and no `nix` to make one.
    NixMissing,
    /// The user's own profile does not exist yet: nothing was installed.
    NoProfileYet { expected: PathBuf },
    /// Anything else, as the core's sentence; `file` is the file or folder
    /// it is about, for the report.
    Failed {
        message: String,
        file: Option<PathBuf>,
        /// Set when the profile's current generation cannot be read but
        /// the profile and its generations can: History may go back.
        damaged: Option<Damaged>,
    },
}

/// A profile whose current generation cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    /// The profile link, whose History lists the generations to go back to.
    pub profile: PathBuf,
    /// The exact error, for the Technical Details: the file and what is
    /// wrong in it, without the core's advice (the page gives its own).
    pub details: String,
}

impl LoadError {
    fn from_core(error: Error) -> LoadError {
        let file = match &error {
            Error::ProfileNotFound { path }
            | Error::GenerationNotProfile { path, .. }
            | Error::FolderNotProfile { path } => Some(path.clone()),
            Error::ManifestMissing { dir } => Some(dir.clone()),
            Error::Io { path, .. }
            | Error::ManifestCorrupt { path, .. }
            | Error::ManifestVersion { path, .. } => Some(path.clone()),
            _ => None,
        };
        LoadError::Failed {
            message: error.to_string(),
            file,
            damaged: None,
        }
    }

    /// The error of a profile whose current manifest is damaged or gone.
    fn damaged(error: Error, profile: &Path) -> LoadError {
        let details = match &error {
            Error::ManifestCorrupt { path, detail } => format!("{}: {detail}", path.display()),
            other => other.to_string(),
        };
        let damaged = matches!(
            error,
            Error::ManifestCorrupt { .. } | Error::ManifestMissing { .. }
        )
        .then(|| Damaged {
            profile: profile.to_path_buf(),
            details,
        });
        match LoadError::from_core(error) {
            LoadError::Failed { message, file, .. } => LoadError::Failed {
                message,
                file,
                damaged,
            },
            other => other,
        }
    }

    /// The profile whose History can go back to a generation that works.
    pub fn damaged_profile(&self) -> Option<&Damaged> {
        match self {
            LoadError::Failed { damaged, .. } => damaged.as_ref(),
            _ => None,
        }
    }

    /// The folder the error is about, without looking whether it exists.
    pub fn folder(&self) -> Option<PathBuf> {
        match self {
            LoadError::NoProfileYet { expected } => expected.parent().map(Path::to_path_buf),
            // Going back changes the profile's folder, not the damaged file's.
            LoadError::Failed {
                damaged: Some(d), ..
            } => d.profile.parent().map(Path::to_path_buf),
            LoadError::Failed { file: Some(f), .. } => f.parent().map(Path::to_path_buf),
            _ => None,
        }
    }

    /// The folder whose changes may fix this error (the profile appearing):
    /// the error's folder, or the nearest one above it that exists, since a
    /// first `nix profile install` also makes the profiles folder.
    pub fn folder_to_watch(&self) -> Option<PathBuf> {
        let folder = self.folder()?;
        folder
            .ancestors()
            .find(|dir| dir.is_dir())
            .map(Path::to_path_buf)
    }
}

/// Reads the profile at `path`, or the user's own profile (found the way
/// Nix finds it) when `None`.
pub fn load(path: Option<PathBuf>) -> Result<LoadedProfile, LoadError> {
    let path = match path {
        Some(path) => path,
        None => match default_profile(&NixEnvironment::from_process()) {
            Ok(path) => path,
            Err(Error::ProfileNotFound { .. }) if nix_on_path().is_none() => {
                return Err(LoadError::NixMissing);
            }
            Err(Error::ProfileNotFound { path }) => {
                return Err(LoadError::NoProfileYet { expected: path })
            }
            Err(other) => return Err(LoadError::from_core(other)),
        },
    };
    // A generation link or a folder holding a manifest shows read-only,
    // as `nix profile list` lists it, rather than as "no profile".
    let view = ProfileView::open(&path).map_err(LoadError::from_core)?;
    let generation = view.generation(None).map_err(LoadError::from_core)?;
    let dir = generation
        .as_ref()
        .map_or_else(|| view.path().to_path_buf(), |g| g.store_path.clone());
    let manifest = Manifest::read_dir(&dir).map_err(|e| match &view {
        // Only a profile's own link can go back; a generation link shown
        // by itself or a folder cannot.
        ProfileView::Profile(profile) if generation.is_some() => {
            LoadError::damaged(e, &profile.path)
        }
        _ => LoadError::from_core(e),
    })?;
    let (name, siblings) = match &view {
        ProfileView::Profile(profile) => (profile.name(), switcher(profile, false)),
        ProfileView::Generation { profile, .. } => {
            (file_name(view.path()), switcher(profile, true))
        }
        ProfileView::Folder { .. } => (file_name(view.path()), Vec::new()),
    };
    // Only for choosing a generation to freeze: none listed is no error.
    // One look at the profiles folder gives both the list and the current.
    let all = view
        .profile()
        .and_then(|p| p.generations().ok())
        .unwrap_or_default();
    let generations = all.iter().map(|g| g.number).collect();
    let profile_generation = all.iter().find(|g| g.current).map(|g| g.number);
    let own = matches!(&view, ProfileView::Profile(_))
        && default_profile(&NixEnvironment::from_process())
            .is_ok_and(|own| same_file(&own, view.path()));
    // Reads the flake.nix of the few folders elements came from.
    let managed = managed_state_on_disk(&manifest.elements);
    let nix_env = manifest.format == ManifestFormat::NixEnv;
    let mut packages = packages_of(manifest);
    if let Some(managed) = &managed {
        for package in &mut packages {
            package.not_in_flake = managed.not_in_flake.contains(&package.element.name);
        }
    }
    Ok(LoadedProfile {
        managed,
        name,
        own,
        generations,
        profile_generation,
        nix_env,
        current_generation: generation.map(|g| g.number),
        packages,
        siblings,
        path: view.path().to_path_buf(),
    })
}

/// The profiles the switcher offers: the profile's siblings, and the
/// profile itself when a generation of it is shown.
fn switcher(profile: &Profile, with_itself: bool) -> Vec<PathBuf> {
    // Only for the switcher: a folder we cannot list just offers none.
    let mut found = profile.siblings().unwrap_or_default();
    if with_itself {
        found.insert(0, profile.path.clone());
    }
    found
}

/// Whether two paths name the same file (or the same link).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a == b
        || match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Generation `number` of the profile at `path` (the profile, or a
/// generation link of it), read as [`load`] reads its link.
pub fn load_generation(path: &Path, number: u64) -> Result<LoadedProfile, LoadError> {
    let view = ProfileView::open(path).map_err(LoadError::from_core)?;
    let current = view.generation(None).map_err(LoadError::from_core)?;
    if current.is_some_and(|g| g.number == number) {
        return load(Some(path.to_path_buf()));
    }
    let generation = view
        .generation(Some(number))
        .map_err(LoadError::from_core)?;
    load(Some(
        generation.map_or_else(|| path.to_path_buf(), |g| g.link),
    ))
}

/// The history of the profile at `path` (a resolved profile link).
pub fn load_history(path: &Path) -> Result<History, String> {
    let profile = Profile::open(path).map_err(|e| e.to_string())?;
    History::read(&profile).map_err(|e| e.to_string())
}

/// The first `nix` on PATH, as a shell would find it.
pub fn nix_on_path() -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("nix"))
        .find(|nix| {
            std::fs::metadata(nix).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Rows in the order a software center shows them: apps, then tools, then
/// the rest, each by name ignoring case. What each package is comes from
/// the core's cache of store paths when it can (a store path never changes).
fn packages_of(manifest: Manifest) -> Vec<Package> {
    let mut cache = DescribeCache::open_default();
    let paths: Vec<&[String]> = manifest
        .elements
        .iter()
        .map(|e| e.store_paths.as_slice())
        .collect();
    let infos = cache.describe_all(&paths);
    // Only a shortcut for next time: a cache that cannot be written is fine.
    cache.save();
    let shared = shared_commands(
        manifest
            .elements
            .iter()
            .zip(&infos)
            .map(|(e, info)| (e, info.commands.as_slice())),
    );
    let mut packages: Vec<Package> = manifest
        .elements
        .into_iter()
        .zip(infos)
        .map(|(element, info)| {
            let mut package = Package::with_info(element, info);
            package.shared = shared
                .iter()
                .filter(|s| s.involves(&package.element.name))
                .cloned()
                .collect();
            package
        })
        .collect();
    packages.sort_by(|a, b| {
        a.kind()
            .section_order()
            .cmp(&b.kind().section_order())
            .then_with(|| name_order(&a.title, &b.title))
    });
    packages
}

#[cfg(test)]
mod tests;
