//! Running one change to a profile from the command line, through the same
//! queue the window uses: progress on stderr, Ctrl+C cancels (Nix is asked
//! to stop, then killed after a grace period; the profile stays as it was),
//! and the end is one clear message.

use std::io::Write;
use std::process::ExitCode;

use clap::ArgMatches;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::nix::CANCEL_GRACE;
use frost_core::ops::log::display_line;
use frost_core::ops::{
    Completed, Failed, NixContext, OpEvent, OpQueue, OpResult, Operation, QueueEvent,
};

use crate::status::Status;

/// What a shell reports for a command stopped by Ctrl+C.
const EXIT_CANCELLED: u8 = 130;
/// Lines of a failed build shown when its output was not printed already.
const BUILD_TAIL: usize = 10;

pub fn run(op: Operation, m: &ArgMatches) -> ExitCode {
    run_then(op, m, |done| {
        say(&success(&done));
        ExitCode::SUCCESS
    })
}

/// Like [`run`], but what to say once the operation worked is up to
/// `done` (`frost apply` prints its own summary).
pub fn run_then(
    op: Operation,
    m: &ArgMatches,
    done: impl FnOnce(Completed) -> ExitCode,
) -> ExitCode {
    run_with(op, m.get_flag("print-build-logs"), done)
}

/// Like [`run_then`], for a command without `-L` (`frost search`).
pub fn run_with(
    op: Operation,
    build_logs: bool,
    done: impl FnOnce(Completed) -> ExitCode,
) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            say(&format!("frost: {e}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(drive(op, build_logs)) {
        Some(Ok(completed)) => done(completed),
        Some(Err(failed)) => report_failure(failed, build_logs),
        None => ExitCode::FAILURE,
    }
}

/// Runs `op` with progress on stderr until it ends; `None` when it could
/// not even be queued (that was said already).
async fn drive(op: Operation, build_logs: bool) -> Option<OpResult> {
    let ctx = match NixContext::detect().await {
        Ok(ctx) => ctx,
        Err(e) => {
            say(&format!("frost: {e}"));
            return None;
        }
    };
    let (queue, mut events) = OpQueue::new(ctx, tokio::runtime::Handle::current());
    let id = queue.submit(op.clone());
    let mut status = Status::stderr(op.title(), build_logs);
    status.start();
    // Nix runs in a process group of its own, so the terminal's Ctrl+C
    // reaches only frost, which asks Nix to stop.
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut listening = true;
    loop {
        tokio::select! {
            signal = &mut ctrl_c, if listening => {
                listening = false;
                if signal.is_ok() && queue.cancel(id) {
                    status.message(&gettext_f(
                        "Cancelling: Nix has {seconds} seconds to stop before it is killed. The profile stays as it was.",
                        &[("seconds", &CANCEL_GRACE.as_secs().to_string())],
                    ));
                }
            }
            event = events.recv() => {
                // The queue is gone without a last word.
                let QueueEvent { event, .. } = event?;
                match event {
                    OpEvent::Update(update) => status.update(&update),
                    OpEvent::Finished(result) => {
                        let message = result.as_ref().err().and_then(|f| f.nix_message());
                        status.finish_with(message);
                        return Some(result);
                    }
                    OpEvent::Queued { .. } | OpEvent::Started { .. } => {}
                }
            }
        }
    }
}

fn report_failure(failed: Failed, build_logs: bool) -> ExitCode {
    if failed.is_cancelled() {
        say(&cancelled(&failed));
        ExitCode::from(EXIT_CANCELLED)
    } else {
        say(&failure(&failed, build_logs));
        ExitCode::FAILURE
    }
}

fn success(done: &Completed) -> String {
    match done.generations {
        Some(g) if g.changed() => match (g.before, g.after) {
            (Some(before), Some(after)) => gettext_f(
                "{done} (generation {before} → {after}).",
                &[
                    ("done", &done.message),
                    ("before", &before.to_string()),
                    ("after", &after.to_string()),
                ],
            ),
            (_, after) => gettext_f(
                "{done} (generation {after}).",
                &[
                    ("done", &done.message),
                    ("after", &after.map_or_else(String::new, |a| a.to_string())),
                ],
            ),
        },
        Some(g) => gettext_f(
            "Nothing changed: the profile stays at generation {n}.",
            &[("n", &g.after.map_or_else(String::new, |a| a.to_string()))],
        ),
        None => gettext_f("{done}.", &[("done", &done.message)]),
    }
}

fn cancelled(failed: &Failed) -> String {
    match failed.generations.and_then(|g| g.after) {
        Some(n) => gettext_f(
            "Cancelled. The profile is unchanged: still generation {n}.",
            &[("n", &n.to_string())],
        ),
        None => gettext("Cancelled. Nothing was changed."),
    }
}

fn failure(failed: &Failed, build_logs: bool) -> String {
    let mut text = format!("frost: {}", failed.error);
    if let Some(explanation) = &failed.explanation {
        text.push_str("\n\n");
        text.push_str(&explanation.text);
    }
    // What the builder printed last, unless it was printed already.
    let built: Vec<_> = failed
        .log_tail
        .iter()
        .filter(|l| l.source.is_some())
        .collect();
    if !build_logs && !built.is_empty() {
        text.push_str("\n\n");
        text.push_str(&gettext("The build's last lines:"));
        for line in &built[built.len().saturating_sub(BUILD_TAIL)..] {
            text.push_str("\n  ");
            text.push_str(&display_line(line));
        }
    }
    if let Some(g) = failed.generations.filter(|g| !g.changed()) {
        if let Some(n) = g.after {
            text.push_str("\n\n");
            text.push_str(&gettext_f(
                "The profile is unchanged: still generation {n}.",
                &[("n", &n.to_string())],
            ));
        }
    }
    text
}

/// One message on stderr; a closed stderr is not worth failing for.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}
