//! What the status page's buttons ask of the window when the profile could
//! not be read: read it again, open another, copy what went wrong for an
//! issue, or open a web page.

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::{Window, WindowInput};
use crate::components::restore::reference::ReferenceInput;
use crate::components::status_page::{StatusPageOutput, NIX_INSTALL_URL};
use crate::profile_loader::{self, LoadError};
use crate::{dialogs, launch};

impl Window {
    pub(super) fn on_status(
        &mut self,
        output: StatusPageOutput,
        root: &adw::ApplicationWindow,
        sender: &ComponentSender<Self>,
    ) {
        let url = match output {
            StatusPageOutput::ShowHistory => return sender.input(WindowInput::ShowHistory),
            StatusPageOutput::Retry => return self.start_loading(sender),
            StatusPageOutput::OpenProfile => return self.choose_profile(root),
            StatusPageOutput::Restore => {
                return self.reference.emit(ReferenceInput::Open {
                    parent: root.clone().upcast(),
                    manage: false,
                })
            }
            StatusPageOutput::CopyDetails => return self.copy_details(root),
            StatusPageOutput::ReportIssue => dialogs::issues_url(),
            StatusPageOutput::InstallNix => NIX_INSTALL_URL.to_owned(),
        };
        let s = sender.input_sender().clone();
        launch::open_url(&url, Some(root.upcast_ref()), move |r| {
            if let Err(e) = r {
                s.emit(WindowInput::Toast(e));
            }
        });
    }

    fn copy_details(&self, root: &adw::ApplicationWindow) {
        let Some(LoadError::Failed { message, file, .. }) = &self.error else {
            return;
        };
        let profile = self.requested.as_ref().map_or_else(
            || gettext("the user’s own profile"),
            |p| p.display().to_string(),
        );
        let nix = profile_loader::nix_on_path()
            .map_or_else(|| gettext("not found on PATH"), |p| p.display().to_string());
        let file = file
            .as_ref()
            .map_or_else(|| "-".to_owned(), |f| f.display().to_string());
        // The field names stay English: the report is read by Frost's
        // maintainers, whatever the user's language.
        let report = format!(
            "Frost {}\nProfile: {profile}\nFile: {file}\nNix: {nix}\nError: {message}\n",
            env!("CARGO_PKG_VERSION")
        );
        root.clipboard().set_text(&report);
        self.toast(gettext(
            "Details copied. Paste them into a new issue with “Report Issue…”.",
        ));
    }
}
