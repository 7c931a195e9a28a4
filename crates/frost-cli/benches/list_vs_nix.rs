//! `frost list --json` against `nix profile list --json` on the same real
//! 1,000-element profile, side by side in one run. Target: Frost at least 10×
//! faster. Both read the same manifest; Frost also looks into every store
//! path to tell apps from tools.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use frost_testkit::{LargeProfile, NixSandbox};

const ELEMENTS: usize = 1000;
const ROUNDS: usize = 30;
const TARGET_RATIO: f64 = 10.0;

fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().expect("run");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.len() > ELEMENTS * 100, "printed every element");
    elapsed
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-large-profile");
    let _ = std::fs::remove_dir_all(&dir);
    let sandbox = NixSandbox::at(&dir).expect("sandbox");
    eprintln!("building a {ELEMENTS}-element profile with nix (about a minute the first time)…");
    let large = LargeProfile::build_in(sandbox, ELEMENTS).expect("profile");
    let profile = large.profile.to_string_lossy().into_owned();
    let frost_bin = env!("CARGO_BIN_EXE_frost");

    let cache = large.sandbox.cache_home().join("frost/packages.cache");
    let (mut cold, mut frost, mut nix) = (Vec::new(), Vec::new(), Vec::new());
    // Alternate, so both see the same machine load and caches.
    for _ in 0..ROUNDS {
        // Cold: Frost has never seen these store paths (first run).
        let _ = std::fs::remove_file(&cache);
        cold.push(time(large.sandbox.command(frost_bin).args([
            "list",
            "--json",
            "--profile",
            &profile,
        ])));
        // Warm: every later run, the packages' descriptions cached.
        frost.push(time(large.sandbox.command(frost_bin).args([
            "list",
            "--json",
            "--profile",
            &profile,
        ])));
        nix.push(time(large.sandbox.command("nix").args([
            "profile",
            "list",
            "--json",
            "--profile",
            &profile,
        ])));
    }
    let (c, f, n) = (median(cold), median(frost), median(nix));
    let ratio = n.as_secs_f64() / f.as_secs_f64();
    println!("list_vs_nix: {ELEMENTS} elements, median of {ROUNDS} runs");
    println!(
        "  frost list --json        {:8.2} ms",
        f.as_secs_f64() * 1e3
    );
    println!(
        "  frost list --json, nothing cached yet (first run) {:8.2} ms: {:.1}× faster than nix",
        c.as_secs_f64() * 1e3,
        n.as_secs_f64() / c.as_secs_f64()
    );
    println!(
        "  nix profile list --json  {:8.2} ms",
        n.as_secs_f64() * 1e3
    );
    println!(
        "  ratio {ratio:.1}× (target ≥ {TARGET_RATIO}×): {}",
        if ratio >= TARGET_RATIO {
            "met"
        } else {
            "MISSED"
        }
    );
}
