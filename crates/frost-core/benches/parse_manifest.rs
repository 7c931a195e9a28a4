//! How long Frost takes to read a large profile manifest: a fixed
//! 1,000-element version 3 manifest.json, parsed many times. The target is a
//! median under 5 ms per parse, so opening a profile feels instant.
//! For comparison it also times the same profile as version 2 (names
//! computed, not stored) and as a nix-env manifest.nix.
//!
//! Run: `cargo bench -p frost-core --bench parse_manifest`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

mod common;
use common::{element, median, ms, store_path};

use frost_core::Manifest;
use serde_json::{json, Map, Value};

const ELEMENTS: usize = 1_000;
const TARGET: Duration = Duration::from_millis(5);

fn v3() -> String {
    let elements: Map<String, Value> = (0..ELEMENTS).map(element).collect();
    json!({"version": 3, "elements": elements}).to_string()
}

fn v2() -> String {
    let elements: Vec<Value> = (0..ELEMENTS).map(|i| element(i).1).collect();
    json!({"version": 2, "elements": elements}).to_string()
}

fn nix_env() -> String {
    let mut s = String::from("[ ");
    for i in 0..ELEMENTS {
        let p = store_path(i, &format!("pkg{i}-1.{i}"));
        s.push_str(&format!(
            "{{ meta = {{ description = \"Package number {i}\"; priority = {}; }}; name = \"pkg{i}-1.{i}\"; \
             out = {{ outPath = \"{p}\"; }}; outPath = \"{p}\"; outputs = [ \"out\" ]; \
             system = \"x86_64-linux\"; type = \"derivation\"; }} ",
            i % 10
        ));
    }
    s.push(']');
    s
}

fn main() {
    let path = Path::new("manifest.json");
    let v3 = v3();
    let parsed = Manifest::parse_json(v3.as_bytes(), path).expect("the generated manifest parses");
    assert_eq!(parsed.elements.len(), ELEMENTS);
    let t3 = median(200, || {
        black_box(Manifest::parse_json(black_box(v3.as_bytes()), path).ok());
    });
    let verdict = if t3 < TARGET { "under" } else { "OVER" };
    println!(
        "manifest.json v3, {ELEMENTS} elements ({} KB): median {} per parse, {verdict} the {} target",
        v3.len() / 1024,
        ms(t3),
        ms(TARGET)
    );

    let v2 = v2();
    let t2 = median(200, || {
        black_box(Manifest::parse_json(black_box(v2.as_bytes()), path).ok());
    });
    println!(
        "manifest.json v2, {ELEMENTS} elements (names computed): median {} per parse",
        ms(t2)
    );

    let env = nix_env();
    let nix_path = Path::new("manifest.nix");
    assert_eq!(
        Manifest::parse_nix_env(&env, nix_path)
            .map(|m| m.elements.len())
            .ok(),
        Some(ELEMENTS)
    );
    let te = median(50, || {
        black_box(Manifest::parse_nix_env(black_box(&env), nix_path).ok());
    });
    println!(
        "manifest.nix, {ELEMENTS} packages ({} KB): median {} per parse",
        env.len() / 1024,
        ms(te)
    );
}
