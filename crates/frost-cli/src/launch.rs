//! Starting the app from `frost`.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;

use frost_core::config::GUI_BINARY;
use frost_core::i18n::gettext_f;

/// Replaces this process with the app, passing the profile to open.
pub fn gui(target: Option<&str>) -> frost_core::Result<()> {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join(GUI_BINARY)))
        .filter(|p| p.is_file());
    let program = beside.unwrap_or_else(|| PathBuf::from(GUI_BINARY));
    let mut cmd = std::process::Command::new(&program);
    cmd.args(target);
    // exec only returns on failure.
    let err = cmd.exec();
    Err(frost_core::Error::Launch {
        program: gettext_f(
            "{program} (the Frost app; install it, or use a subcommand such as “frost list”)",
            &[("program", &program.display().to_string())],
        ),
        source: err,
    })
}
