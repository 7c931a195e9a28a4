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
use common::{element, median, ms};

use frost_core::freeze::edit::{add_package, remove_package, Addition};
use frost_core::freeze::engine::build_lock;
use frost_core::freeze::plan::{plan, FreezeOptions, PlanContext};
use frost_core::freeze::readme::render_readme;
use frost_core::freeze::render::{render_flake, Origin};
use frost_core::Manifest;
use serde_json::{json, Map, Value};

const ELEMENTS: usize = 1_000;
const TARGET: Duration = Duration::from_millis(20);
/// An edit of flake.nix (adopt writes every change back) within a frame.
const EDIT_TARGET: Duration = Duration::from_micros(16_700);

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

    // Adopt's edits of that flake.nix: the last package out, then in again.
    let last = p.packages.last().expect("packages").clone();
    let addition = Addition {
        input_url: p.input(&last.input).expect("its input").url.clone(),
        package: last.clone(),
    };
    let smaller = remove_package(&flake, &last.name).expect("remove");
    assert_eq!(add_package(&smaller, &addition).expect("add"), flake);
    let tr = median(100, || {
        black_box(remove_package(black_box(&flake), &last.name).ok());
    });
    let ta = median(100, || {
        black_box(add_package(black_box(&smaller), &addition).ok());
    });
    let verdict = if tr.max(ta) < EDIT_TARGET {
        "under"
    } else {
        "OVER"
    };
    println!(
        "editing that flake.nix in place: removing a package median {}, adding one {}, {verdict} the {} target",
        ms(tr),
        ms(ta),
        ms(EDIT_TARGET)
    );
    let tparse = median(100, || {
        black_box(rnix::Root::parse(black_box(&flake)).ok().is_ok());
    });
    // The edit parses the file once; its result is checked from the
    // splices, not parsed again (freeze::edit::check_locally).
    println!(
        "  of which rnix parses the file once: median {}",
        ms(tparse)
    );
}
