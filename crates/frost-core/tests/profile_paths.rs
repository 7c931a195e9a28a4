//! Every kind of path `nix profile list --profile P` reads, made by real
//! Nix (2.26 here) in a temporary sandbox: the core must read the same
//! packages from each as Nix lists, and say what the path is.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use frost_core::profile::{Profile, ProfileView};
use frost_core::Error;
use frost_testkit::{listed_by_nix, FixtureProfile, Listed};

fn fixture() -> &'static FixtureProfile {
    static FIXTURE: OnceLock<FixtureProfile> = OnceLock::new();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("profile-paths-fixture");
    FIXTURE.get_or_init(|| FixtureProfile::build_at(&dir).expect("fixture profile"))
}

fn nix_view(path: &Path) -> Listed {
    let out = fixture()
        .nix_profile_list_json_of(path)
        .expect("nix profile list");
    listed_by_nix(&serde_json::from_str(&out).expect("nix json"))
}

fn frost_view(view: &ProfileView) -> Listed {
    view.manifest(None)
        .expect("manifest")
        .elements
        .iter()
        .map(|e| {
            let mut paths = e.store_paths.clone();
            paths.sort();
            (e.name.clone(), (paths, e.outputs.to_json(), e.priority))
        })
        .collect()
}

fn generation_link(n: u64) -> PathBuf {
    fixture().generation_link(n)
}

/// Opens `path`, checks the core reads what Nix lists there, and returns
/// what the core took it for.
fn same_as_nix(path: &Path) -> ProfileView {
    let view = ProfileView::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let nix = nix_view(path);
    assert!(!nix.is_empty(), "{}", path.display());
    assert_eq!(frost_view(&view), nix, "{}", path.display());
    view
}

#[test]
fn profile_link_and_home_link_are_the_profile() {
    let f = fixture();
    let home_link = f.sandbox.home().join(".nix-profile");
    for path in [f.profile.clone(), home_link] {
        let view = same_as_nix(&path);
        assert_eq!(
            view,
            ProfileView::Profile(Profile::open(&f.profile).expect("profile"))
        );
        assert_eq!(
            view.generation(None).expect("current").map(|g| g.number),
            Some(6)
        );
    }
}

#[test]
fn generation_link_is_that_generation_of_its_profile() {
    let f = fixture();
    // Generation 5 is not the current one (6), and lacks figlet.
    let view = same_as_nix(&generation_link(5));
    let ProfileView::Generation {
        profile,
        generation,
        ..
    } = &view
    else {
        panic!("{view:?}");
    };
    assert_eq!(profile.path, f.profile);
    assert_eq!((generation.number, generation.current), (5, false));
    assert!(!frost_view(&view).contains_key("figlet"));
    match Profile::open(&generation_link(5)) {
        Err(Error::GenerationNotProfile {
            profile, number: 5, ..
        }) => assert_eq!(profile, f.profile),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn store_path_and_copied_folder_are_read_only_folders() {
    let f = fixture();
    let store_path = std::fs::read_link(generation_link(2)).expect("generation 2");
    let copy = f.manifest_copy(3).expect("a copied manifest");
    for path in [store_path, copy] {
        let view = same_as_nix(&path);
        assert_eq!(view, ProfileView::Folder { path: path.clone() });
        assert!(matches!(
            view.changeable(),
            Err(Error::FolderNotProfile { .. })
        ));
    }
}

#[test]
fn no_manifest_is_no_profile_though_nix_lists_nothing() {
    let f = fixture();
    let empty = f.sandbox.root().join("no-manifest");
    std::fs::create_dir_all(&empty).expect("folder");
    for path in [empty, f.sandbox.root().join("missing")] {
        // Nix lists an empty profile there, which would hide a typo.
        assert!(nix_view(&path).is_empty());
        assert!(matches!(
            ProfileView::open(&path),
            Err(Error::ProfileNotFound { .. })
        ));
    }
}
