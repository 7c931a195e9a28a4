use super::*;
use crate::nix::parse_line;
use crate::ops::phrase::format_size;

fn feed(model: &mut ProgressModel, lines: &[String]) {
    for line in lines {
        model.observe(&parse_line(line));
    }
}

fn start(id: u64, parent: u64, kind: u64, text: &str, fields: &str) -> String {
    format!(
        r#"@nix {{"action":"start","id":{id},"level":3,"parent":{parent},"text":"{text}","type":{kind},"fields":[{fields}]}}"#
    )
}

fn result(id: u64, kind: u64, fields: &str) -> String {
    format!(r#"@nix {{"action":"result","id":{id},"type":{kind},"fields":[{fields}]}}"#)
}

fn stop(id: u64) -> String {
    format!(r#"@nix {{"action":"stop","id":{id}}}"#)
}

fn build(id: u64, parent: u64, name: &str) -> String {
    let drv = format!("/nix/store/{}-{name}.drv", "a".repeat(32));
    start(
        id,
        parent,
        105,
        &format!("building '{drv}'"),
        &format!("\"{drv}\",\"\",1,1"),
    )
}

#[test]
fn builds_are_counted_and_named_like_nix_does() {
    let mut model = ProgressModel::new();
    feed(
        &mut model,
        &[
            start(1, 0, 102, "", ""),
            start(2, 1, 104, "", ""),
            result(2, 105, "0,5,0,0"),
            build(10, 2, "zlib-1.3"),
            result(2, 105, "0,5,1,0"),
        ],
    );
    let p = model.snapshot();
    assert_eq!(
        p.builds,
        Tally {
            done: 0,
            expected: 5,
            running: 1,
            failed: 0
        }
    );
    assert_eq!(p.phrase.as_deref(), Some("Building zlib (1 of 5)"));
    assert_eq!(p.fraction, Some(0.0));

    feed(
        &mut model,
        &[
            stop(10),
            result(2, 105, "1,5,0,0"),
            build(11, 2, "hello-2.12.1"),
            result(2, 105, "1,5,1,0"),
            result(11, 104, "\"buildPhase\""),
            result(11, 101, "\"\\u001b[1mcc -c hello.c\\u001b[0m\""),
        ],
    );
    let p = model.snapshot();
    assert_eq!(p.phrase.as_deref(), Some("Building hello (2 of 5)"));
    assert_eq!(p.fraction, Some(0.2));
    let current = p.current.expect("the build shows");
    assert_eq!(current.activity, ActivityType::Build);
    assert_eq!(current.name.as_deref(), Some("hello"));
    assert_eq!(current.phase.as_deref(), Some("buildPhase"));
    assert_eq!(current.last_line.as_deref(), Some("cc -c hello.c"));
    assert_eq!(model.activity_name(11).map(|n| &**n), Some("hello"));
}

#[test]
fn downloads_are_shown_in_bytes_against_the_announced_total() {
    let mut model = ProgressModel::new();
    feed(
        &mut model,
        &[
            start(1, 0, 102, "", ""),
            // Realise announces 120 MB of downloads before any starts.
            result(1, 106, "101,120000000"),
            start(
                20,
                1,
                101,
                "downloading 'https://cache.example/nar/x.nar.xz'",
                "\"https://cache.example/nar/x.nar.xz\"",
            ),
            result(20, 105, "34000000,80000000,0,0"),
        ],
    );
    let p = model.snapshot();
    assert_eq!(
        p.downloaded_bytes,
        Tally {
            done: 34_000_000,
            expected: 120_000_000,
            running: 0,
            failed: 0
        }
    );
    assert_eq!(p.phrase.as_deref(), Some("Downloading 34 MB of 120 MB"));
    let fraction = p.fraction.expect("a known total");
    assert!((fraction - 34.0 / 120.0).abs() < 1e-9);

    // The finished transfer's bytes stay counted after it stops; the
    // announcement goes with the activity that made it.
    feed(
        &mut model,
        &[result(20, 105, "80000000,80000000,0,0"), stop(20)],
    );
    assert_eq!(model.snapshot().downloaded_bytes.done, 80_000_000);
    assert_eq!(model.snapshot().downloaded_bytes.expected, 120_000_000);
    feed(&mut model, &[stop(1)]);
    let p = model.snapshot();
    assert_eq!(p.downloaded_bytes.expected, 80_000_000);
    assert!(!p.downloaded_bytes.in_progress());
    assert_eq!(p.phrase, None);
}

#[test]
fn set_expected_replaces_an_activitys_own_announcement() {
    let mut model = ProgressModel::new();
    feed(
        &mut model,
        &[
            start(1, 0, 102, "", ""),
            start(2, 0, 102, "", ""),
            result(1, 106, "100,10"),
            result(2, 106, "100,5"),
            result(1, 106, "100,3"),
        ],
    );
    assert_eq!(model.snapshot().copied_bytes.expected, 8);
    feed(&mut model, &[stop(2)]);
    assert_eq!(model.snapshot().copied_bytes.expected, 3);
}

#[test]
fn transfers_inside_copies_are_hidden_like_in_nixs_bar() {
    let mut model = ProgressModel::new();
    let path = format!("/nix/store/{}-openssl-3.0.13", "b".repeat(32));
    feed(
        &mut model,
        &[
            start(
                30,
                0,
                108,
                "substituting",
                &format!("\"{path}\",\"https://cache.example\""),
            ),
            start(31, 30, 100, "copying", &format!("\"{path}\",\"a\",\"b\"")),
            start(32, 31, 101, "downloading", "\"https://cache.example/x\""),
        ],
    );
    let current = model.snapshot().current.expect("the substitution shows");
    assert_eq!(current.activity, ActivityType::Substitute);
    assert_eq!(current.name.as_deref(), Some("openssl"));
    assert_eq!(model.snapshot().phrase.as_deref(), Some("Fetching openssl"));
}

#[test]
fn copies_count_paths_when_no_bytes_are_known() {
    let mut model = ProgressModel::new();
    feed(
        &mut model,
        &[
            start(1, 0, 103, "copying 3 paths", ""),
            result(1, 105, "1,3,1,0"),
        ],
    );
    assert_eq!(
        model.snapshot().phrase.as_deref(),
        Some("Copying 2 of 3 paths")
    );
}

#[test]
fn a_malformed_stream_changes_nothing_and_panics_nowhere() {
    let mut model = ProgressModel::new();
    feed(
        &mut model,
        &[
            result(99, 105, "1,2,3,4"),
            result(99, 106, "101,7"),
            stop(99),
            start(1, 1, 0, "", ""),
            result(1, 105, "\"x\",2,3,4"),
            result(1, 106, "101"),
            result(1, 104, "7"),
            result(1, 101, "3"),
            // A parent chain that loops.
            start(2, 3, 0, "", ""),
            start(3, 2, 0, "", ""),
            start(4, 3, 101, "downloading", "\"u\""),
        ],
    );
    let p = model.snapshot();
    assert_eq!(p.downloaded_bytes, Tally::default());
    assert_eq!(p.builds, Tally::default());
    // The same id started twice counts once.
    feed(
        &mut model,
        &[
            start(5, 0, 102, "", ""),
            result(5, 106, "104,4"),
            start(5, 0, 102, "", ""),
            result(5, 106, "104,2"),
        ],
    );
    assert_eq!(model.snapshot().builds.expected, 2);
}

#[test]
fn activities_are_bounded() {
    let mut model = ProgressModel::new();
    for id in 0..(MAX_ACTIVITIES as u64 + 100) {
        model.observe(&LogEvent::Start {
            id,
            parent: 0,
            level: 3,
            activity: ActivityType::Build,
            text: String::new(),
            fields: vec![],
        });
    }
    assert_eq!(model.activities.len(), MAX_ACTIVITIES);
}

#[test]
fn evaluation_is_named_when_nothing_is_counted() {
    let mut model = ProgressModel::new();
    feed(
        &mut model,
        &[start(1, 0, 0, "evaluating derivation 'path:/x#hello'", "")],
    );
    assert_eq!(model.snapshot().phrase.as_deref(), Some("Evaluating…"));
    assert_eq!(model.snapshot().fraction, None);
}

#[test]
fn sizes_read_like_gnomes() {
    for (bytes, text) in [
        (0, "0 bytes"),
        (1, "1 byte"),
        (999, "999 bytes"),
        (1000, "1.0 kB"),
        (3_400_000, "3.4 MB"),
        (34_000_000, "34 MB"),
        (120_000_000, "120 MB"),
        (999_999_999, "1000 MB"),
        (2_500_000_000, "2.5 GB"),
        (u64::MAX, "18 EB"),
    ] {
        assert_eq!(format_size(bytes), text, "{bytes}");
    }
}
