//! Reads a profile for the window. Everything here touches the disk, so the
//! window only ever calls [`load`] from a background thread; the GTK main loop
//! gets plain, ready-to-show data back.

use std::path::PathBuf;

use frost_core::profile::{default_profile, NixEnvironment, Profile};
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

/// Reads the profile at `path`, or the user's own profile (found the way
/// Nix finds it) when `None`.
pub fn load(path: Option<PathBuf>) -> Result<LoadedProfile, Error> {
    let path = match path {
        Some(path) => path,
        None => default_profile(&NixEnvironment::from_process())?,
    };
    let profile = Profile::open(&path)?;
    let manifest = profile.manifest(None)?;
    Ok(LoadedProfile {
        name: profile.name(),
        packages: packages_of(manifest),
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

#[cfg(test)]
mod tests {
    use super::*;
    use frost_testkit::{FixtureProfile, FIXTURE_ELEMENTS};

    #[test]
    fn fixture_rows_come_sorted_with_versions_and_sources() {
        let fixture = FixtureProfile::build().unwrap_or_else(|e| panic!("{e}"));
        let loaded = load(Some(fixture.profile.clone())).unwrap_or_else(|e| panic!("{e}"));

        assert_eq!(loaded.name, "profile");
        let names: Vec<&str> = loaded
            .packages
            .iter()
            .map(|p| p.element.name.as_str())
            .collect();
        assert_eq!(names, FIXTURE_ELEMENTS);

        let hello = &loaded.packages[3];
        assert_eq!(hello.element.version.as_deref(), Some("2.12.1"));
        assert!(
            hello
                .source
                .starts_with(&format!("local folder {}", fixture.nixpkgs.display())),
            "{}",
            hello.source
        );
        let cowsay = &loaded.packages[1];
        assert_eq!(cowsay.source, "no source recorded");
    }

    #[test]
    fn names_sort_ignoring_case() {
        let element = |name: &str| Element {
            name: name.into(),
            origin: frost_core::element::Origin::StorePath,
            attr_path: None,
            original_ref: None,
            locked_ref: None,
            outputs: frost_core::Outputs::Default,
            priority: frost_core::element::DEFAULT_PRIORITY,
            active: true,
            store_paths: vec![],
            pname: name.into(),
            version: None,
        };
        let manifest = Manifest {
            format: frost_core::ManifestFormat::Json { version: 3 },
            elements: ["zed", "Alacritty", "bat", "Bat"].map(element).to_vec(),
        };
        let names: Vec<String> = packages_of(manifest)
            .into_iter()
            .map(|p| p.element.name)
            .collect();
        assert_eq!(names, ["Alacritty", "Bat", "bat", "zed"]);
    }

    #[test]
    fn a_missing_profile_is_reported_by_path() {
        let missing = std::env::temp_dir().join("frost-gui-no-such-profile");
        match load(Some(missing.clone())) {
            Err(Error::ProfileNotFound { path }) => assert_eq!(path, missing),
            other => panic!("expected ProfileNotFound, got {other:?}"),
        }
    }
}
