//! `parse_line` on stderr captured from real Nix 2.26.3 runs
//! (`--log-format internal-json`; see tests/fixtures/internal-json/).

use std::collections::HashSet;

use frost_core::nix::{parse_line, ActivityType, Field, LogEvent, ResultType};

fn events(name: &str) -> Vec<LogEvent> {
    let path = format!(
        "{}/tests/fixtures/internal-json/nix-2.26.3-{name}.log",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    let events: Vec<LogEvent> = text.lines().map(parse_line).collect();
    for (line, event) in text.lines().zip(&events) {
        assert!(
            !matches!(event, LogEvent::Text(_)),
            "{name}: not understood: {line}"
        );
    }
    events
}

/// Every activity that starts also stops, and nothing stops twice.
fn assert_balanced(events: &[LogEvent]) {
    let mut open = HashSet::new();
    for event in events {
        match event {
            LogEvent::Start { id, .. } => assert!(open.insert(*id), "started twice: {id}"),
            LogEvent::Stop { id } => assert!(open.remove(id), "stopped but not started: {id}"),
            LogEvent::Result { id, .. } => assert!(open.contains(id), "result outside: {id}"),
            _ => {}
        }
    }
    assert!(open.is_empty(), "never stopped: {open:?}");
}

fn last_msg(events: &[LogEvent]) -> &LogEvent {
    events
        .iter()
        .rev()
        .find(|e| matches!(e, LogEvent::Msg { .. }))
        .expect("a message")
}

#[test]
fn a_profile_install_builds_with_log_lines_inside_its_build_activity() {
    let events = events("profile-install");
    assert_balanced(&events);
    let build = events
        .iter()
        .find_map(|e| match e {
            LogEvent::Start {
                id,
                activity: ActivityType::Build,
                level: 3,
                text,
                fields,
                ..
            } => Some((*id, text.clone(), fields.clone())),
            _ => None,
        })
        .expect("a Build activity");
    let drv = "/nix/store/fc70kvgcxh9q5cgpsrfha91nj0zn1klf-hello-frost.drv";
    assert_eq!(build.1, format!("building '{drv}'"));
    assert_eq!(
        build.2,
        [
            Field::Str(drv.into()),
            Field::Str(String::new()),
            Field::Int(1),
            Field::Int(1)
        ]
    );
    let log: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            LogEvent::Result {
                id,
                result: ResultType::BuildLogLine,
                fields,
            } if *id == build.0 => fields[0].as_str(),
            _ => None,
        })
        .collect();
    assert_eq!(
        log,
        [
            "configuring hello",
            "building hello",
            "\x1b[32mall tests passed\x1b[0m",
            "a warning on stderr"
        ]
    );
    // The Builds activity counts one build expected, then one done.
    assert!(events.contains(&LogEvent::Result {
        id: 85139136708613,
        result: ResultType::Progress,
        fields: vec![Field::Int(1), Field::Int(1), Field::Int(0), Field::Int(0)],
    }));
    // The Realise activity expects no downloads and no copies.
    for activity in [ActivityType::FileTransfer, ActivityType::CopyPath] {
        assert!(events.contains(&LogEvent::Result {
            id: 85139136708612,
            result: ResultType::SetExpected,
            fields: vec![Field::Int(activity.code()), Field::Int(0)],
        }));
    }
}

#[test]
fn copying_reports_progress_in_bytes() {
    let events = events("copy-to-cache");
    assert_balanced(&events);
    let copy = events
        .iter()
        .find_map(|e| match e {
            LogEvent::Start {
                id,
                activity: ActivityType::CopyPath,
                fields,
                ..
            } => Some((*id, fields.clone())),
            _ => None,
        })
        .expect("a CopyPath activity");
    assert_eq!(copy.1[1], Field::Str("local".into()));
    assert_eq!(
        copy.1[2],
        Field::Str("file:///tmp/frost-fixture/binary-cache".into())
    );
    let done: Vec<(u64, u64)> = events
        .iter()
        .filter_map(|e| match e {
            LogEvent::Result {
                id,
                result: ResultType::Progress,
                fields,
            } if *id == copy.0 => Some((fields[0].as_int()?, fields[1].as_int()?)),
            _ => None,
        })
        .collect();
    assert_eq!(done.len(), 79);
    assert!(done.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(done.iter().all(|&(_, expected)| expected == 456));
    assert!(events.iter().any(|e| matches!(e,
        LogEvent::Result { result: ResultType::SetExpected, fields, .. }
            if *fields == [Field::Int(ActivityType::CopyPath.code()), Field::Int(456)])));
}

#[test]
fn a_failed_build_ends_with_an_error_that_names_the_derivation() {
    let events = events("build-failure");
    assert_balanced(&events);
    let LogEvent::Msg {
        level: 0,
        msg,
        raw_msg: Some(raw),
        file: None,
        line: None,
        column: None,
    } = last_msg(&events)
    else {
        panic!("{:?}", last_msg(&events));
    };
    let drv = "/nix/store/2v6bqk0xvzvvnqgbw4dyc2x4qala7x6p-broken-frost.drv";
    assert_eq!(raw, &format!("builder for '{drv}' failed with exit code 3"));
    assert_eq!(msg, &format!("error: {raw}"));
}

#[test]
fn an_evaluation_error_carries_file_line_and_column() {
    let events = events("eval-error");
    assert_eq!(
        events,
        [LogEvent::Msg {
            level: 0,
            msg: "error: cannot add a string to an integer\n       at «string»:1:5:\n            1| 1 + \"a\"\n             |     ^".into(),
            raw_msg: Some("cannot add a string to an integer".into()),
            file: Some("«string»:1:5".into()),
            line: Some(1),
            column: Some(5),
        }]
    );
}

#[test]
fn interruption_unknown_commands_warnings_and_traces() {
    let interrupted = events("interrupted");
    assert_balanced(&interrupted);
    assert!(matches!(last_msg(&interrupted),
        LogEvent::Msg { level: 0, msg, raw_msg: Some(_), .. } if msg == "error: interrupted by the user"));

    let unknown = events("unknown-command");
    assert!(matches!(&unknown[0],
        LogEvent::Msg { level: 0, msg, raw_msg: Some(_), .. }
            if msg == "error: 'frobnicate' is not a recognised command"));
    assert!(matches!(
        &unknown[1],
        LogEvent::Msg {
            level: 0,
            raw_msg: None,
            ..
        }
    ));

    let noise = events("warning-and-trace");
    assert!(matches!(&noise[0],
        LogEvent::Msg { level: 1, msg, raw_msg: None, .. }
            if msg == "warning: unknown setting 'frost-bogus-setting'"));
    assert!(matches!(&noise[1],
        LogEvent::Msg { level: 0, msg, raw_msg: None, .. } if msg == "trace: tracing frost"));
}
