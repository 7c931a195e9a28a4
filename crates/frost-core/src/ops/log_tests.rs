use super::*;

fn texts(log: &LogModel) -> Vec<&str> {
    log.iter().map(|l| &*l.text).collect()
}

#[test]
fn only_the_last_lines_are_kept_and_the_rest_counted() {
    let mut log = LogModel::with_limits(100, usize::MAX);
    for n in 0..250 {
        let kind = if n % 10 == 0 {
            LineKind::Warning
        } else {
            LineKind::Build
        };
        log.push(kind, None, &format!("line {n}"));
    }
    assert_eq!(log.len(), 100);
    assert_eq!(log.dropped(), 150);
    assert_eq!(log.get(0).map(|l| l.seq), Some(150));
    assert_eq!(log.get(99).map(|l| &*l.text), Some("line 249"));
    // Counts cover dropped lines too.
    assert_eq!(
        log.counts(),
        LogCounts {
            total: 250,
            warnings: 25,
            errors: 0
        }
    );
}

#[test]
fn long_lines_are_cut_and_bytes_bound_the_log() {
    let mut log = LogModel::with_limits(1000, 100_000);
    let long = "é".repeat(MAX_LINE_BYTES);
    log.push(LineKind::Build, None, &long);
    let kept = &log.get(0).unwrap().text;
    assert!(kept.len() <= MAX_LINE_BYTES, "{}", kept.len());
    assert!(kept.ends_with('…'));
    for _ in 0..100 {
        log.push(LineKind::Build, None, &long);
    }
    assert!(log.bytes_held() <= 100_000, "{}", log.bytes_held());
    assert!(log.len() < 20);
    assert_eq!(log.dropped() + log.len() as u64, 101);

    // A single line larger than the budget is still kept: the newest line
    // is what a person needs to see.
    let mut tiny = LogModel::with_limits(10, 10);
    tiny.push(LineKind::Info, None, "longer than ten bytes");
    tiny.push(LineKind::Info, None, "the newest line here");
    assert_eq!(texts(&tiny), ["the newest line here"]);
}

#[test]
fn escapes_and_carriage_returns_are_resolved() {
    let mut log = LogModel::new();
    log.push(LineKind::Build, None, "\x1b[32mok\x1b[0m");
    log.push(LineKind::Build, None, " 10%\r 50%\r100%\r");
    log.push(LineKind::Build, None, "plain\r");
    assert_eq!(texts(&log), ["ok", "100%", "plain"]);
}

#[test]
fn messages_of_several_lines_become_several_lines() {
    let mut log = LogModel::new();
    log.push_message(
        LineKind::Error,
        "error: builder failed\n       last 3 log lines:\n",
    );
    assert_eq!(
        texts(&log),
        ["error: builder failed", "       last 3 log lines:"]
    );
    assert_eq!(log.counts().errors, 2);
}

#[test]
fn batches_carry_new_lines_to_a_view_that_splices_once() {
    // The worker's side holds lines only between two batches.
    let mut worker = LogModel::with_limits(5, usize::MAX);
    let mut view = LogModel::with_limits(8, usize::MAX);
    let source: Arc<str> = Arc::from("hello");

    for n in 0..3 {
        worker.push(LineKind::Build, Some(source.clone()), &format!("a{n}"));
    }
    let applied = view.apply(worker.take_batch());
    assert!(worker.is_empty());
    assert_eq!(
        applied,
        Applied {
            removed_front: 0,
            appended: 3
        }
    );

    // 7 lines while the view was busy: the worker keeps the last 5.
    for n in 0..7 {
        worker.push(LineKind::Build, Some(source.clone()), &format!("b{n}"));
    }
    let batch = worker.take_batch();
    assert_eq!(batch.lines.first().map(|l| l.seq), Some(5));
    let applied = view.apply(batch);
    assert_eq!(
        applied,
        Applied {
            removed_front: 0,
            appended: 5
        }
    );
    assert_eq!(view.len(), 8);
    assert_eq!(view.dropped(), 2, "the gap between a2 and b2");

    worker.push(LineKind::Error, None, "error: c");
    let applied = view.apply(worker.take_batch());
    assert_eq!(
        applied,
        Applied {
            removed_front: 1,
            appended: 1
        }
    );
    assert_eq!(view.get(0).map(|l| &*l.text), Some("a1"));
    assert_eq!(view.counts().errors, 1);
    assert_eq!(view.tail_text(2), ["hello> b6", "error: c"]);
}

#[test]
fn a_batch_larger_than_the_view_replaces_it() {
    let mut view = LogModel::with_limits(4, usize::MAX);
    view.push(LineKind::Info, None, "old");
    let mut worker = LogModel::with_limits(100, usize::MAX);
    for n in 0..10 {
        worker.push(LineKind::Info, None, &n.to_string());
    }
    let applied = view.apply(worker.take_batch());
    assert_eq!(
        applied,
        Applied {
            removed_front: 1,
            appended: 4
        }
    );
    assert_eq!(texts(&view), ["6", "7", "8", "9"]);
    // The view's own line is not part of the worker's count.
    assert_eq!(view.counts().total, 10);
}

#[test]
fn build_lines_are_classified_like_a_person_would() {
    for (line, kind) in [
        ("src/main.c:3:5: error: expected ';'", LineKind::Error),
        ("Error: cannot find module 'x'", LineKind::Error),
        ("ERROR tests failed", LineKind::Error),
        ("make: *** [Makefile:3: all] Error 2", LineKind::Error),
        ("src/a.c:1:1: warning: unused variable", LineKind::Warning),
        ("WARNING: deprecated option", LineKind::Warning),
        ("cc -Werror -c x.c", LineKind::Build),
        ("Test error handling: ok", LineKind::Build),
        ("0 errors, 0 warnings", LineKind::Build),
        ("terror: not a tag", LineKind::Build),
        ("checking for error.h... yes", LineKind::Build),
        ("", LineKind::Build),
    ] {
        assert_eq!(classify_build_line(line), kind, "{line:?}");
    }
}

#[test]
fn search_ignores_case_and_text_joins_lines() {
    let mut log = LogModel::new();
    log.push(LineKind::Build, Some(Arc::from("hello")), "Compiling Main");
    log.push(LineKind::Info, None, "building 'x'");
    log.push(LineKind::Build, Some(Arc::from("hello")), "compiling util");
    assert_eq!(log.search("COMPILING"), [0, 2]);
    assert!(log.search("").is_empty());
    assert!(log.search("nothing").is_empty());
    assert_eq!(
        log.to_text(),
        "hello> Compiling Main\nbuilding 'x'\nhello> compiling util\n"
    );
}
