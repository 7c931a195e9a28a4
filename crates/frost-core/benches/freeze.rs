//! How long the freeze takes in memory for a 1,000-element profile: plan,
//! flake.nix, flake.lock and README.md from parsed elements, without Nix.
//! The target is a median under 20 ms, so the GUI can re-plan as the user
//! changes options.
//!
//! Run: `cargo bench -p frost-core --bench freeze`

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

mod common;
use common::{median, ms, store_path};

use frost_core::freeze::engine::build_lock;
use frost_core::freeze::plan::{plan, FreezeOptions, PlanContext};
use frost_core::freeze::readme::render_readme;
use frost_core::freeze::render::{render_flake, Origin};
use frost_core::Manifest;
use serde_json::{json, Map, Value};

const ELEMENTS: usize = 1_000;
const TARGET: Duration = Duration::from_millis(20);

/// A typical profile: mostly nixpkgs at four revisions, some nested
/// attributes with all outputs, local folders, Git repositories and bare
/// store paths.
fn element(i: usize) -> (String, Value) {
    let name = format!("pkg{i}");
    let path = |suffix: &str| store_path(i, &format!("{name}-1.{i}{suffix}"));
    let rev = format!(
        "{:040x}",
        0x1234_5678_9abc_def1_u64.wrapping_mul(i as u64 % 4 + 1)
    );
    let nar = "sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D";
    let value = match i % 10 {
        0..=5 => json!({"active": true, "attrPath": format!("legacyPackages.x86_64-linux.{name}"),
            "originalUrl": "flake:nixpkgs", "outputs": null, "priority": 5, "storePaths": [path("")],
            "url": format!("github:NixOS/nixpkgs/{rev}?narHash={nar}")}),
        6 => {
            json!({"active": true, "attrPath": format!("legacyPackages.x86_64-linux.python3Packages.{name}"),
            "originalUrl": "github:NixOS/nixpkgs/nixos-24.05", "outputs": ["*"], "priority": 4,
            "storePaths": [path(""), path("-man"), path("-dev")],
            "url": format!("github:NixOS/nixpkgs/{rev}?narHash={nar}")})
        }
        7 => json!({"active": true, "attrPath": "packages.x86_64-linux.default",
            "originalUrl": format!("path:/home/me/src/{name}"), "outputs": null, "priority": 5,
            "storePaths": [path("")],
            "url": format!("path:/home/me/src/{name}?lastModified=1715472000&narHash={nar}")}),
        8 => json!({"active": true, "attrPath": format!("packages.x86_64-linux.{name}"),
            "originalUrl": format!("git+https://example.org/me/{name}.git?ref=main"), "outputs": ["man", "out"],
            "priority": 5, "storePaths": [path(""), path("-man")],
            "url": format!("git+https://example.org/me/{name}.git?ref=main&rev={rev}")}),
        _ => json!({"active": true, "priority": 5, "storePaths": [path("")]}),
    };
    (name, value)
}

fn main() {
    let elements: Map<String, Value> = (0..ELEMENTS).map(element).collect();
    let text = json!({"version": 3, "elements": elements}).to_string();
    let manifest = Manifest::parse_json(text.as_bytes(), Path::new("manifest.json"))
        .expect("the generated manifest parses");
    assert_eq!(manifest.elements.len(), ELEMENTS);
    let options = FreezeOptions::default();
    let ctx = PlanContext {
        host_system: "x86_64-linux".into(),
        registry: BTreeMap::new(),
    };
    let origin = Origin::default();
    let facts = BTreeMap::new();

    let p = plan(&manifest.elements, &options, &ctx).expect("plan");
    let flake = render_flake(&p, origin).expect("flake.nix");
    let lock = build_lock(&p, &facts).0.to_json_string();
    println!(
        "{} packages, {} inputs, {} not frozen: flake.nix {} KB, flake.lock {} KB",
        p.packages.len(),
        p.inputs.len(),
        p.unfrozen.len(),
        flake.len() / 1024,
        lock.len() / 1024
    );

    let t = median(100, || {
        let p = plan(black_box(&manifest.elements), &options, &ctx).ok();
        if let Some(p) = p {
            black_box(render_flake(&p, origin).ok());
            black_box(build_lock(&p, &facts).0.to_json_string());
            black_box(render_readme(&p, origin));
        }
    });
    let verdict = if t < TARGET { "under" } else { "OVER" };
    println!(
        "freeze of {ELEMENTS} elements in memory (plan, flake.nix, flake.lock, README.md): median {}, {verdict} the {} target",
        ms(t),
        ms(TARGET)
    );
    let tp = median(100, || {
        black_box(plan(black_box(&manifest.elements), &options, &ctx).ok());
    });
    println!("  of which planning: median {}", ms(tp));
}
