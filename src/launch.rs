//! Starting things for the user: an app through its desktop file, a folder
//! in the file manager, a web page. Results come back as a sentence for a
//! toast, since nothing here can be retried automatically.

use std::path::{Path, PathBuf};

use frost_core::i18n::gettext_f;
use relm4::gtk::{self, gio, glib, prelude::*};

/// Launches the app of the desktop file at `desktop_file`, which belongs to
/// the package whose outputs are `store_paths`.
pub fn open_app(
    desktop_file: &Path,
    store_paths: &[String],
    widget: &impl IsA<gtk::Widget>,
) -> Result<(), String> {
    let info = gio_unix::DesktopAppInfo::from_filename(desktop_file)
        .or_else(|| with_absolute_exec(desktop_file, store_paths))
        .ok_or_else(|| {
            gettext_f(
                "Cannot start the app: its desktop file {path} names no program that can be found.",
                &[("path", &desktop_file.display().to_string())],
            )
        })?;
    let context = widget.display().app_launch_context();
    info.launch(&[], Some(&context)).map_err(|e| {
        gettext_f(
            "Cannot start {app}: {error}",
            &[("app", &info.name()), ("error", e.message())],
        )
    })
}

/// GLib refuses a desktop file whose `Exec` program is not on PATH. A
/// package's apps name their program relative to the profile's `bin/`,
/// which is on PATH only in a login shell that sourced Nix's profile
/// script; a launcher click may come without it. The program is in the
/// package's own `bin/`, so point `Exec` there.
fn with_absolute_exec(
    desktop_file: &Path,
    store_paths: &[String],
) -> Option<gio_unix::DesktopAppInfo> {
    const GROUP: &str = "Desktop Entry";
    let file = glib::KeyFile::new();
    file.load_from_file(desktop_file, glib::KeyFileFlags::KEEP_TRANSLATIONS)
        .ok()?;
    let exec = file.string(GROUP, "Exec").ok()?;
    let (program, rest) = match exec.split_once(' ') {
        Some((program, rest)) => (program, Some(rest)),
        None => (exec.as_str(), None),
    };
    if program.contains('/') || program.contains('"') || program.contains('\'') {
        return None;
    }
    let absolute: PathBuf = store_paths
        .iter()
        .map(|root| Path::new(root).join("bin").join(program))
        .find(|p| p.is_file())?;
    let quoted = glib::shell_quote(&absolute);
    let new_exec = match rest {
        Some(rest) => format!("{} {rest}", quoted.to_string_lossy()),
        None => quoted.to_string_lossy().into_owned(),
    };
    file.set_string(GROUP, "Exec", &new_exec);
    file.remove_key(GROUP, "TryExec").ok();
    gio_unix::DesktopAppInfo::from_keyfile(&file)
}

/// Opens `folder` in the file manager. `done` gets the error sentence if
/// that failed.
pub fn show_folder(
    folder: &Path,
    window: Option<&gtk::Window>,
    done: impl FnOnce(Result<(), String>) + 'static,
) {
    let launcher = gtk::FileLauncher::new(Some(&gio::File::for_path(folder)));
    let shown = folder.display().to_string();
    launcher.launch(window, gio::Cancellable::NONE, move |result| {
        done(result.map_err(|e| {
            gettext_f(
                "Cannot open {path}: {error}",
                &[("path", &shown), ("error", e.message())],
            )
        }))
    });
}

/// Opens `url` in the web browser.
pub fn open_url(
    url: &str,
    window: Option<&gtk::Window>,
    done: impl FnOnce(Result<(), String>) + 'static,
) {
    let shown = url.to_owned();
    gtk::UriLauncher::new(url).launch(window, gio::Cancellable::NONE, move |result| {
        done(result.map_err(|e| {
            gettext_f(
                "Cannot open {url}: {error}",
                &[("url", &shown), ("error", e.message())],
            )
        }))
    });
}
