use super::*;
use crate::element::{Outputs, DEFAULT_PRIORITY};
use crate::flakeref::FlakeRef;
use crate::manifest::ManifestFormat;

const NIXPKGS_A: &str =
    "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-A%3D";
const NIXPKGS_B: &str =
    "github:NixOS/nixpkgs/1111111111111111111111111111111111111111?narHash=sha256-B%3D";

fn flake(name: &str, version: &str, locked: &str) -> Element {
    Element {
        name: name.into(),
        origin: Origin::Flake,
        attr_path: Some(format!("legacyPackages.x86_64-linux.{name}")),
        original_ref: Some(std::sync::Arc::new(
            FlakeRef::parse("flake:nixpkgs").unwrap(),
        )),
        locked_ref: Some(std::sync::Arc::new(FlakeRef::parse(locked).unwrap())),
        outputs: Outputs::Default,
        priority: DEFAULT_PRIORITY,
        active: true,
        store_paths: vec![format!(
            "/nix/store/{:0<32}-{name}-{version}",
            locked.len() % 10
        )],
        pname: name.into(),
        version: Some(version.into()),
    }
}

fn nix_env(pname: &str, version: &str) -> Element {
    Element {
        name: format!("{pname}-{version}"),
        origin: Origin::NixEnv,
        attr_path: None,
        original_ref: None,
        locked_ref: None,
        outputs: Outputs::Default,
        priority: DEFAULT_PRIORITY,
        active: true,
        store_paths: vec![format!("/nix/store/{:0<32}-{pname}-{version}", 7)],
        pname: pname.into(),
        version: Some(version.into()),
    }
}

fn manifest(elements: Vec<Element>) -> Manifest {
    Manifest {
        format: ManifestFormat::Json { version: 3 },
        elements,
    }
}

fn names(elements: &[Element]) -> Vec<&str> {
    elements.iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn added_removed_and_updated() {
    let old = manifest(vec![
        flake("hello", "2.12", NIXPKGS_A),
        flake("vim", "9.0", NIXPKGS_A),
        flake("jq", "1.7", NIXPKGS_A),
    ]);
    let new = manifest(vec![
        flake("jq", "1.7", NIXPKGS_A),
        flake("hello", "2.13", NIXPKGS_B),
        flake("gimp", "2.10", NIXPKGS_B),
    ]);
    let d = diff(&old, &new);
    assert_eq!(names(&d.added), ["gimp"]);
    assert_eq!(names(&d.removed), ["vim"]);
    assert_eq!(d.changed.len(), 1);
    let c = &d.changed[0];
    assert_eq!(c.name, "hello");
    assert!(c.version_changed && c.source_changed && c.paths_changed);
    assert!(!c.outputs_changed && !c.priority_changed && !c.active_changed);
    assert!(!c.is_downgrade());
    assert!(!d.is_empty());
    assert_eq!(
        d.summary(),
        "added gimp, updated hello 2.12 → 2.13, removed vim"
    );
}

#[test]
fn identical_manifests_have_no_changes() {
    let m = manifest(vec![flake("hello", "2.12", NIXPKGS_A)]);
    let d = diff(&m, &m.clone());
    assert!(d.is_empty());
    assert_eq!(d.summary(), "no changes");
}

#[test]
fn source_change_without_new_version() {
    let old = manifest(vec![flake("hello", "2.12", NIXPKGS_A)]);
    let mut moved = flake("hello", "2.12", NIXPKGS_B);
    moved.store_paths = old.elements[0].store_paths.clone();
    let d = diff(&old, &manifest(vec![moved]));
    let c = &d.changed[0];
    assert!(c.source_changed && !c.version_changed && !c.paths_changed);
    assert_eq!(d.summary(), "changed hello");
}

#[test]
fn priority_and_outputs_changes() {
    let old = manifest(vec![flake("hello", "2.12", NIXPKGS_A)]);
    let mut new = old.clone();
    new.elements[0].priority = 3;
    new.elements[0].outputs = Outputs::Named(vec!["out".into(), "man".into()]);
    let c = &diff(&old, &new).changed[0];
    assert!(c.priority_changed && c.outputs_changed);
    assert!(!c.source_changed && !c.version_changed && !c.paths_changed);
}

#[test]
fn rollback_reads_as_downgrade() {
    let old = manifest(vec![flake("hello", "2.13", NIXPKGS_B)]);
    let new = manifest(vec![flake("hello", "2.12", NIXPKGS_A)]);
    let d = diff(&old, &new);
    assert!(d.changed[0].is_downgrade());
    assert_eq!(d.summary(), "downgraded hello 2.13 → 2.12");
}

#[test]
fn nix_env_packages_pair_by_package_name() {
    let old = Manifest {
        format: ManifestFormat::NixEnv,
        elements: vec![nix_env("hello", "2.12.1"), nix_env("git", "2.44.0")],
    };
    let new = Manifest {
        format: ManifestFormat::NixEnv,
        elements: vec![nix_env("hello", "2.12.2"), nix_env("git", "2.44.0")],
    };
    let d = diff(&old, &new);
    assert!(d.added.is_empty() && d.removed.is_empty());
    assert_eq!(d.changed.len(), 1);
    assert_eq!(d.changed[0].old.version.as_deref(), Some("2.12.1"));

    // After `nix profile` converted the nix-env profile, names differ but
    // the package is the same.
    let converted = manifest(vec![flake("hello", "2.12.1", NIXPKGS_A)]);
    let d = diff(&old, &converted);
    assert_eq!(names(&d.removed), ["git-2.44.0"]);
    assert!(d.added.is_empty());
    assert!(d.changed[0].source_changed && !d.changed[0].version_changed);
}

#[test]
fn duplicate_names_pair_in_order_and_ambiguity_stays_added() {
    // Two pythons: one removed, one kept; and two new ones of a package
    // that was there once under another name must not be guessed.
    let old = manifest(vec![
        flake("python3", "3.11", NIXPKGS_A),
        flake("python3-1", "3.12", NIXPKGS_A),
        flake("tool", "1", NIXPKGS_A),
    ]);
    let mut a = flake("tool-a", "2", NIXPKGS_A);
    a.pname = "tool".into();
    let mut b = flake("tool-b", "3", NIXPKGS_A);
    b.pname = "tool".into();
    let new = manifest(vec![flake("python3-1", "3.12", NIXPKGS_A), a, b]);
    let d = diff(&old, &new);
    assert_eq!(names(&d.removed), ["python3", "tool"]);
    assert_eq!(names(&d.added), ["tool-a", "tool-b"]);
    assert!(d.changed.is_empty());
}

#[test]
fn long_lists_are_shortened() {
    let new = manifest(
        ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|n| flake(n, "1", NIXPKGS_A))
            .collect(),
    );
    let d = diff(&manifest(vec![]), &new);
    assert_eq!(d.summary(), "added a, b, c, d and 2 more");
    let two = manifest(vec![flake("a", "1", NIXPKGS_A), flake("b", "1", NIXPKGS_A)]);
    let d = diff(&two, &manifest(vec![]));
    assert_eq!(d.summary(), "removed a and b");
}

fn flakes(names: &[&str]) -> Manifest {
    manifest(names.iter().map(|n| flake(n, "1", NIXPKGS_A)).collect())
}

#[test]
fn headlines_say_what_changed_in_words() {
    let none = manifest(vec![]);
    let d = diff(&flakes(&["hello"]), &flakes(&["cowsay", "figlet", "hello"]));
    assert_eq!(d.headline(false), "Added cowsay and figlet");
    let d = diff(&flakes(&["hello", "vim"]), &flakes(&["vim"]));
    assert_eq!(d.headline(false), "Removed hello");
    // More than three: two named, the rest counted.
    let five = flakes(&["a", "b", "c", "d", "e"]);
    assert_eq!(diff(&none, &five).headline(false), "Added a, b and 3 more");
    // Three are named in full: "and 1 more" would say no less.
    let three = flakes(&["a", "b", "c"]);
    assert_eq!(diff(&none, &three).headline(false), "Added a, b and c");
    // The oldest generation left started the profile.
    assert_eq!(
        diff(&none, &flakes(&["hello", "7zip"])).headline(true),
        "Started with 7zip and hello"
    );
    assert_eq!(
        diff(&none, &none).headline(true),
        "Started with no packages"
    );
    assert_eq!(diff(&five, &five).headline(false), "Nothing changed");
}

#[test]
fn headlines_name_new_versions_and_go_on_in_lower_case() {
    let old = manifest(vec![
        flake("hello", "2.12.1", NIXPKGS_A),
        flake("jq", "1.7", NIXPKGS_B),
        flake("vim", "9.0", NIXPKGS_A),
    ]);
    let new = manifest(vec![
        flake("gimp", "2.10", NIXPKGS_B),
        flake("hello", "2.12.2", NIXPKGS_B),
        flake("jq", "1.6", NIXPKGS_A),
    ]);
    assert_eq!(
        diff(&old, &new).headline(false),
        "Added gimp, updated hello to 2.12.2, downgraded jq to 1.6, removed vim"
    );
    let mut moved = flake("hello", "2.12.1", NIXPKGS_B);
    moved.store_paths = old.elements[0].store_paths.clone();
    let only_source = manifest(vec![moved]);
    let first = manifest(vec![old.elements[0].clone()]);
    assert_eq!(diff(&first, &only_source).headline(false), "Changed hello");
}

#[test]
fn going_back_names_every_package_it_removes_brings_back_and_changes() {
    let current = manifest(vec![
        flake("cowsay", "3.7", NIXPKGS_B),
        flake("figlet", "2.2.5", NIXPKGS_B),
        flake("hello", "2.12.2", NIXPKGS_B),
    ]);
    let earlier = manifest(vec![
        flake("7zip", "23.01", NIXPKGS_A),
        flake("hello", "2.12.1", NIXPKGS_A),
    ]);
    assert_eq!(
        diff(&current, &earlier).going_back(),
        [
            "Removes cowsay and figlet",
            "Brings back 7zip",
            "Changes hello from 2.12.2 to 2.12.1",
        ]
    );
    // No "and 3 more": the question before going back hides nothing.
    let many = flakes(&["a", "b", "c", "d", "e", "f"]);
    assert_eq!(
        diff(&many, &manifest(vec![])).going_back(),
        ["Removes a, b, c, d, e and f"]
    );
    assert_eq!(
        diff(&many, &many).going_back(),
        ["The packages stay the same."]
    );
}

#[test]
fn versions_compare_like_nix() {
    use std::cmp::Ordering::*;
    let cases = [
        ("1.0", "2.3", Less),
        ("2.1", "2.3", Less),
        ("2.3", "2.3", Equal),
        ("2.5", "2.3", Greater),
        ("3.1", "2.3", Greater),
        ("2.3.1", "2.3", Greater),
        ("2.3.1", "2.3a", Greater),
        ("2.3pre1", "2.3", Less),
        ("2.3pre3", "2.3pre12", Less),
        ("2.3a", "2.3c", Less),
        ("2.3pre1", "2.3c", Less),
        ("2.3pre1", "2.3q", Less),
        ("2.12", "2.9", Greater),
        ("99999999999999999999", "100000000000000000000", Less),
        ("", "1", Less),
    ];
    for (a, b, want) in cases {
        assert_eq!(compare_versions(a, b), want, "{a} vs {b}");
        assert_eq!(compare_versions(b, a), want.reverse(), "{b} vs {a}");
    }
}
