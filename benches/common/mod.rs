//! Shared by the window's benchmarks, which run the real app.

use std::path::Path;

/// What session.sh sets for the command it runs, as check-window.sh and
/// screenshot.sh read it.
const IN_SESSION: &str = "FROST_UI_IN_SESSION";

/// Makes sure the benchmark runs inside a private X and D-Bus session
/// (tests/ui/session.sh): outside one, runs this same benchmark again in
/// one and exits with its status.
pub fn enter_session() {
    if std::env::var_os(IN_SESSION).is_some() {
        return;
    }
    let me = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let session = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/session.sh");
    let status = std::process::Command::new(session)
        .arg(me)
        .status()
        .unwrap_or_else(|e| panic!("cannot start the session: {e}"));
    std::process::exit(status.code().unwrap_or(1));
}
