//! Restoring, as the window sees it: which profile the packages go into,
//! the restore page pushed with its preview, a folder dropped on the
//! window, and what the page asks for (the preview on the worker, the
//! apply as a change like any other, then the list).

use frost_core::freeze::source::ApplySource;
use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk::{gdk, gio};
use relm4::prelude::*;

use super::page::Page;
use super::{Window, WindowInput};
use crate::components::operations::dialogs;
use crate::components::operations::worker::{OpsInput, Purpose};
use crate::components::restore::groups::{icons_of, Icons};
use crate::components::restore::{RestoreInput, RestoreOutput};
use crate::profile_loader::LoadError;

/// A folder dropped on the window restores from it, like Open Frozen
/// Folder….
pub(super) fn accept_drops(root: &adw::ApplicationWindow, input: &relm4::Sender<WindowInput>) {
    let target = gtk::DropTarget::new(gdk::FileList::static_type(), gdk::DragAction::COPY);
    let input = input.clone();
    target.connect_drop(move |_, value, _, _| {
        let Ok(files) = value.get::<gdk::FileList>() else {
            return false;
        };
        let Some(dir) = files.files().first().and_then(gio::File::path) else {
            return false;
        };
        input.emit(WindowInput::Open(ApplySource::Folder(dir)));
        true
    });
    root.add_controller(target);
}

impl Window {
    /// Pushes the restore page with its preview of `source` beside the
    /// profile shown; a user without a profile yet gets one made where
    /// Nix expects it.
    pub(super) fn open_restore(&mut self, source: ApplySource) {
        let (profile, changeable, icons) = match (&self.loaded, &self.error) {
            (Some(loaded), _) => (loaded.path.clone(), !loaded.nix_env, icons_of(loaded)),
            (None, Some(LoadError::NoProfileYet { expected })) => {
                (expected.clone(), true, Icons::new())
            }
            _ => {
                self.toast(gettext(
                    "Frost restores packages into the profile it shows, and it shows none now. Open a profile first.",
                ));
                return;
            }
        };
        self.restore.emit(RestoreInput::Open {
            source,
            profile,
            changeable,
            icons,
        });
        if self.navigation.visible() != Some(Page::Main) {
            self.navigation.pop_to(Page::Main);
        }
        self.navigation.push(Page::Restore);
    }

    pub(super) fn on_restore(&mut self, output: RestoreOutput, root: &adw::ApplicationWindow) {
        match output {
            RestoreOutput::Preview(operation) => {
                self.ops.emit(OpsInput::Submit(operation, Purpose::Restore))
            }
            RestoreOutput::Cancel(id) => self.ops.emit(OpsInput::Cancel(id)),
            // The page says it too; the alert has Nix's own words and log.
            RestoreOutput::Failed(operation, failed) => {
                dialogs::show_failure(root, &operation, &failed, |_| {});
            }
            // The list is where the new rows show, with the toast's Undo.
            RestoreOutput::Apply(operation) => {
                self.submit(operation);
                self.navigation.pop_to(Page::Main);
            }
            RestoreOutput::Submit(operation) => self.submit(operation),
        }
    }
}
