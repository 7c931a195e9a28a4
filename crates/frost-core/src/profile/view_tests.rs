//! What each kind of path opens as, over synthetic trees of links in a
//! temporary folder. The same kinds made by real Nix are compared with
//! `nix profile list` in tests/profile_paths.rs.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use super::*;

/// `profile -> profile-2-link`, generations 1 and 2, each a store folder
/// whose manifest.json names its generation.
fn tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    std::fs::create_dir_all(d.join("profiles")).unwrap();
    for n in [1, 2] {
        let store = d.join(format!("store/gen{n}"));
        std::fs::create_dir_all(&store).unwrap();
        std::fs::write(
            store.join("manifest.json"),
            format!(r#"{{"version":3,"elements":{{"p{n}":{{"active":true,"priority":5,"storePaths":["/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-p{n}-1.0"]}}}}}}"#),
        )
        .unwrap();
        symlink(&store, d.join(format!("profiles/my-work-{n}-link"))).unwrap();
    }
    symlink("my-work-2-link", d.join("profiles/my-work")).unwrap();
    (dir, d)
}

fn names(view: &ProfileView, generation: Option<u64>) -> Vec<String> {
    let manifest = view.manifest(generation).unwrap();
    manifest.elements.iter().map(|e| e.name.clone()).collect()
}

fn profile_at(path: &Path) -> Profile {
    Profile {
        path: path.to_path_buf(),
    }
}

#[test]
fn profile_link_and_links_to_it_open_the_profile() {
    let (_dir, d) = tree();
    symlink(d.join("profiles/my-work"), d.join("home-link")).unwrap();
    for path in [d.join("profiles/my-work"), d.join("home-link")] {
        let view = ProfileView::open(&path).unwrap();
        assert_eq!(
            view,
            ProfileView::Profile(profile_at(&d.join("profiles/my-work")))
        );
        assert!(view.changeable().is_ok());
        assert_eq!(names(&view, None), ["p2"]);
        assert_eq!(names(&view, Some(1)), ["p1"]);
    }
}

#[test]
fn generation_link_belongs_to_its_profile_and_is_read_only() {
    let (_dir, d) = tree();
    // A name with dashes and digits of its own: `my-work`, generation 1.
    let link = d.join("profiles/my-work-1-link");
    symlink(&link, d.join("to-gen")).unwrap();
    for path in [link.clone(), d.join("to-gen")] {
        let view = ProfileView::open(&path).unwrap();
        let ProfileView::Generation {
            profile,
            generation,
            ..
        } = &view
        else {
            panic!("{view:?}");
        };
        assert_eq!(profile.path, d.join("profiles/my-work"));
        assert_eq!((generation.number, generation.current), (1, false));
        assert_eq!(view.path(), path);
        assert_eq!(names(&view, None), ["p1"]);
        // Another generation of the same profile is still there to read.
        assert_eq!(names(&view, Some(2)), ["p2"]);
        assert!(matches!(
            view.changeable(),
            Err(Error::GenerationNotProfile { number: 1, .. })
        ));
    }
}

#[test]
fn folders_holding_a_manifest_are_read_only_without_generations() {
    let (_dir, d) = tree();
    // A generation link whose profile is gone is only a folder now.
    symlink(d.join("store/gen2"), d.join("orphan-3-link")).unwrap();
    for path in [d.join("store/gen1"), d.join("orphan-3-link")] {
        let view = ProfileView::open(&path).unwrap();
        assert_eq!(view, ProfileView::Folder { path: path.clone() });
        assert!(view.profile().is_none());
        assert_eq!(view.generation(None).unwrap(), None);
        assert!(matches!(
            view.generation(Some(1)),
            Err(Error::FolderNotProfile { .. })
        ));
        assert!(matches!(
            view.changeable(),
            Err(Error::FolderNotProfile { .. })
        ));
        assert!(matches!(
            Profile::open(&path),
            Err(Error::FolderNotProfile { .. })
        ));
    }
    assert_eq!(
        names(&ProfileView::open(&d.join("store/gen1")).unwrap(), None),
        ["p1"]
    );
}

#[test]
fn no_manifest_and_no_profile_is_no_profile() {
    let (_dir, d) = tree();
    std::fs::create_dir_all(d.join("empty")).unwrap();
    std::fs::create_dir_all(d.join("odd/manifest.json")).unwrap();
    symlink("nowhere", d.join("dangling")).unwrap();
    for rel in ["empty", "missing", "dangling", "store", "odd"] {
        assert!(
            matches!(
                ProfileView::open(&d.join(rel)),
                Err(Error::ProfileNotFound { .. })
            ),
            "{rel}"
        );
    }
}
