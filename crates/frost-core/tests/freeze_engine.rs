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
