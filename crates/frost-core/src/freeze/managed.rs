//! Whether a profile is managed by a frozen folder, told from the profile
//! alone: no state file beside it that could drift. After `frost adopt`,
//! each managed element was installed from the folder (`path:DIR` or
//! `git+file://DIR`, attribute `packages.<system>.<name>`), and the folder's
//! flake.nix carries [`FROZEN_MARKER`]. The folder most elements come from
//! wins; elements from anywhere else (installed later from a terminal, say)
//! are *not in your flake*.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::render::FROZEN_MARKER;
use crate::element::Element;
use crate::flakeref::FlakeRefKind;
use crate::ops::Operation;

/// The folder that manages a profile, and which elements it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Managed {
    /// The folder, as the elements record it.
    pub folder: PathBuf,
    /// Elements installed from the folder, by name.
    pub in_flake: Vec<String>,
    /// Elements installed from elsewhere, by name.
    pub not_in_flake: Vec<String>,
}

impl Managed {
    /// `operation` as it runs on the profile this folder manages: one
    /// package installed without a priority (a priority is the profile's,
    /// not the flake's) goes into the folder's flake.nix
    /// ([`Operation::AddToManaged`]); a removal of packages the flake holds
    /// takes them out of it ([`Operation::RemoveFromManaged`]). Anything
    /// else is returned as it is. The one rule the CLI and the window share.
    pub fn route(&self, operation: Operation) -> Operation {
        match operation {
            Operation::Install {
                profile,
                mut refs,
                priority: None,
            } if refs.len() == 1 => Operation::AddToManaged {
                profile,
                dir: self.folder.clone(),
                reference: refs.remove(0),
            },
            Operation::Remove { profile, names }
                if names.iter().any(|n| self.in_flake.contains(n)) =>
            {
                Operation::RemoveFromManaged {
                    profile,
                    dir: self.folder.clone(),
                    names,
                }
            }
            other => other,
        }
    }
}

/// The folder on this machine an element was installed from, as a flake
/// (`path:` or `git+file:`, with its `dir=`), when it was.
pub fn element_folder(e: &Element) -> Option<PathBuf> {
    let r = e.original_ref.as_deref().or(e.locked_ref.as_deref())?;
    if !matches!(r.kind, FlakeRefKind::Path { .. } | FlakeRefKind::Git { .. }) {
        return None;
    }
    let mut folder = PathBuf::from(r.local_folder()?);
    if let Some(dir) = r.dir() {
        folder.push(dir);
    }
    Some(folder)
}

/// Whether `e` was installed from `folder` as one of its packages
/// (`packages.<system>.<name>`, the only output a frozen flake has).
pub(crate) fn from_folder(e: &Element, folder: &Path) -> bool {
    e.attr_path
        .as_deref()
        .is_some_and(|a| a.starts_with("packages."))
        && element_folder(e).is_some_and(|f| f == folder)
}

/// Which folder manages `elements`, if any: of the folders elements were
/// installed from as packages, the one most come from among those
/// `is_frozen` accepts (ties: the first path in order). Pure;
/// [`managed_state_on_disk`] asks the disk.
pub fn managed_state(elements: &[Element], is_frozen: impl Fn(&Path) -> bool) -> Option<Managed> {
    let mut counts: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for e in elements {
        if let Some(folder) = element_folder(e) {
            if from_folder(e, &folder) {
                *counts.entry(folder).or_default() += 1;
            }
        }
    }
    let mut candidates: Vec<(PathBuf, usize)> = counts.into_iter().collect();
    // Stable: equal counts keep the path order.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.1));
    let folder = candidates
        .into_iter()
        .map(|(f, _)| f)
        .find(|f| is_frozen(f))?;
    let (inside, outside): (Vec<&Element>, Vec<&Element>) =
        elements.iter().partition(|e| from_folder(e, &folder));
    Some(Managed {
        in_flake: inside.iter().map(|e| e.name.clone()).collect(),
        not_in_flake: outside.iter().map(|e| e.name.clone()).collect(),
        folder,
    })
}

/// Whether the flake.nix in `dir` was written by `frost freeze`.
pub fn holds_frozen_flake(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("flake.nix")).is_ok_and(|text| is_frozen_flake(&text))
}

/// Whether `text` (a flake.nix) was written by `frost freeze`.
pub fn is_frozen_flake(text: &str) -> bool {
    text.contains(FROZEN_MARKER)
}

/// [`managed_state`], reading each candidate folder's flake.nix.
pub fn managed_state_on_disk(elements: &[Element]) -> Option<Managed> {
    managed_state(elements, holds_frozen_flake)
}

/// `path` with the home folder written `~`, as a person reads it.
pub fn home_shortened(path: &Path) -> String {
    match std::env::var_os("HOME") {
        Some(home) => home_shortened_in(path, Path::new(&home)),
        None => path.display().to_string(),
    }
}

/// `path` with `home` written `~`: `~/…` inside it, and `~` for the home
/// folder itself (the folder entry of the freeze wizard reads both back).
pub fn home_shortened_in(path: &Path, home: &Path) -> String {
    match path.strip_prefix(home) {
        Ok(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
        Ok(rest) => format!("~/{}", rest.display()),
        Err(_) => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::element::{Origin, Outputs};
    use crate::FlakeRef;

    fn element(name: &str, url: Option<&str>, attr: &str) -> Element {
        let r = url.map(|u| Arc::new(FlakeRef::parse(u).unwrap()));
        Element {
            name: name.into(),
            origin: if r.is_some() {
                Origin::Flake
            } else {
                Origin::StorePath
            },
            attr_path: r.as_ref().map(|_| attr.to_owned()),
            original_ref: r.clone(),
            locked_ref: r,
            outputs: Outputs::Default,
            priority: 5,
            active: true,
            store_paths: vec![format!("/nix/store/x-{name}")],
            pname: name.into(),
            version: None,
        }
    }

    #[test]
    fn the_folder_most_elements_come_from_manages_the_profile() {
        let frozen = |f: &Path| f != Path::new("/src/tool");
        let elements = [
            element("a", Some("path:/home/me/flake"), "packages.x86_64-linux.a"),
            element("b", Some("path:/home/me/flake"), "packages.x86_64-linux.b"),
            element("c", Some("git+file:///src/tool"), "packages.x86_64-linux.c"),
            element("d", Some("git+file:///src/tool"), "packages.x86_64-linux.d"),
            element("e", Some("git+file:///src/tool"), "packages.x86_64-linux.e"),
            element(
                "htop",
                Some("path:/home/me/flake"),
                "legacyPackages.x86_64-linux.htop",
            ),
            element("cowsay", None, ""),
        ];
        let m = managed_state(&elements, frozen).unwrap();
        // /src/tool has more, but holds no flake Frost wrote.
        assert_eq!(m.folder, Path::new("/home/me/flake"));
        assert_eq!(m.in_flake, ["a", "b"]);
        assert_eq!(m.not_in_flake, ["c", "d", "e", "htop", "cowsay"]);

        let m = managed_state(&elements, |_| true).unwrap();
        assert_eq!(m.folder, Path::new("/src/tool"));
        assert_eq!(m.in_flake, ["c", "d", "e"]);
        assert!(managed_state(&elements, |_| false).is_none());
        assert!(managed_state(&[], |_| true).is_none());
    }

    #[test]
    fn encoded_folders_and_git_urls_are_the_same_folder() {
        let elements = [
            element(
                "a",
                Some("path:/home/me/mein%20Profil%20%C3%A9"),
                "packages.x86_64-linux.a",
            ),
            element(
                "b",
                Some("git+file:///home/me/mein%20Profil%20%C3%A9"),
                "packages.x86_64-linux.b",
            ),
        ];
        let m = managed_state(&elements, |_| true).unwrap();
        assert_eq!(m.folder, Path::new("/home/me/mein Profil é"));
        assert_eq!(m.in_flake, ["a", "b"]);
        assert!(m.not_in_flake.is_empty());
    }

    #[test]
    fn the_home_folder_is_written_with_a_tilde() {
        let home = Path::new("/home/ann");
        assert_eq!(
            home_shortened_in(Path::new("/home/ann/Mes flakes/profil"), home),
            "~/Mes flakes/profil"
        );
        assert_eq!(home_shortened_in(Path::new("/home/ann"), home), "~");
        assert_eq!(home_shortened_in(Path::new("/home/ann/"), home), "~");
        assert_eq!(
            home_shortened_in(Path::new("/home/anna/x"), home),
            "/home/anna/x"
        );
        assert_eq!(home_shortened_in(Path::new("/srv/x"), home), "/srv/x");
    }

    #[test]
    fn only_frosts_flakes_carry_the_marker() {
        assert!(is_frozen_flake(&format!("{{ x = {FROZEN_MARKER} }}")));
        assert!(!is_frozen_flake(
            "{ outputs = { self, nixpkgs }: { packages = { }; }; }"
        ));
    }

    #[test]
    fn installs_of_one_package_and_removals_of_its_packages_go_through_the_flake() {
        let m = Managed {
            folder: PathBuf::from("/home/me/flake"),
            in_flake: vec!["a".into()],
            not_in_flake: vec!["c".into()],
        };
        let profile = PathBuf::from("/p");
        let install = |refs: &[&str], priority| Operation::Install {
            profile: profile.clone(),
            refs: refs.iter().map(|r| r.to_string()).collect(),
            priority,
        };
        assert_eq!(
            m.route(install(&["nixpkgs#hello"], None)),
            Operation::AddToManaged {
                profile: profile.clone(),
                dir: m.folder.clone(),
                reference: "nixpkgs#hello".into(),
            }
        );
        // A priority is the profile's; several at once are the caller's to split.
        let plain = install(&["nixpkgs#hello"], Some(3));
        assert_eq!(m.route(plain.clone()), plain);
        let two = install(&["nixpkgs#hello", "nixpkgs#jq"], None);
        assert_eq!(m.route(two.clone()), two);

        let remove = |names: &[&str]| Operation::Remove {
            profile: profile.clone(),
            names: names.iter().map(|n| n.to_string()).collect(),
        };
        assert_eq!(
            m.route(remove(&["a", "c"])),
            Operation::RemoveFromManaged {
                profile: profile.clone(),
                dir: m.folder.clone(),
                names: vec!["a".into(), "c".into()],
            }
        );
        // Nothing of the flake's: flake.nix is not touched.
        assert_eq!(m.route(remove(&["c"])), remove(&["c"]));
    }
}
