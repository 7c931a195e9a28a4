//! Rendered flakes must parse (rnix and Nix), say exactly what the plan
//! says when Nix evaluates them, and stay so whatever the element names,
//! attribute paths, versions and URLs hold.

use std::collections::BTreeMap;
use std::process::Command;

use proptest::prelude::*;

use super::*;
use crate::flakeref::{FlakeRef, FlakeRefKind};
use crate::freeze::plan::tests::{ctx, fixture_elements};
use crate::freeze::plan::{plan, FreezeOptions, Input, Pin};

pub(crate) fn fixture_flake() -> String {
    let p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
    render_flake(&p, Origin::default()).unwrap()
}

#[test]
fn the_fixture_flake_reads_as_intended() {
    let text = fixture_flake();
    for expected in [
        "  inputs = {\n    nixpkgs.url = \"path:/src/nixpkgs\";\n    nixpkgs-2.url = \"path:/src/nixpkgs\";\n    tool.url = \"git+file:///src/tool\";\n  };\n",
        "    {\n      self,\n      nixpkgs,\n      nixpkgs-2,\n      tool,\n    }:\n",
        "            \"7zip\" = frozen { priority = 3; } nixpkgs.legacyPackages.${system}.\"7zip\";\n",
        "            hello-1 = frozen { priority = 4; } tool.packages.${system}.hello;\n",
        "            pip = frozen { priority = 5; } nixpkgs.legacyPackages.${system}.python3Packages.pip;\n",
        "            multi = frozen {\n              priority = 5;\n              outputs = [ \"*\" ];\n            } nixpkgs.legacyPackages.${system}.multi;\n",
        "      packages.x86_64-linux = packagesFor \"x86_64-linux\";\n",
        "            # figlet 1.0, from local folder /src/nixpkgs, 2023-11-14\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("cowsay"));
    assert_eq!(
        text.matches(FROZEN_MARKER).count(),
        1,
        "the marker that says Frost wrote it"
    );
    assert!(
        !text.contains("buildEnv"),
        "no nixpkgs input, no environment"
    );
    assert!(text.lines().all(|l| l.len() <= WIDTH), "{text}");
    assert!(text.lines().all(|l| l == l.trim_end()), "trailing spaces");
    assert!(text.ends_with("}\n"));
    assert_eq!(text, fixture_flake(), "deterministic");
}

#[test]
fn a_nixpkgs_input_gives_an_environment_and_other_systems_a_block_each() {
    let mut p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
    p.env_input = Some("nixpkgs".into());
    p.systems = vec!["aarch64-darwin".into(), "x86_64-linux".into()];
    let text = render_flake(&p, Origin::default()).unwrap();
    assert!(text.contains("default = nixpkgs.legacyPackages.${system}.buildEnv {\n"));
    assert!(text.contains("paths = builtins.attrValues packages;"));
    assert!(text.contains("      packages = {\n        aarch64-darwin = packagesFor \"aarch64-darwin\";\n        x86_64-linux = packagesFor \"x86_64-linux\";\n      };\n"));
    assert!(rnix::Root::parse(&text).errors().is_empty());
}

#[test]
fn long_bindings_break_after_the_equals_sign() {
    let mut p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
    p.packages[0].attr = vec!["a".repeat(70)];
    let text = render_flake(&p, Origin::default()).unwrap();
    assert!(text.contains("            \"7zip\" =\n              frozen { priority = 3; }\n                nixpkgs.legacyPackages"), "{text}");
    assert!(rnix::Root::parse(&text).errors().is_empty());
}

/// Evaluates the flake's outputs with stand-in inputs: every package is a
/// small attribute set that records which package it is.
pub(crate) fn evaluate(plan: &Plan, flake: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flake.nix"), flake).unwrap();
    let system = &plan.systems[0];
    let mut stubs: BTreeMap<&str, String> = BTreeMap::new();
    for p in &plan.packages {
        let path = syn::attr_path(&p.full_attr_path(system)).unwrap();
        let marker = syn::string(&p.name).unwrap();
        stubs.entry(&p.input).or_default().push_str(&format!(
            "{path} = {{ outputs = [ \"out\" \"man\" ]; meta.outputsToInstall = [ \"out\" ]; marker = {marker}; }};\n"
        ));
    }
    let mut args = String::from("self = { };\n");
    for i in &plan.inputs {
        let body = stubs.get(i.name.as_str()).cloned().unwrap_or_default();
        args.push_str(&format!(
            "{} = {{ {body} }};\n",
            syn::attr_name(&i.name).unwrap()
        ));
    }
    let expr = format!(
        "let flake = import ./flake.nix; out = flake.outputs {{ {args} }}; in {{
          inputs = builtins.mapAttrs (n: i: i.url) (flake.inputs or {{ }});
          packages = builtins.mapAttrs (n: p: {{ inherit (p) marker frozenOutputs; priority = p.meta.priority; toInstall = p.meta.outputsToInstall; }}) out.packages.{sys};
        }}",
        sys = syn::attr_name(system).unwrap()
    );
    std::fs::write(dir.path().join("check.nix"), &expr).unwrap();
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json"])
        .arg(dir.path().join("check.nix"))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{flake}\n{expr}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub(crate) fn check_evaluates_to_plan(plan: &Plan, flake: &str) -> Result<(), TestCaseError> {
    let parsed = rnix::Root::parse(flake);
    prop_assert!(
        parsed.errors().is_empty(),
        "rnix: {:?}\n{}",
        parsed.errors(),
        flake
    );
    let v = evaluate(plan, flake);
    let inputs = v["inputs"].as_object().unwrap();
    prop_assert_eq!(inputs.len(), plan.inputs.len());
    for i in &plan.inputs {
        let url = i.url.to_url();
        prop_assert_eq!(inputs[&i.name].as_str(), Some(url.as_str()));
    }
    let pkgs = v["packages"].as_object().unwrap();
    prop_assert_eq!(pkgs.len(), plan.packages.len());
    for p in &plan.packages {
        let got = &pkgs[&p.name];
        prop_assert_eq!(got["marker"].as_str(), Some(p.name.as_str()));
        prop_assert_eq!(got["priority"].as_i64(), Some(p.priority));
        prop_assert_eq!(&got["frozenOutputs"], &p.outputs.to_json());
        let expected_install = match &p.outputs {
            Outputs::Default => serde_json::json!(["out"]),
            Outputs::All => serde_json::json!(["out", "man"]),
            Outputs::Named(v) => serde_json::json!(v),
        };
        prop_assert_eq!(&got["toInstall"], &expected_install);
    }
    Ok(())
}

#[test]
fn the_fixture_flake_evaluates_to_its_plan() {
    let p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
    check_evaluates_to_plan(&p, &render_flake(&p, Origin::default()).unwrap()).unwrap();
}

pub(crate) fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\u{0}]{1,12}",
        "[\\\\\"$'{}\n\r\t #;=.a-z0-9_-]{1,12}",
        prop::sample::select(vec![
            "${builtins.abort \"x\"}",
            "\"; } // builtins.abort \"x\" // { a = \"",
            "''${x}''",
            "in",
            "rec",
            "a.b",
            "\\",
            "*/ #",
        ])
        .prop_map(str::to_owned),
    ]
}

fn outputs_strategy() -> impl Strategy<Value = Outputs> {
    prop_oneof![
        Just(Outputs::Default),
        Just(Outputs::All),
        prop::collection::vec(hostile(), 1..3).prop_map(Outputs::Named),
    ]
}

prop_compose! {
    fn hostile_plan()(
        pkgs in prop::collection::btree_map(hostile(), (hostile(), hostile(), outputs_strategy(), -20i64..20, hostile()), 1..12),
        path in hostile(),
    ) -> Plan {
        let input = Input {
            name: "nixpkgs".into(),
            url: FlakeRef { kind: FlakeRefKind::Path { path: format!("/src/{path}") }, attrs: Default::default() },
            pin: Pin::Follow { previous: vec![] },
            registry_id: None,
            local: true,
            packages: pkgs.len(),
        };
        let packages = pkgs
            .into_iter()
            .filter(|(name, _)| !syn::MAGIC_ATTRS.contains(&name.as_str()))
            .enumerate()
            .map(|(n, (name, (attr, version, outputs, priority, source)))| Package {
                name,
                input: "nixpkgs".into(),
                base: AttrBase::PerSystem("legacyPackages".into()),
                // A second, unique part keeps stand-in paths from overlapping.
                attr: vec![attr, format!("p{n}")],
                outputs,
                priority,
                pname: version.clone(),
                version: Some(version),
                guessed: n % 2 == 0,
                store_paths: vec![],
                source,
            })
            .collect();
        Plan {
            inputs: vec![input],
            packages,
            unfrozen: vec![],
            systems: vec!["x86_64-linux".into()],
            env_input: None,
            notes: vec![],
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn hostile_manifests_cannot_inject_nix(p in hostile_plan()) {
        let flake = render_flake(&p, Origin::default()).unwrap();
        check_evaluates_to_plan(&p, &flake)?;
    }
}
