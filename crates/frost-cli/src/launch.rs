//! Starting the app from `frost`, and finding installed data next to the
//! binary, so any install prefix works without configuration.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;

use frost_core::i18n::gettext_f;

/// The GUI binary's file name; the desktop file and Flatpak start it too.
const GUI_BINARY: &str = "frost-gui";

/// `<prefix>/share/locale` for a binary installed in `<prefix>/bin`.
pub fn localedir() -> String {
    if let Some(dir) = option_env!("FROST_LOCALEDIR") {
        return dir.to_owned();
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(|p| p.join("share/locale")))
        .map_or_else(
            || "/usr/share/locale".to_owned(),
            |p| p.to_string_lossy().into_owned(),
        )
}

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
