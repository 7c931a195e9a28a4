//! The pieces of adopt and stop that need no Nix: where flake.nix takes
//! each package from, and a lock node back into a flake reference.

use super::*;
use crate::freeze::lock::attrs_from_ref;
use crate::freeze::plan::tests::{ctx, fixture_elements};
use crate::freeze::plan::{plan, FreezeOptions};
use crate::freeze::render::{render_flake, Origin};

fn sel(input: &str, attr: &[Option<&str>]) -> Selection {
    Selection {
        input: input.into(),
        attr: attr.iter().map(|a| a.map(str::to_owned)).collect(),
    }
}

#[test]
fn the_selections_of_a_rendered_flake_are_read_back() {
    let p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
    let text = render_flake(&p, Origin::default()).unwrap();
    let found = frozen_selections(&text);
    let names: Vec<&str> = found.keys().map(String::as_str).collect();
    let planned: Vec<&str> = p.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, planned);
    let lp = Some("legacyPackages");
    assert_eq!(found["7zip"], sel("nixpkgs", &[lp, None, Some("7zip")]));
    assert_eq!(
        found["pip"],
        sel("nixpkgs", &[lp, None, Some("python3Packages"), Some("pip")])
    );
    assert_eq!(
        found["hello-1"],
        sel("tool", &[Some("packages"), None, Some("hello")])
    );
    assert_eq!(found["multi"], sel("nixpkgs", &[lp, None, Some("multi")]));
}

#[test]
fn other_shapes_are_not_taken_for_selections() {
    let text = r#"{ a = frozen { priority = 5; } nixpkgs.legacyPackages.${system}.a;
        b = nixpkgs.legacyPackages.${system}.b;
        c = frozen { priority = 5; } (import ./c.nix);
        d = frozen { priority = 5; } nixpkgs.legacyPackages.${other}.d;
        e = frozen { priority = 5; } nixpkgs.x or null; }"#;
    let found = frozen_selections(text);
    assert_eq!(found.keys().collect::<Vec<_>>(), ["a"]);
}

#[test]
fn lock_nodes_become_the_references_they_were_made_from() {
    for url in [
        "path:/src/nix%20pkgs?lastModified=1700000000&narHash=sha256-abc%3D",
        "git+file:///src/tool?lastModified=1700000000&narHash=sha256-x%3D&ref=refs/heads/main&rev=1571a1305e3c2536d9f0db5d2dfec3c7582fa5fb&revCount=1",
        "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJ%3D",
    ] {
        let r = FlakeRef::parse(url).unwrap();
        let back = ref_from_attrs(&attrs_from_ref(&r)).unwrap();
        assert_eq!(back.to_url(), url);
    }
    // A lock's github node has lastModified, which a github URL does not take.
    let mut a = attrs_from_ref(
        &FlakeRef::parse("github:o/r/9693852a2070b398ee123a329e68f0dab5526681").unwrap(),
    );
    a.insert(
        "lastModified".into(),
        crate::freeze::lock::LockValue::Int(5),
    );
    assert_eq!(
        ref_from_attrs(&a).unwrap().to_url(),
        "github:o/r/9693852a2070b398ee123a329e68f0dab5526681"
    );
}

#[test]
fn only_local_folders_with_their_flake_are_adopted_in_place() {
    let f = |s: &str| adopt_folder(&ApplySource::parse(s).unwrap()).unwrap();
    assert_eq!(
        f("path:/home/me/mein%20Profil").as_deref(),
        Some(Path::new("/home/me/mein Profil"))
    );
    assert_eq!(f("/srv/p").as_deref(), Some(Path::new("/srv/p")));
    // A work tree that holds the flake, and one (a bare repository, say)
    // that does not: that one is cloned first.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flake.nix"), "{ }").unwrap();
    let url = crate::flakeref::git_file_url(dir.path());
    assert_eq!(f(&url).as_deref(), Some(dir.path()));
    assert_eq!(f("git+file:///nonexistent/bare.git"), None);
    assert_eq!(f("github:alice/profile"), None);
    assert_eq!(f("git+https://example.org/p.git"), None);
    assert_eq!(f("tarball+file:///srv/p.tar.gz"), None);
}
