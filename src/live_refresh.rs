//! Noticing that the profile changed from outside (a `nix profile add` in a
//! terminal). Nix replaces the profile link atomically: it makes the new
//! generation link, then renames a temporary link over the profile. A
//! monitor on the link itself would follow the old inode, so the folder
//! holding it is watched instead.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use relm4::gtk::{gio, glib, prelude::*};

/// One `nix` command changes several links in a row; act once they settle.
const SETTLE: Duration = Duration::from_millis(200);

pub struct FolderWatch {
    monitor: gio::FileMonitor,
    pending: Rc<RefCell<Option<glib::SourceId>>>,
}

impl std::fmt::Debug for FolderWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderWatch").finish_non_exhaustive()
    }
}

impl FolderWatch {
    /// Calls `changed` on the main loop shortly after anything in `folder`
    /// changes. `None` when the folder cannot be watched (then the user
    /// still has Reload).
    pub fn new(folder: &Path, changed: impl Fn() + 'static) -> Option<FolderWatch> {
        let monitor = gio::File::for_path(folder)
            .monitor_directory(gio::FileMonitorFlags::WATCH_MOVES, gio::Cancellable::NONE)
            .ok()?;
        let pending: Rc<RefCell<Option<glib::SourceId>>> = Rc::new(RefCell::new(None));
        let changed = Rc::new(changed);
        let waiting = Rc::clone(&pending);
        monitor.connect_changed(move |_, _, _, event| {
            if matches!(
                event,
                gio::FileMonitorEvent::ChangesDoneHint | gio::FileMonitorEvent::AttributeChanged
            ) {
                return;
            }
            if waiting.borrow().is_some() {
                return;
            }
            let changed = Rc::clone(&changed);
            let done = Rc::clone(&waiting);
            let source = glib::timeout_add_local_once(SETTLE, move || {
                done.replace(None);
                changed();
            });
            waiting.replace(Some(source));
        });
        Some(FolderWatch { monitor, pending })
    }
}

impl Drop for FolderWatch {
    fn drop(&mut self) {
        self.monitor.cancel();
        if let Some(source) = self.pending.borrow_mut().take() {
            source.remove();
        }
    }
}
