//! How fast `parse_line` reads Nix's `--log-format internal-json` stderr.
//! Target: over 1,000,000 lines/s, so a chatty build never makes the log
//! reader the bottleneck. Run with `cargo bench -p frost-core --bench parse_log`.
//!
//! A second figure runs the same kind of stream through the whole runner
//! (pipe, line splitting, parsing) from a script standing in for `nix`.
//!
//! The lines copy the shapes Nix 2.26 writes (tests/fixtures/internal-json),
//! mixed roughly like a real build: mostly build log lines and progress.

use std::hint::black_box;
use std::time::Instant;

use frost_core::nix::{parse_line, LogEvent, NixCommand};

const LINES: usize = 1_000_000;
const TARGET: f64 = 1_000_000.0;

fn main() {
    let lines = synthetic_log(LINES);
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();

    // Warm up allocator and caches on a slice first.
    for line in &lines[..LINES / 10] {
        black_box(parse_line(black_box(line)));
    }

    let start = Instant::now();
    let mut text = 0usize;
    for line in &lines {
        if let LogEvent::Text(_) = black_box(parse_line(black_box(line))) {
            text += 1;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let rate = LINES as f64 / seconds;

    assert_eq!(text, 0, "every synthetic line is valid internal-json");
    println!(
        "parse_line: {LINES} lines ({:.1} MB) in {:.3} s = {:.0} lines/s, {:.0} MB/s",
        bytes as f64 / 1e6,
        seconds,
        rate,
        bytes as f64 / 1e6 / seconds
    );
    println!(
        "over {TARGET:.0} lines/s: {}",
        if rate > TARGET { "yes" } else { "NO" }
    );

    match through_the_runner(&lines[..LINES / 4]) {
        Ok((events, seconds)) => println!(
            "runner: {events} events through next_event in {seconds:.3} s = {:.0} events/s",
            events as f64 / seconds
        ),
        Err(e) => println!("runner: not measured ({e})"),
    }
}

/// Spawns `cat LOG >&2` as the "nix" and reads every event.
fn through_the_runner(lines: &[String]) -> Result<(usize, f64), Box<dyn std::error::Error>> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let log = dir.path().join("log");
    std::fs::write(&log, lines.join("\n") + "\n")?;
    let script = dir.path().join("fake-nix");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nexec /bin/cat '{}' >&2\n", log.display()),
    )?;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let start = Instant::now();
        let mut nix = NixCommand::new(["build"]).nix_binary(&script).spawn()?;
        let mut events = 0;
        while let Some(event) = nix.next_event().await {
            black_box(event);
            events += 1;
        }
        nix.wait().await?;
        Ok((events, start.elapsed().as_secs_f64()))
    })
}

fn synthetic_log(count: usize) -> Vec<String> {
    // Activity ids as Nix makes them, (pid << 32) + n, with a pid large
    // enough to pass 2^53.
    let base: u64 = 3_000_000 << 32;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    (0..count)
        .map(|i| {
            let id = base + (i as u64 % 64);
            let drv = format!("/nix/store/{:032x}-pkg-{}.drv", next(), i % 97);
            match next() % 100 {
                0..=44 => format!(
                    r#"@nix {{"action":"result","fields":["[{}/{}] CC src/module_{}.o -O2 -Wall -fPIC"],"id":{id},"type":101}}"#,
                    i % 500,
                    500,
                    next() % 1000
                ),
                45..=69 => format!(
                    r#"@nix {{"action":"result","fields":[{},{},{},0],"id":{id},"type":105}}"#,
                    next() % 1_000_000,
                    1_000_000,
                    next() % 4
                ),
                70..=74 => format!(
                    r#"@nix {{"action":"result","fields":[{},{}],"id":{id},"type":106}}"#,
                    100 + next() % 2,
                    next() % 10_000_000
                ),
                75..=84 => format!(
                    r#"@nix {{"action":"start","fields":["{drv}","",1,1],"id":{id},"level":3,"parent":0,"text":"building '{drv}'","type":105}}"#
                ),
                85..=94 => format!(r#"@nix {{"action":"stop","id":{id}}}"#),
                95..=97 => format!(
                    r#"@nix {{"action":"msg","level":3,"msg":"  {}"}}"#,
                    drv
                ),
                _ => format!(
                    r#"@nix {{"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m builder for '\u001b[35;1m{drv}\u001b[0m' failed with exit code 2","raw_msg":"builder for '\u001b[35;1m{drv}\u001b[0m' failed with exit code 2"}}"#
                ),
            }
        })
        .collect()
}
