//! What applying a flake would do to a profile, before anything changes:
//! the flake's packages beside the profile's elements, in four groups —
//! *will be added*, *already installed* (the very store path), *different
//! version here* (installed → incoming) and *only in your profile*.
//! [`compare`] is pure; [`preview`] reads the flake through Nix (what
//! [`Operation::PreviewApply`](crate::ops::Operation::PreviewApply) runs,
//! and `frost apply --dry-run`).

use std::path::Path;

use serde::Serialize;

use super::apply::RunNix;
use super::source::{read_flake_as, ApplySource, FlakePackage};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::nix::NixSetup;
use crate::profile::ProfileView;

/// One line of a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewPackage {
    /// The flake's name for the package; for *only in your profile*, the
    /// element's.
    pub name: String,
    /// The profile's element it matches (`None` for *will be added*).
    pub element: Option<String>,
    pub installed_version: Option<String>,
    pub incoming_version: Option<String>,
    /// The incoming store path (for *only in your profile*, the element's
    /// first).
    pub store_path: Option<String>,
}

/// The flake's packages beside the profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestorePreview {
    /// The folder or flake reference, as given.
    pub source: String,
    /// The system whose packages were read.
    pub system: String,
    /// For a flake reference, the reference locked to the revision that
    /// was read (`nix flake metadata`'s `url`): applying it installs what
    /// the preview showed, even if the reference has moved on since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<String>,
    pub will_be_added: Vec<PreviewPackage>,
    /// Incoming packages whose store path the profile has already.
    pub already_installed: Vec<PreviewPackage>,
    /// Incoming packages the profile has at another store path (another
    /// version, or the same version built from other sources).
    pub different_version: Vec<PreviewPackage>,
    /// Elements the flake does not offer: an apply keeps them, a replace
    /// removes them.
    pub only_in_profile: Vec<PreviewPackage>,
}

impl RestorePreview {
    /// Every package the flake offers, by its name, sorted.
    pub fn package_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .will_be_added
            .iter()
            .chain(&self.already_installed)
            .chain(&self.different_version)
            .map(|p| p.name.clone())
            .collect();
        names.sort();
        names
    }

    /// What to apply for the packages this preview showed: the locked
    /// reference when there is one, else `given` (a folder is read where
    /// it is).
    pub fn apply_source(&self, given: &ApplySource) -> ApplySource {
        match &self.locked {
            Some(url) => ApplySource::Flake(url.clone()),
            None => given.clone(),
        }
    }

    /// The preview of applying only the packages `only` (all when empty);
    /// the elements stay as they are. Names the flake lacks are an error
    /// that lists those it has.
    pub fn only(&self, only: &[String]) -> Result<RestorePreview> {
        if only.is_empty() {
            return Ok(self.clone());
        }
        check_names(&self.source, only, &self.package_names())?;
        let keep = |list: &[PreviewPackage]| -> Vec<PreviewPackage> {
            list.iter()
                .filter(|p| only.contains(&p.name))
                .cloned()
                .collect()
        };
        Ok(RestorePreview {
            source: self.source.clone(),
            system: self.system.clone(),
            locked: self.locked.clone(),
            will_be_added: keep(&self.will_be_added),
            already_installed: keep(&self.already_installed),
            different_version: keep(&self.different_version),
            only_in_profile: self.only_in_profile.clone(),
        })
    }
}

/// Fails when `only` names packages that are not in `available`.
pub(crate) fn check_names(source: &str, only: &[String], available: &[String]) -> Result<()> {
    let mut unknown: Vec<String> = only
        .iter()
        .filter(|n| !available.contains(n))
        .cloned()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    unknown.dedup();
    Err(Error::ApplyUnknownPackages {
        source: source.to_owned(),
        names: unknown,
        available: available.to_vec(),
    })
}

/// Whether an element and a package belong together, by one measure.
type Rule<'a> = dyn Fn(&Element, &FlakePackage) -> bool + 'a;

/// Puts `packages` beside `elements`. Each package is matched with at most
/// one element, and each element with at most one package: first the
/// element that holds the package's very store path (one of the same name
/// first), then an element of the same name, then one of the same package
/// name (`pname`).
pub fn compare(
    source: &str,
    system: &str,
    packages: &[FlakePackage],
    elements: &[Element],
) -> RestorePreview {
    let mut taken = vec![false; elements.len()];
    let mut matched: Vec<Option<usize>> = vec![None; packages.len()];
    let holds = |e: &Element, p: &FlakePackage| {
        p.out_path
            .as_ref()
            .is_some_and(|path| e.store_paths.contains(path))
    };
    let rules: [&Rule; 4] = [
        &|e, p| holds(e, p) && e.name == p.name,
        &|e, p| holds(e, p),
        &|e, p| e.name == p.name,
        &|e, p| e.pname == p.pname,
    ];
    for rule in rules {
        for (i, p) in packages.iter().enumerate() {
            if matched[i].is_some() {
                continue;
            }
            if let Some(j) = (0..elements.len()).find(|&j| !taken[j] && rule(&elements[j], p)) {
                taken[j] = true;
                matched[i] = Some(j);
            }
        }
    }
    let mut preview = RestorePreview {
        source: source.to_owned(),
        system: system.to_owned(),
        ..RestorePreview::default()
    };
    for (p, m) in packages.iter().zip(&matched) {
        let element = m.map(|j| &elements[j]);
        let line = PreviewPackage {
            name: p.name.clone(),
            element: element.map(|e| e.name.clone()),
            installed_version: element.and_then(|e| e.version.clone()),
            incoming_version: p.version.clone(),
            store_path: p.out_path.clone(),
        };
        match element {
            None => preview.will_be_added.push(line),
            Some(e) if holds(e, p) => preview.already_installed.push(line),
            Some(_) => preview.different_version.push(line),
        }
    }
    for (e, _) in elements.iter().zip(&taken).filter(|(_, t)| !**t) {
        preview.only_in_profile.push(PreviewPackage {
            name: e.name.clone(),
            element: Some(e.name.clone()),
            installed_version: e.version.clone(),
            incoming_version: None,
            store_path: e.store_paths.first().cloned(),
        });
    }
    for list in [
        &mut preview.will_be_added,
        &mut preview.already_installed,
        &mut preview.different_version,
        &mut preview.only_in_profile,
    ] {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    preview
}

/// The elements of `profile`'s current generation; none when there is no
/// profile there yet (an apply makes it).
pub(crate) fn current_elements(profile: &Path) -> Result<Vec<Element>> {
    match ProfileView::open(profile) {
        Ok(view) => Ok(view.manifest(None)?.elements),
        Err(Error::ProfileNotFound { .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// For a flake reference, the same flake locked to the revision Nix finds
/// now (`nix flake metadata --json` gives it as `url`; before Nix 2.20 as
/// `lockedUrl`). `None` for a folder, which is read where it is.
pub(crate) async fn lock_reference(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    source: &ApplySource,
) -> Result<Option<String>> {
    let ApplySource::Flake(reference) = source else {
        return Ok(None);
    };
    let args = [
        "flake",
        "metadata",
        "--json",
        "--no-write-lock-file",
        reference.as_str(),
    ];
    let v = super::ask::json(nix, setup, args).await?;
    Ok(["url", "lockedUrl"]
        .iter()
        .find_map(|key| v[key].as_str())
        .map(str::to_owned))
}

/// Reads the flake of `source` through Nix and puts its packages beside
/// `profile`'s. A flake reference is locked first and read at that lock
/// (see [`RestorePreview::locked`]). Changes nothing.
pub(crate) async fn preview(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    source: &ApplySource,
    profile: &Path,
) -> Result<RestorePreview> {
    let elements = current_elements(profile)?;
    let locked = lock_reference(nix, setup, source).await?;
    let read = locked
        .clone()
        .map_or_else(|| source.clone(), ApplySource::Flake);
    let contents = read_flake_as(nix, setup, &read, &source.to_string()).await?;
    let mut preview = compare(
        &source.to_string(),
        &contents.system,
        &contents.packages,
        &elements,
    );
    preview.locked = locked;
    Ok(preview)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::{Origin, Outputs};

    fn element(name: &str, pname: &str, version: &str, path: &str) -> Element {
        Element {
            name: name.into(),
            origin: Origin::Flake,
            attr_path: None,
            original_ref: None,
            locked_ref: None,
            outputs: Outputs::Default,
            priority: 5,
            active: true,
            store_paths: vec![path.into()],
            pname: pname.into(),
            version: Some(version.into()),
        }
    }

    fn package(name: &str, pname: &str, version: &str, path: &str) -> FlakePackage {
        FlakePackage {
            name: name.into(),
            pname: pname.into(),
            version: Some(version.into()),
            out_path: Some(path.into()),
            outputs: Outputs::Default,
        }
    }

    fn names(list: &[PreviewPackage]) -> Vec<&str> {
        list.iter().map(|p| p.name.as_str()).collect()
    }

    /// The branch fixture: hello and 7zip from a nixpkgs-like flake,
    /// hello-1 from a tool flake; the flake moved hello to 2.12.2 and has
    /// no 7zip.
    #[test]
    fn the_four_groups() {
        let elements = [
            element("7zip", "7zip", "24.08", "/nix/store/z-7zip-24.08"),
            element("hello", "hello", "2.12.1", "/nix/store/a-hello-2.12.1"),
            element("hello-1", "hello", "1.0", "/nix/store/t-hello-1.0"),
        ];
        let packages = [
            package("hello", "hello", "2.12.2", "/nix/store/b-hello-2.12.2"),
            package("hello-1", "hello", "1.0", "/nix/store/t-hello-1.0"),
            package("ripgrep", "ripgrep", "14.1", "/nix/store/r-ripgrep-14.1"),
        ];
        let p = compare("/f", "x86_64-linux", &packages, &elements);
        assert_eq!(names(&p.will_be_added), ["ripgrep"]);
        assert_eq!(names(&p.already_installed), ["hello-1"]);
        assert_eq!(names(&p.different_version), ["hello"]);
        assert_eq!(names(&p.only_in_profile), ["7zip"]);
        let hello = &p.different_version[0];
        assert_eq!(hello.element.as_deref(), Some("hello"));
        assert_eq!(hello.installed_version.as_deref(), Some("2.12.1"));
        assert_eq!(hello.incoming_version.as_deref(), Some("2.12.2"));
        assert_eq!(p.will_be_added[0].element, None);
        assert_eq!(
            p.only_in_profile[0].store_path.as_deref(),
            Some("/nix/store/z-7zip-24.08")
        );
    }

    #[test]
    fn the_store_path_wins_over_the_name() {
        // The flake calls it `hi`; the profile has it as `hello`, and an
        // older `hi` of its own.
        let elements = [
            element("hello", "hello", "2.12.1", "/nix/store/a-hello-2.12.1"),
            element("hi", "hi", "0.1", "/nix/store/h-hi-0.1"),
        ];
        let packages = [package(
            "hi",
            "hello",
            "2.12.1",
            "/nix/store/a-hello-2.12.1",
        )];
        let p = compare("/f", "s", &packages, &elements);
        assert_eq!(p.already_installed[0].element.as_deref(), Some("hello"));
        assert_eq!(names(&p.only_in_profile), ["hi"]);
    }

    #[test]
    fn a_package_name_matches_when_the_names_differ() {
        let elements = [element(
            "rg",
            "ripgrep",
            "13.0",
            "/nix/store/o-ripgrep-13.0",
        )];
        let packages = [package(
            "ripgrep",
            "ripgrep",
            "14.1",
            "/nix/store/n-ripgrep-14.1",
        )];
        let p = compare("/f", "s", &packages, &elements);
        assert_eq!(p.different_version[0].element.as_deref(), Some("rg"));
        assert!(p.only_in_profile.is_empty() && p.will_be_added.is_empty());
    }

    #[test]
    fn an_empty_profile_gets_everything() {
        let packages = [
            package("b", "b", "1", "/nix/store/b-b-1"),
            package("a", "a", "1", "/nix/store/a-a-1"),
        ];
        let p = compare("/f", "s", &packages, &[]);
        assert_eq!(names(&p.will_be_added), ["a", "b"]);
    }

    #[test]
    fn only_keeps_the_named_packages_and_refuses_unknown_ones() {
        let elements = [element("7zip", "7zip", "24.08", "/nix/store/z-7zip-24.08")];
        let packages = [
            package("hello", "hello", "2.12.2", "/nix/store/b-hello-2.12.2"),
            package("ripgrep", "ripgrep", "14.1", "/nix/store/r-ripgrep-14.1"),
        ];
        let p = compare("/f", "s", &packages, &elements);
        let only = p.only(&["ripgrep".into()]).unwrap();
        assert_eq!(names(&only.will_be_added), ["ripgrep"]);
        assert_eq!(names(&only.only_in_profile), ["7zip"]);
        assert_eq!(p.only(&[]).unwrap(), p);
        match p.only(&["ripgrep".into(), "nope".into()]) {
            Err(Error::ApplyUnknownPackages {
                names, available, ..
            }) => {
                assert_eq!(names, ["nope"]);
                assert_eq!(available, ["hello", "ripgrep"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_json_names_the_groups() {
        let packages = [package("a", "a", "1", "/nix/store/a-a-1")];
        let v = serde_json::to_value(compare("/f", "s", &packages, &[])).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "source": "/f",
                "system": "s",
                "willBeAdded": [{
                    "name": "a", "element": null, "installedVersion": null,
                    "incomingVersion": "1", "storePath": "/nix/store/a-a-1"
                }],
                "alreadyInstalled": [],
                "differentVersion": [],
                "onlyInProfile": [],
            })
        );
    }
}
