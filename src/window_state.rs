//! The window's size and whether it was maximized, kept in GSettings from
//! one run to the next, as GNOME apps do.
//!
//! Run from the source tree (`cargo run`), the settings schema is not
//! installed, and `gio::Settings::new` would abort the process on a missing
//! schema: then the window simply starts at its default size.

use relm4::adw::prelude::*;
use relm4::gtk::{gio, glib};
use relm4::{adw, gtk};

const WIDTH: &str = "window-width";
const HEIGHT: &str = "window-height";
const MAXIMIZED: &str = "is-maximized";

/// Frost's settings, when their schema is installed.
pub fn settings() -> Option<gio::Settings> {
    let source = gio::SettingsSchemaSource::default()?;
    source.lookup(crate::APP_ID, true)?;
    Some(gio::Settings::new(crate::APP_ID))
}

/// Gives `window` the size it had when it was last closed, and saves its
/// size whenever it closes (by its close button, Ctrl+W or Ctrl+Q).
pub fn remember(window: &adw::ApplicationWindow, settings: gio::Settings) {
    let (width, height) = (settings.int(WIDTH), settings.int(HEIGHT));
    if width > 0 && height > 0 {
        window.set_default_size(width, height);
    }
    if settings.boolean(MAXIMIZED) {
        window.maximize();
    }
    window.connect_close_request(move |window| {
        save(window, &settings);
        glib::Propagation::Proceed
    });
}

fn save(window: &adw::ApplicationWindow, settings: &gio::Settings) {
    let maximized = window.is_maximized();
    // A maximized window's own size is the one to come back to when it is
    // unmaximized next time; the screen's size says nothing.
    if !maximized {
        let (width, height) = window.default_size();
        // Failing to save a window size is not worth telling anyone.
        let _ = settings.set_int(WIDTH, width);
        let _ = settings.set_int(HEIGHT, height);
    }
    let _ = settings.set_boolean(MAXIMIZED, maximized);
    // The process may end right after the window closes.
    gio::Settings::sync();
}

/// Ctrl+Q and the Quit action close the windows, so that each saves its
/// size and asks first while a change is still running, instead of ending
/// the process under them.
pub fn close_all(app: &gtk::Application) {
    for window in app.windows() {
        window.close();
    }
}
