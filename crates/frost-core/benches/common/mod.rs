//! Helpers shared by the benchmarks that build synthetic profiles.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A store path with a fixed, valid-looking hash derived from `i`.
pub fn store_path(i: usize, name: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdfghijklmnpqrsvwxyz";
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let hash: String = (0..32)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[(x % 32) as usize] as char
        })
        .collect();
    format!("/nix/store/{hash}-{name}")
}

/// Median time of `f` over `runs` runs, after a few to warm caches.
pub fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    for _ in 0..5 {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// One element of a typical profile: mostly nixpkgs (a few pins), some
/// local flakes, git repositories, multi-output packages and bare paths.
pub fn element(i: usize) -> (String, Value) {
    let name = format!("pkg{i}");
    let paths = |outs: &[&str]| -> Vec<String> {
        outs.iter()
            .map(|o| {
                let n = if *o == "out" {
                    format!("{name}-1.{i}")
                } else {
                    format!("{name}-1.{i}-{o}")
                };
                store_path(i * 7 + o.len(), &n)
            })
            .collect()
    };
    // Four nixpkgs pins, as after a few `nix profile upgrade`s.
    let rev = format!(
        "{:040x}",
        0x1234_5678_9abc_def1_u64.wrapping_mul(i as u64 % 4 + 1)
    );
    let nar = "sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D";
    let value = match i % 10 {
        0..=5 => json!({"active": true, "attrPath": format!("legacyPackages.x86_64-linux.{name}"),
            "originalUrl": "flake:nixpkgs", "outputs": null, "priority": 5, "storePaths": paths(&["out"]),
            "url": format!("github:NixOS/nixpkgs/{rev}?narHash={nar}")}),
        6 => {
            json!({"active": true, "attrPath": format!("legacyPackages.x86_64-linux.python3Packages.{name}"),
            "originalUrl": "github:NixOS/nixpkgs/nixos-24.05", "outputs": ["*"], "priority": 4,
            "storePaths": paths(&["out", "man", "dev"]), "url": format!("github:NixOS/nixpkgs/{rev}?narHash={nar}")})
        }
        7 => json!({"active": true, "attrPath": "packages.x86_64-linux.default",
            "originalUrl": format!("path:/home/me/src/{name}"), "outputs": null, "priority": 5,
            "storePaths": paths(&["out"]),
            "url": format!("path:/home/me/src/{name}?lastModified=1715472000&narHash={nar}")}),
        8 => json!({"active": true, "attrPath": format!("packages.x86_64-linux.{name}"),
            "originalUrl": format!("git+https://example.org/me/{name}.git?ref=main"), "outputs": ["man", "out"],
            "priority": 5, "storePaths": paths(&["out", "man"]),
            "url": format!("git+https://example.org/me/{name}.git?ref=main&rev={rev}")}),
        _ => json!({"active": true, "priority": 5, "storePaths": paths(&["out"])}),
    };
    (name, value)
}
