//! Searching 100,000 packages, with fixed generated input (a nixpkgs-sized
//! `nix search --json` output):
//!
//! (a) the whole `frost search` process over a cached index, from start to
//!     exit: target under 50 ms;
//! (b) one query in-process: target under 16.7 ms, a keystroke within one
//!     frame;
//! (c) building the index from the `nix search --json` output (parse, sort,
//!     columns, encode, write): no target, it is told beside Nix's own
//!     minute of evaluation.
//!
//! Beside them, the choice of the file format: loading the same index
//! encoded with postcard (what Frost stores) and with serde_json.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use frost_core::search::{decode, encode, IndexCache, LockedIndex, SearchIndex};

const PACKAGES: usize = 100_000;
const ROUNDS: usize = 21;
const PROCESS_TARGET: Duration = Duration::from_millis(50);
const QUERY_TARGET: Duration = Duration::from_micros(16_700);

const WORDS: [&str; 32] = [
    "library",
    "tool",
    "python",
    "editor",
    "fast",
    "simple",
    "graphics",
    "network",
    "audio",
    "video",
    "terminal",
    "server",
    "client",
    "rust",
    "haskell",
    "font",
    "game",
    "image",
    "parser",
    "compiler",
    "shell",
    "browser",
    "music",
    "data",
    "secure",
    "file",
    "manager",
    "plugin",
    "desktop",
    "command-line",
    "interface",
    "bindings",
];

/// Package `i`: a name from two words and a number, in a set like
/// nixpkgs' (`python3Packages.…`, `haskellPackages.…`), a version and a
/// description of five words.
fn package(i: usize) -> (String, String, String, String) {
    let w = |k: usize| WORDS[(i.wrapping_mul(2_654_435_761) >> k) % WORDS.len()];
    let pname = format!("{}-{}{}", w(3), w(9), i % 977);
    let set = match i % 10 {
        0..=2 => "python3Packages.",
        3 | 4 => "haskellPackages.",
        5 => "perlPackages.",
        _ => "",
    };
    let attr = format!("legacyPackages.x86_64-linux.{set}{pname}");
    let version = format!("{}.{}.{}", i % 7, i % 13, i % 101);
    let description = format!("A {} {} {} for {} {}", w(1), w(5), w(11), w(15), w(19));
    (attr, pname, version, description)
}

fn nix_search_json() -> String {
    let mut map = serde_json::Map::new();
    for i in 0..PACKAGES {
        let (attr, pname, version, description) = package(i);
        map.insert(
            attr,
            serde_json::json!({ "pname": pname, "version": version, "description": description }),
        );
    }
    serde_json::Value::Object(map).to_string()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

/// CPU time of `who` (`RUSAGE_SELF`, `RUSAGE_CHILDREN`): user and system.
/// On a machine whose cores other work keeps busy, a program's own CPU
/// time says what it costs; its wall time also says how long it waited.
fn cpu(who: libc::c_int) -> Duration {
    // SAFETY: getrusage fills the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut usage) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    // SAFETY: clock_gettime fills the struct it is given.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn ms(d: Duration) -> String {
    format!("{:7.2} ms", d.as_secs_f64() * 1e3)
}

fn verdict(d: Duration, target: Duration) -> &'static str {
    if d <= target {
        "met"
    } else {
        "MISSED"
    }
}

/// The load average, to read the figures by.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let json = nix_search_json();
    let key = "sha256-BenchBenchBenchBenchBenchBenchBenchBench000=";
    let url = format!(
        "path:/bench/nixpkgs?narHash={}",
        key.replace('=', "%3D").replace('+', "%2B")
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-search");
    let _ = std::fs::remove_dir_all(&dir);
    let cache_home = dir.join("cache");
    let cache = IndexCache::in_dir(cache_home.join("frost/search"));

    // (c) Building: parse, sort, columns, encode, write.
    let mut builds = Vec::new();
    for _ in 0..5 {
        let (d, ()) = time(|| {
            let packages =
                SearchIndex::from_nix_json("nix search", json.as_bytes()).expect("index");
            let index = LockedIndex::new(key.to_owned(), url.clone(), &packages);
            cache.store(&index).expect("stored");
        });
        builds.push(d);
    }
    let locked = cache.load(key).expect("cached");
    assert_eq!(locked.index().len(), PACKAGES);
    let file = cache.file(key).expect("file");
    let bytes = std::fs::read(&file).expect("read");

    // The format: postcard (stored) against serde_json of the same index.
    // The same packages as a plain JSON list, as a simple cache would keep
    // them (decoding it alone, before any index is made of it).
    let index = locked.index();
    let rows: Vec<(String, &str, &str, &str)> = (0..index.len())
        .filter_map(|i| index.package(i))
        .map(|p| (p.attr_path, p.pname, p.version, p.description))
        .collect();
    let as_json = serde_json::to_vec(&rows).expect("json");
    let load_postcard = median(
        (0..ROUNDS)
            .map(|_| time(|| decode(&std::fs::read(&file).expect("read")).expect("decoded")).0)
            .collect(),
    );
    // What frost does: the file mapped, not read.
    let map_postcard = median(
        (0..ROUNDS)
            .map(|_| time(|| cache.load(key).expect("cached").index().len()).0)
            .collect(),
    );
    let load_json = median(
        (0..ROUNDS)
            .map(|_| {
                time(|| {
                    serde_json::from_slice::<Vec<(String, String, String, String)>>(&as_json)
                        .expect("json")
                })
                .0
            })
            .collect(),
    );
    let (_, again) = time(|| encode(&locked));
    assert_eq!(again, bytes, "the same bytes every time");

    // (b) One query in-process.
    let queries = [
        "python",
        "fast editor",
        "rust-game17",
        "zzz",
        "a",
        "bindings for audio",
    ];
    let mut query_lines = Vec::new();
    let (mut worst, mut worst_cpu) = (Duration::ZERO, Duration::ZERO);
    for q in queries {
        let mut found = 0;
        let (mut walls, mut cpus) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let before = thread_cpu();
            let (d, hits) = time(|| locked.index().search(q));
            cpus.push(thread_cpu().saturating_sub(before));
            walls.push(d);
            found = hits.len();
        }
        let (d, c) = (median(walls), median(cpus));
        worst = worst.max(d);
        worst_cpu = worst_cpu.max(c);
        query_lines.push(format!(
            "    {q:<20} {} wall, {} CPU  ({found} found)",
            ms(d),
            ms(c)
        ));
    }

    // (a) The whole process.
    let frost = env!("CARGO_BIN_EXE_frost");
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("home");
    let mut process_lines = Vec::new();
    let (mut worst_process, mut worst_process_cpu) = (Duration::ZERO, Duration::ZERO);
    for q in ["rust-game17", "fast editor", "python"] {
        let mut printed = 0;
        let mut cpus = Vec::new();
        let d = median(
            (0..ROUNDS)
                .map(|_| {
                    let before = cpu(libc::RUSAGE_CHILDREN);
                    let (d, out) = time(|| {
                        Command::new(frost)
                            .args(["search", "--profile"])
                            .arg(dir.join("no-profile"))
                            .args(["--from", &url])
                            .args(q.split(' '))
                            .env("HOME", &home)
                            .env("XDG_CACHE_HOME", &cache_home)
                            .env("PATH", "/nonexistent")
                            .env("LANGUAGE", "en")
                            .output()
                            .expect("run frost")
                    });
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    cpus.push(cpu(libc::RUSAGE_CHILDREN).saturating_sub(before));
                    printed = out.stdout.iter().filter(|&&b| b == b'\n').count();
                    d
                })
                .collect(),
        );
        let c = median(cpus);
        worst_process = worst_process.max(d);
        worst_process_cpu = worst_process_cpu.max(c);
        process_lines.push(format!(
            "    frost search {q:<14} {} wall, {} CPU  ({} lines printed)",
            ms(d),
            ms(c),
            printed
        ));
    }

    println!("search: {PACKAGES} generated packages, medians of {ROUNDS} runs");
    println!("  (a) the whole frost search process, cached index (no nix on PATH):");
    for l in &process_lines {
        println!("{l}");
    }
    println!(
        "      slowest {} wall: {}; {} CPU: {} (target under {})",
        ms(worst_process),
        verdict(worst_process, PROCESS_TARGET),
        ms(worst_process_cpu),
        verdict(worst_process_cpu, PROCESS_TARGET),
        ms(PROCESS_TARGET),
    );
    println!("  (b) one query in-process:");
    for l in &query_lines {
        println!("{l}");
    }
    println!(
        "      slowest {} wall: {}; {} CPU: {} (target under {})",
        ms(worst),
        verdict(worst, QUERY_TARGET),
        ms(worst_cpu),
        verdict(worst_cpu, QUERY_TARGET),
        ms(QUERY_TARGET),
    );
    println!("  machine load (1 min): {}", load());
    println!(
        "  (c) building the index from nix search --json ({:.1} MB): {} (median of 5)",
        json.len() as f64 / 1e6,
        ms(median(builds))
    );
    println!(
        "  file format: postcard, borrowed in place: {:.1} MB, mapped+check+view {}, read+check+view {}; the same packages as a JSON list: {:.1} MB, decoding alone {}",
        bytes.len() as f64 / 1e6,
        ms(map_postcard),
        ms(load_postcard),
        as_json.len() as f64 / 1e6,
        ms(load_json)
    );
}
