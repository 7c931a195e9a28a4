use super::*;
use crate::freeze::lock::{LockAttrs, LockValue};
use crate::freeze::plan::tests::{ctx, el};
use crate::freeze::plan::Follow;

const GH: &str = "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D";

fn gh_plan() -> Plan {
    let e = vec![el(
        "bat",
        "legacyPackages.x86_64-linux.bat",
        "flake:nixpkgs",
        GH,
    )];
    plan(&e, &FreezeOptions::default(), &ctx()).unwrap()
}

fn metadata_locked(last_modified: u64, nar: &str) -> LockAttrs {
    let s = |v: &str| LockValue::Str(v.into());
    LockAttrs::from([
        ("lastModified".into(), LockValue::Int(last_modified)),
        ("narHash".into(), s(nar)),
        ("owner".into(), s("NixOS")),
        ("repo".into(), s("nixpkgs")),
        ("rev".into(), s("9693852a2070b398ee123a329e68f0dab5526681")),
        ("type".into(), s("github")),
    ])
}

#[test]
fn a_lock_is_completed_from_metadata_of_the_same_revision() {
    let p = gh_plan();
    let facts = BTreeMap::from([(
        "nixpkgs".to_owned(),
        Ok(InputFacts {
            locked: metadata_locked(
                1_715_472_000,
                "sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs=",
            ),
            locks: None,
        }),
    )]);
    let (lock, completed, incomplete) = build_lock(&p, &facts);
    assert_eq!(
        completed,
        [Completion {
            input: "nixpkgs".into(),
            added: vec!["lastModified".into()]
        }]
    );
    assert!(incomplete.is_empty());
    let text = lock.to_json_string();
    assert_eq!(
        text,
        r#"{
  "nodes": {
    "nixpkgs": {
      "locked": {
        "lastModified": 1715472000,
        "narHash": "sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs=",
        "owner": "NixOS",
        "repo": "nixpkgs",
        "rev": "9693852a2070b398ee123a329e68f0dab5526681",
        "type": "github"
      },
      "original": {
        "owner": "NixOS",
        "ref": "nixpkgs-unstable",
        "repo": "nixpkgs",
        "type": "github"
      }
    },
    "root": {
      "inputs": {
        "nixpkgs": "nixpkgs"
      }
    }
  },
  "root": "root",
  "version": 7
}
"#
    );
}

#[test]
fn metadata_of_another_revision_is_not_used_and_the_gap_is_reported() {
    let p = gh_plan();
    let facts = BTreeMap::from([(
        "nixpkgs".to_owned(),
        Ok(InputFacts {
            locked: metadata_locked(1_715_472_000, "sha256-OTHER="),
            locks: None,
        }),
    )]);
    let (lock, completed, incomplete) = build_lock(&p, &facts);
    assert!(completed.is_empty());
    assert_eq!(incomplete.len(), 1);
    assert_eq!(incomplete[0].missing, ["lastModified"]);
    assert!(!lock.to_json_string().contains("lastModified"));

    let facts = BTreeMap::from([("nixpkgs".to_owned(), Err("offline".to_owned()))]);
    let (_, _, incomplete) = build_lock(&p, &facts);
    assert_eq!(incomplete[0].message, "offline");
}

#[test]
fn moved_inputs_are_left_to_nix_flake_lock() {
    let e = vec![el(
        "bat",
        "legacyPackages.x86_64-linux.bat",
        "flake:nixpkgs",
        GH,
    )];
    let o = FreezeOptions {
        follow: vec![Follow::nixpkgs("nixos-25.11").unwrap()],
        ..FreezeOptions::default()
    };
    let p = plan(&e, &o, &ctx()).unwrap();
    let (lock, _, incomplete) = build_lock(&p, &BTreeMap::new());
    assert_eq!(lock.nodes.len(), 1, "only the root");
    assert!(incomplete.is_empty());
}

#[test]
fn which_inputs_nix_is_asked_about() {
    let r = |s: &str| crate::flakeref::FlakeRef::parse(s).unwrap();
    // Complete nixpkgs: nothing to ask.
    assert!(!needs_inspection(&r(&format!("{GH}&lastModified=1"))));
    // nixpkgs without lastModified; any other flake (it may have inputs).
    assert!(needs_inspection(&r(GH)));
    assert!(needs_inspection(&r(
        "path:/x?lastModified=1&narHash=sha256-A%3D"
    )));
    assert!(needs_inspection(&r(
        "git+file:///x?rev=6ebf390930a6907bdbcaf31e157b72f157961ca7&lastModified=1"
    )));
}
