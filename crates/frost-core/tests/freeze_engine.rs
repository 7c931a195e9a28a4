//! The freeze engine through its API, with real Nix and no network: an
//! input whose lock Nix cannot complete is still frozen, and the report says
//! what is missing and why.

use frost_core::element::{Element, Origin, Outputs};
use frost_core::freeze::engine::{freeze, FreezeRequest};
use frost_core::freeze::plan::FreezeOptions;
use frost_core::nix::NixSetup;
use frost_core::FlakeRef;
use frost_testkit::NixSandbox;

#[test]
fn an_unreachable_github_input_is_frozen_and_reported_incomplete() {
    let s = NixSandbox::new().unwrap();
    // One download attempt: Nix otherwise retries for seconds offline.
    let mut env: Vec<(std::ffi::OsString, std::ffi::OsString)> = s
        .env()
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    env.retain(|(k, _)| k != "NIX_CONFIG");
    env.push((
        "NIX_CONFIG".into(),
        format!(
            "{}\ndownload-attempts = 1",
            frost_testkit::OFFLINE_NIX_CONFIG
        )
        .into(),
    ));
    let nix = NixSetup { binary: None, env };
    let element = Element {
        name: "bat".into(),
        origin: Origin::Flake,
        attr_path: Some("legacyPackages.x86_64-linux.bat".into()),
        original_ref: Some(std::sync::Arc::new(FlakeRef::parse("flake:nixpkgs").unwrap())),
        locked_ref: Some(std::sync::Arc::new(FlakeRef::parse("github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D").unwrap())),
        outputs: Outputs::Default,
        priority: 5,
        active: true,
        store_paths: vec!["/nix/store/00000000000000000000000000000000-bat-0.24.0".into()],
        pname: "bat".into(),
        version: Some("0.24.0".into()),
    };
    let out = s.root().join("frozen");
    let req = FreezeRequest {
        options: FreezeOptions::default(),
        out: out.clone(),
        force: false,
        profile: None,
        generation: None,
        git: false,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let report = rt.block_on(freeze(&nix, &[element], &req)).unwrap();
    assert_eq!(report.incomplete.len(), 1);
    assert_eq!(report.incomplete[0].input, "nixpkgs");
    assert_eq!(report.incomplete[0].missing, ["lastModified"]);
    assert!(
        report.incomplete[0].message.contains("github.com"),
        "{:?}",
        report.incomplete
    );
    assert!(report.completed.is_empty());
    // Written all the same: a registry entry as its repository, an
    // environment from nixpkgs' buildEnv.
    let flake = std::fs::read_to_string(out.join("flake.nix")).unwrap();
    assert!(
        flake.contains("nixpkgs.url = \"github:NixOS/nixpkgs/nixpkgs-unstable\";"),
        "{flake}"
    );
    assert!(
        flake.contains("default = nixpkgs.legacyPackages.${system}.buildEnv {"),
        "{flake}"
    );
    let lock = std::fs::read_to_string(out.join("flake.lock")).unwrap();
    assert!(lock.contains("\"rev\": \"9693852a2070b398ee123a329e68f0dab5526681\""));
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        readme.contains("nix profile install 'path:.#default'"),
        "{readme}"
    );
    assert!(
        readme.contains("through the flake registry as “nixpkgs”"),
        "{readme}"
    );
}

/// Cancelling is dropping the freeze's future (the wizard's Cancel button
/// does that): a folder the freeze created goes, parents included, and a
/// folder that existed keeps exactly what it had.
#[test]
fn a_cancelled_freeze_leaves_no_files() {
    let s = NixSandbox::new().unwrap();
    // A Nix that never answers, so the freeze is cancelled while it waits.
    let fake = s.root().join("bin/nix");
    std::fs::create_dir_all(fake.parent().unwrap()).unwrap();
    std::fs::write(&fake, "#!/bin/sh\nexec sleep 5\n").unwrap();
    std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let nix = NixSetup {
        binary: Some(fake),
        env: Vec::new(),
    };
    // A local source: the freeze asks Nix about it after making the folder.
    let element = Element {
        name: "hello".into(),
        origin: Origin::Flake,
        attr_path: Some("legacyPackages.x86_64-linux.hello".into()),
        original_ref: Some(std::sync::Arc::new(FlakeRef::parse("path:/src/pkgs").unwrap())),
        locked_ref: Some(std::sync::Arc::new(
            FlakeRef::parse("path:/src/pkgs?lastModified=1700000000&narHash=sha256-MuDNCQlNE2IMFWDHgmpBSdKOYiauVJaRRC1MAtHxs4U%3D").unwrap(),
        )),
        outputs: Outputs::Default,
        priority: 5,
        active: true,
        store_paths: vec!["/nix/store/00000000000000000000000000000000-hello-1.0".into()],
        pname: "hello".into(),
        version: Some("1.0".into()),
    };
    let existing = s.root().join("existing");
    std::fs::create_dir_all(&existing).unwrap();
    std::fs::write(existing.join("flake.nix"), "mine").unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for (out, force) in [
        (s.root().join("new/Mein Profil é"), false),
        (existing.clone(), true),
    ] {
        let req = FreezeRequest {
            options: FreezeOptions::default(),
            out: out.clone(),
            force,
            profile: None,
            generation: None,
            git: true,
        };
        let elements = [element.clone()];
        let cancelled = rt.block_on(async {
            tokio::time::timeout(
                std::time::Duration::from_millis(500),
                freeze(&nix, &elements, &req),
            )
            .await
        });
        assert!(cancelled.is_err(), "the freeze was still waiting for Nix");
    }
    assert!(
        !s.root().join("new").exists(),
        "the folders it made are gone"
    );
    let left: Vec<_> = std::fs::read_dir(&existing)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left, ["flake.nix"]);
    assert_eq!(
        std::fs::read_to_string(existing.join("flake.nix")).unwrap(),
        "mine"
    );
}
