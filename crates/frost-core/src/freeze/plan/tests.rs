use super::input_names::sanitize_input_name;
use super::*;
use crate::element::{Outputs, DEFAULT_PRIORITY};

pub(crate) const REV1: &str = "path:/src/nixpkgs?lastModified=1700000000&narHash=sha256-MuDNCQlNE2IMFWDHgmpBSdKOYiauVJaRRC1MAtHxs4U%3D";
pub(crate) const REV2: &str = "path:/src/nixpkgs?lastModified=1700000100&narHash=sha256-/24qWow/YOnb9XEc65gstLpUHp6gGttlAPj8e17aDBY%3D";
pub(crate) const TOOL: &str =
    "git+file:///src/tool?ref=refs/heads/main&rev=6ebf390930a6907bdbcaf31e157b72f157961ca7";
const GH1: &str = "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D";
const GH2: &str =
    "github:NixOS/nixpkgs/1111111111111111111111111111111111111111?narHash=sha256-AAAA%3D";

pub(crate) fn el(name: &str, attr: &str, original: &str, locked: &str) -> Element {
    let store = format!("/nix/store/00000000000000000000000000000000-{name}-1.0");
    Element {
        name: name.into(),
        origin: Origin::Flake,
        attr_path: Some(attr.into()),
        original_ref: Some(std::sync::Arc::new(FlakeRef::parse(original).unwrap())),
        locked_ref: Some(std::sync::Arc::new(FlakeRef::parse(locked).unwrap())),
        outputs: Outputs::Default,
        priority: DEFAULT_PRIORITY,
        active: true,
        store_paths: vec![store],
        pname: name.into(),
        version: Some("1.0".into()),
    }
}

pub(crate) fn bare(name: &str) -> Element {
    Element {
        origin: Origin::StorePath,
        attr_path: None,
        original_ref: None,
        locked_ref: None,
        ..el(name, "x", "path:/x", REV1)
    }
}

/// The fixture profile's elements, as its manifest records them.
pub(crate) fn fixture_elements() -> Vec<Element> {
    let lp = |a: &str| format!("legacyPackages.x86_64-linux.{a}");
    let mut multi = el("multi", &lp("multi"), "path:/src/nixpkgs", REV1);
    multi.outputs = Outputs::All;
    let mut zip = el("7zip", &lp("7zip"), "path:/src/nixpkgs", REV1);
    zip.priority = 3;
    let mut hello1 = el(
        "hello-1",
        "packages.x86_64-linux.hello",
        "git+file:///src/tool",
        TOOL,
    );
    hello1.priority = 4;
    vec![
        zip,
        bare("cowsay"),
        el("figlet", &lp("figlet"), "path:/src/nixpkgs", REV2),
        el("hello", &lp("hello"), "path:/src/nixpkgs", REV1),
        hello1,
        multi,
        el("painter", &lp("painter"), "path:/src/nixpkgs", REV1),
        el("pip", &lp("python3Packages.pip"), "path:/src/nixpkgs", REV1),
    ]
}

pub(crate) fn ctx() -> PlanContext {
    PlanContext {
        host_system: "x86_64-linux".into(),
        registry: BTreeMap::new(),
    }
}

fn names<T>(v: &[T], f: impl Fn(&T) -> &str) -> Vec<&str> {
    v.iter().map(f).collect()
}

#[test]
fn the_fixture_profile_plans_as_expected() {
    let p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
    assert_eq!(
        names(&p.inputs, |i| &i.name),
        ["nixpkgs", "nixpkgs-2", "tool"]
    );
    // The revision most packages come from keeps the plain name.
    assert_eq!(p.input("nixpkgs").unwrap().packages, 5);
    assert_eq!(
        p.input("nixpkgs").unwrap().pin,
        Pin::Exact {
            locked: FlakeRef::parse(REV1).unwrap()
        }
    );
    assert_eq!(
        p.input("nixpkgs-2").unwrap().url.to_url(),
        "path:/src/nixpkgs"
    );
    assert_eq!(
        p.input("tool").unwrap().url.to_url(),
        "git+file:///src/tool"
    );
    assert_eq!(
        names(&p.packages, |x| &x.name),
        ["7zip", "figlet", "hello", "hello-1", "multi", "painter", "pip"]
    );
    let pip = p.packages.iter().find(|x| x.name == "pip").unwrap();
    assert_eq!(pip.base, AttrBase::PerSystem("legacyPackages".into()));
    assert_eq!(pip.attr, ["python3Packages", "pip"]);
    assert_eq!(
        pip.full_attr_path("aarch64-darwin").join("."),
        "legacyPackages.aarch64-darwin.python3Packages.pip"
    );
    let hello1 = p.packages.iter().find(|x| x.name == "hello-1").unwrap();
    assert_eq!((hello1.input.as_str(), hello1.priority), ("tool", 4));
    assert_eq!(
        p.packages
            .iter()
            .find(|x| x.name == "figlet")
            .unwrap()
            .input,
        "nixpkgs-2"
    );
    assert_eq!(
        p.packages
            .iter()
            .find(|x| x.name == "multi")
            .unwrap()
            .outputs,
        Outputs::All
    );
    assert_eq!(p.unfrozen.len(), 1);
    assert_eq!(
        (p.unfrozen[0].name.as_str(), &p.unfrozen[0].reason),
        ("cowsay", &Reason::NoSource)
    );
    assert_eq!(p.systems, ["x86_64-linux"]);
    // A folder named nixpkgs is not NixOS/nixpkgs: no buildEnv to use.
    assert_eq!(p.env_input, None);
    assert!(p.notes.contains(&Note::NoEnvironment));
    assert!(p
        .notes
        .iter()
        .any(|n| matches!(n, Note::LocalSource { input, .. } if input == "tool")));
}

#[test]
fn plans_do_not_depend_on_element_order() {
    let a = fixture_elements();
    let mut b = a.clone();
    b.reverse();
    b.swap(1, 4);
    let o = FreezeOptions::default();
    assert_eq!(plan(&a, &o, &ctx()).unwrap(), plan(&b, &o, &ctx()).unwrap());
}

#[test]
fn a_registry_entry_is_written_as_its_repository() {
    let lp = "legacyPackages.x86_64-linux.bat";
    let e = vec![el("bat", lp, "flake:nixpkgs", GH1)];
    let p = plan(&e, &FreezeOptions::default(), &ctx()).unwrap();
    let i = p.input("nixpkgs").unwrap();
    assert_eq!(i.url.to_url(), "github:NixOS/nixpkgs/nixpkgs-unstable");
    assert_eq!(i.registry_id.as_deref(), Some("nixpkgs"));
    assert_eq!(p.env_input.as_deref(), Some("nixpkgs"));
    assert!(p
        .notes
        .iter()
        .any(|n| matches!(n, Note::Registry { id, .. } if id == "nixpkgs")));

    // The user's registry says which branch.
    let mut c = ctx();
    c.registry.insert(
        "nixpkgs".into(),
        FlakeRef::parse("github:NixOS/nixpkgs/nixos-unstable").unwrap(),
    );
    let p = plan(&e, &FreezeOptions::default(), &c).unwrap();
    assert_eq!(
        p.input("nixpkgs").unwrap().url.to_url(),
        "github:NixOS/nixpkgs/nixos-unstable"
    );

    // A registry entry for another repository is not used for nixpkgs.
    c.registry.insert(
        "nixpkgs".into(),
        FlakeRef::parse("github:me/fork/main").unwrap(),
    );
    let p = plan(&e, &FreezeOptions::default(), &c).unwrap();
    assert_eq!(
        p.input("nixpkgs").unwrap().url.to_url(),
        NIXPKGS_REGISTRY_URL
    );

    // `flake:nixpkgs/nixos-24.05` keeps its branch.
    let e = vec![el("bat", lp, "flake:nixpkgs/nixos-24.05", GH1)];
    let p = plan(&e, &FreezeOptions::default(), &ctx()).unwrap();
    assert_eq!(
        p.input("nixpkgs").unwrap().url.to_url(),
        "github:NixOS/nixpkgs/nixos-24.05"
    );
}

#[test]
fn follow_moves_every_matching_revision_and_keeps_the_rest() {
    let lp = |a: &str| format!("legacyPackages.x86_64-linux.{a}");
    let e = vec![
        el("a", &lp("a"), "flake:nixpkgs", GH1),
        el("b", &lp("b"), "github:NixOS/nixpkgs/nixos-24.05", GH2),
        el(
            "hello-1",
            "packages.x86_64-linux.hello",
            "git+file:///src/tool",
            TOOL,
        ),
    ];
    let o = FreezeOptions {
        follow: vec![Follow::nixpkgs("nixos-25.11").unwrap()],
        ..FreezeOptions::default()
    };
    let p = plan(&e, &o, &ctx()).unwrap();
    assert_eq!(names(&p.inputs, |i| &i.name), ["nixpkgs", "tool"]);
    let n = p.input("nixpkgs").unwrap();
    assert_eq!(n.url.to_url(), "github:NixOS/nixpkgs/nixos-25.11");
    assert!(matches!(&n.pin, Pin::Follow { previous } if previous.len() == 2));
    assert!(matches!(p.input("tool").unwrap().pin, Pin::Exact { .. }));
    assert!(p
        .packages
        .iter()
        .filter(|x| x.name != "hello-1")
        .all(|x| x.input == "nixpkgs"));

    // By flake ref, without the branch.
    let o = FreezeOptions {
        follow: vec![Follow::parse("git+file:///src/tool=git+file:///src/tool?ref=next").unwrap()],
        ..FreezeOptions::default()
    };
    let p = plan(&e, &o, &ctx()).unwrap();
    assert!(matches!(p.input("tool").unwrap().pin, Pin::Follow { .. }));
    assert_eq!(
        p.input("tool").unwrap().url.to_url(),
        "git+file:///src/tool?ref=next"
    );
    assert!(matches!(p.input("nixpkgs").unwrap().pin, Pin::Exact { .. }));

    let o = FreezeOptions {
        follow: vec![Follow::parse("nothing=github:a/b").unwrap()],
        ..FreezeOptions::default()
    };
    assert!(matches!(
        plan(&e, &o, &ctx()),
        Err(Error::FreezeFollowUnmatched { .. })
    ));
    assert!(Follow::parse("no-equals-sign").is_err());
    assert!(Follow::parse("=github:a/b").is_err());
}

#[test]
fn only_selects_and_unknown_names_are_errors() {
    let o = FreezeOptions {
        only: vec!["figlet".into(), "hello-1".into()],
        ..FreezeOptions::default()
    };
    let p = plan(&fixture_elements(), &o, &ctx()).unwrap();
    assert_eq!(names(&p.packages, |x| &x.name), ["figlet", "hello-1"]);
    assert_eq!(names(&p.inputs, |i| &i.name), ["nixpkgs", "tool"]);
    assert!(p.unfrozen.is_empty());
    let o = FreezeOptions {
        only: vec!["nope".into()],
        ..FreezeOptions::default()
    };
    assert!(matches!(
        plan(&fixture_elements(), &o, &ctx()),
        Err(Error::FreezeUnknownElement { .. })
    ));
}

#[test]
fn portable_freezes_leave_local_sources_out_with_the_reason() {
    let o = FreezeOptions {
        portable: true,
        ..FreezeOptions::default()
    };
    let p = plan(&fixture_elements(), &o, &ctx()).unwrap();
    assert!(p.packages.is_empty());
    assert_eq!(p.unfrozen.len(), 8);
    assert!(p.unfrozen.iter().any(|u| u.reason
        == Reason::LocalSource {
            path: "/src/tool".into()
        }));
}

#[test]
fn nix_env_elements_are_guessed_in_nixpkgs() {
    let nix_env = Element {
        origin: Origin::NixEnv,
        pname: "ripgrep".into(),
        ..bare("ripgrep-14.1.0")
    };
    // No nixpkgs anywhere: unfreezable, with the reason.
    let p = plan(
        std::slice::from_ref(&nix_env),
        &FreezeOptions::default(),
        &ctx(),
    )
    .unwrap();
    assert_eq!(p.unfrozen[0].reason, Reason::NixEnvWithoutNixpkgs);

    // --nixpkgs gives one.
    let o = FreezeOptions {
        follow: vec![Follow::nixpkgs("nixos-25.11").unwrap()],
        ..FreezeOptions::default()
    };
    let p = plan(std::slice::from_ref(&nix_env), &o, &ctx()).unwrap();
    let pkg = &p.packages[0];
    assert!(pkg.guessed);
    assert_eq!(pkg.attr, ["ripgrep"]);
    assert_eq!(
        pkg.full_attr_path("x86_64-linux").join("."),
        "legacyPackages.x86_64-linux.ripgrep"
    );
    assert_eq!(
        p.input(&pkg.input).unwrap().url.to_url(),
        "github:NixOS/nixpkgs/nixos-25.11"
    );
    assert!(p.notes.iter().any(|n| matches!(n, Note::Guessed { .. })));

    // Or the profile's own nixpkgs.
    let lp = "legacyPackages.x86_64-linux.bat";
    let p = plan(
        &[nix_env, el("bat", lp, "flake:nixpkgs", GH1)],
        &FreezeOptions::default(),
        &ctx(),
    )
    .unwrap();
    assert_eq!(
        p.packages.iter().find(|x| x.guessed).unwrap().input,
        "nixpkgs"
    );
}

#[test]
fn names_that_cannot_be_written_are_reasons_not_code() {
    let lp = "legacyPackages.x86_64-linux.x";
    let e = vec![
        el("outPath", lp, "path:/src/nixpkgs", REV1),
        el("a b", lp, "path:/src/nixpkgs", REV1),
        el("nul\0", lp, "path:/src/nixpkgs", REV1),
        el(
            "ok",
            "legacyPackages.x86_64-linux.a\0b",
            "path:/src/nixpkgs",
            REV1,
        ),
        Element {
            active: false,
            ..el("off", lp, "path:/src/nixpkgs", REV1)
        },
    ];
    let p = plan(&e, &FreezeOptions::default(), &ctx()).unwrap();
    let reasons: Vec<(&str, &Reason)> = p
        .unfrozen
        .iter()
        .map(|u| (u.name.as_str(), &u.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("a b", &Reason::UnwritableName),
            ("nul\0", &Reason::UnwritableName),
            ("off", &Reason::Inactive),
            ("ok", &Reason::UnwritableAttrPath),
            ("outPath", &Reason::ReservedName),
        ]
    );
}

#[test]
fn input_names_are_identifiers_nix_accepts() {
    assert_eq!(sanitize_input_name("home-manager"), "home-manager");
    assert_eq!(sanitize_input_name("let"), "let-input");
    assert_eq!(sanitize_input_name("self"), "self-input");
    assert_eq!(sanitize_input_name("7zip.src"), "input-7zip-src");
    assert_eq!(sanitize_input_name("wëird \"name\""), "w-ird-name");
    assert_eq!(sanitize_input_name(""), "input");
    let lp = "legacyPackages.x86_64-linux.x";
    let e = vec![
        el(
            "a",
            lp,
            "github:o/nixpkgs-2",
            "github:o/nixpkgs-2/1111111111111111111111111111111111111111",
        ),
        el(
            "b",
            lp,
            "github:o/tool",
            "github:o/tool/2222222222222222222222222222222222222222",
        ),
        el(
            "c",
            lp,
            "github:p/tool",
            "github:p/tool/3333333333333333333333333333333333333333",
        ),
        el(
            "d",
            lp,
            "path:/nix/store/00000000000000000000000000000000-source",
            "path:/nix/store/00000000000000000000000000000000-source?narHash=sha256-A%3D",
        ),
    ];
    let p = plan(&e, &FreezeOptions::default(), &ctx()).unwrap();
    assert_eq!(
        names(&p.inputs, |i| &i.name),
        ["nixpkgs-2", "source", "tool", "tool-2"]
    );
}

#[test]
fn unpinned_sources_are_relocked_with_a_note() {
    let lp = "legacyPackages.x86_64-linux.x";
    let e = vec![el(
        "x",
        lp,
        "git+file:///src/dirty",
        "git+file:///src/dirty?ref=main",
    )];
    let p = plan(&e, &FreezeOptions::default(), &ctx()).unwrap();
    assert!(matches!(p.inputs[0].pin, Pin::Relock { .. }));
    assert!(p.notes.contains(&Note::NotPinned {
        input: "dirty".into()
    }));
}

#[test]
fn extra_systems_are_added() {
    let o = FreezeOptions {
        systems: vec!["aarch64-darwin".into(), "x86_64-linux".into()],
        ..FreezeOptions::default()
    };
    let p = plan(&fixture_elements(), &o, &ctx()).unwrap();
    assert_eq!(p.systems, ["aarch64-darwin", "x86_64-linux"]);
    // No element says: the machine's own.
    let p = plan(&[], &FreezeOptions::default(), &ctx()).unwrap();
    assert_eq!(p.systems, ["x86_64-linux"]);
}
