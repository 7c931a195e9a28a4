//! `frost`: the command-line side of Frost. GTK-free so it starts in about a
//! millisecond and installs on headless machines; with no subcommand it
//! starts the app (`frost-gui`, installed beside it).

mod adopt;
mod apply;
mod args;
mod freeze;
mod generations;
mod install;
mod launch;
mod list;
mod list_json;
mod operate;
mod remove;
mod rollback;
mod search;
mod status;
mod table;
mod update;
mod upgrade;
mod verify;

use std::io::Write;
use std::process::ExitCode;

use frost_core::i18n::{self, gettext_f};
use frost_core::profile::{default_profile, NixEnvironment, Profile, ProfileView};

fn main() -> ExitCode {
    i18n::init(&i18n::localedir());
    let matches = args::command().get_matches();
    // Ok(false): the command ran but found a problem (verify: a package
    // differs), so scripts can test the exit status.
    let result = match matches.subcommand() {
        // Changes report their own end: progress, explanation, exit status.
        Some(("install", m)) => return install::run(m),
        Some(("remove", m)) => return remove::run(m),
        Some(("upgrade", m)) => return upgrade::run(m),
        Some(("rollback", m)) => return rollback::run(m),
        Some(("apply", m)) => return apply::run(m),
        Some(("adopt", m)) => return adopt::run(m),
        Some(("update", m)) => return update::run(m),
        Some(("search", m)) => return search::run(m),
        Some(("list", m)) => list::run(m).map(|()| true),
        Some(("generations", m)) => generations::run(m).map(|()| true),
        Some(("freeze", m)) => freeze::run(m),
        Some(("verify", m)) => verify::run(m),
        _ => launch::gui(matches.get_one::<String>("target").map(String::as_str)).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) => fail(&e),
    }
}

/// One clear line on stderr, whatever failed; when Nix failed in a way
/// Frost knows, what it means, as a change's failure says it.
fn fail(e: &frost_core::Error) -> ExitCode {
    let mut text = format!("frost: {e}");
    if let frost_core::Error::NixFailed { message, .. } = e {
        if let Some(explanation) = frost_core::ops::explain(message) {
            text.push_str("\n\n");
            text.push_str(&explanation.text);
        }
    }
    let _ = writeln!(std::io::stderr(), "{text}");
    ExitCode::FAILURE
}

/// The values of a repeated argument.
fn many(m: &clap::ArgMatches, id: &str) -> Vec<String> {
    m.get_many::<String>(id)
        .map(|v| v.cloned().collect())
        .unwrap_or_default()
}

/// The profile a command works on: `--profile P`, else the user's default
/// profile as Nix finds it.
fn open_profile(m: &clap::ArgMatches) -> frost_core::Result<Profile> {
    match m.get_one::<std::path::PathBuf>("profile") {
        Some(p) => Profile::open(p),
        None => Profile::open(&default_profile(&NixEnvironment::from_process())?),
    }
}

/// The profile a change goes to: `--profile P`, else the user's default
/// profile, which need not exist yet (the first install makes it).
fn profile_path(m: &clap::ArgMatches) -> frost_core::Result<std::path::PathBuf> {
    match m.get_one::<std::path::PathBuf>("profile") {
        Some(p) => Ok(p.clone()),
        None => default_profile(&NixEnvironment::from_process()),
    }
}

/// What a reading command reads: `--profile P` as Nix's `nix profile list`
/// reads it (a profile, a generation link, a folder holding a manifest),
/// else the user's default profile.
fn open_view(m: &clap::ArgMatches) -> frost_core::Result<ProfileView> {
    match m.get_one::<std::path::PathBuf>("profile") {
        Some(p) => ProfileView::open(p),
        None => ProfileView::open(&default_profile(&NixEnvironment::from_process())?),
    }
}

/// A runtime for the commands that run Nix: one thread is plenty.
fn runtime() -> frost_core::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| frost_core::Error::Worker { source })
}

/// `value` as the `--json` output: pretty, with a final newline.
fn json_text(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes to stdout; a closed pipe (`frost list | head`) is not an error.
fn print(text: &str) -> frost_core::Result<()> {
    print_parts(&[text])
}

/// Writes the pieces one after the other, without joining them first.
fn print_parts<S: AsRef<str>>(parts: &[S]) -> frost_core::Result<()> {
    print_with(|out| {
        parts
            .iter()
            .try_for_each(|p| out.write_all(p.as_ref().as_bytes()))
    })
}

/// Lets `write` write to stdout through a buffer, and flushes it: for
/// output too long to build whole first. A reader that stops early (`|
/// head`) is no error.
fn print_with(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> frost_core::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = write(&mut out).and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(frost_core::Error::Write {
            what: gettext_f("the output", &[]),
            source: e,
        }),
    }
}
