//! How an operation ended: what it changed, or why it failed, in the terms
//! the window and the CLI show (a toast with Undo; an alert with Nix's
//! message, a plain explanation, the log's tail and Copy details).

use crate::freeze::adopt::ManageReport;
use std::sync::Arc;

use super::failure::Explanation;
use super::log::{display_line, LogLine};
use super::operation::Operation;
use crate::error::Error;
use crate::freeze::engine::FreezeReport;
use crate::freeze::restore_preview::RestorePreview;
use crate::freeze::update::FolderUpdate;
use crate::freeze::verify::VerifyReport;
use crate::i18n::gettext;
use crate::search::LockedIndex;

pub type OpResult = Result<Completed, Failed>;

/// The profile's current generation before and after an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerationChange {
    /// `None` when the profile did not exist yet.
    pub before: Option<u64>,
    pub after: Option<u64>,
}

impl GenerationChange {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

#[derive(Debug)]
pub struct Completed {
    /// What Nix printed on stdout (the JSON of an evaluation).
    pub stdout: Vec<u8>,
    /// For operations on a profile.
    pub generations: Option<GenerationChange>,
    /// What to run to undo it: a rollback to the generation before.
    pub undo: Option<Operation>,
    /// Nix's warnings (`'x' does not match any packages`, …).
    pub warnings: Vec<String>,
    /// "Removed hello", translated.
    pub message: String,
    /// What an [`Operation::Apply`] installed: the frozen flake's packages,
    /// by the names it gives them. Empty for the other operations.
    pub installed: Vec<String>,
    /// What an [`Operation::Freeze`] wrote and what its check found.
    pub frozen: Option<Box<Frozen>>,
    /// What an [`Operation::PreviewApply`] found: the flake's packages
    /// beside the profile's.
    pub preview: Option<Box<RestorePreview>>,
    /// What an [`Operation::BuildSearchIndex`] read (or found in the
    /// cache): shared, as a window keeps it while the person types.
    pub search: Option<Arc<LockedIndex>>,
    /// What an [`Operation::Adopt`] or [`Operation::StopManaging`] did:
    /// the folder, and which elements it replaced.
    pub managed: Option<Box<ManageReport>>,
    /// What an [`Operation::UpdateFolder`] found: each package's
    /// installed and new version, and the lock to put back.
    pub folder_update: Option<Box<FolderUpdate>>,
}

/// The result of an [`Operation::Freeze`]: the same reports `frost freeze
/// --verify --json` prints.
#[derive(Debug, Clone)]
pub struct Frozen {
    pub report: FreezeReport,
    /// `None` when the operation did not ask for a check.
    pub verify: Option<VerifyReport>,
}

#[derive(Debug)]
pub struct Failed {
    /// [`Error::NixFailed`] carries Nix's own message; [`Error::Cancelled`]
    /// a cancellation.
    pub error: Error,
    pub explanation: Option<Explanation>,
    /// The log's last lines (a view shows them with
    /// [`display_line`](super::log::display_line)).
    pub log_tail: Vec<LogLine>,
    /// For operations on a profile: Nix switches generations atomically,
    /// so after a failure `before == after`.
    pub generations: Option<GenerationChange>,
    /// The command line, when Nix was started.
    pub command: Option<String>,
}

/// An install that failed because its package and an installed one both
/// provide a file, tried again at a priority that settles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityRetries {
    /// The new package's files win (a lower priority than the installed).
    pub prefer_new: Operation,
    /// The installed package's files stay (a higher priority).
    pub keep_installed: Operation,
}

impl Failed {
    pub fn is_cancelled(&self) -> bool {
        matches!(self.error, Error::Cancelled)
    }

    /// For an install stopped by a file conflict: the same install at the
    /// priorities the explanation suggests, so a window can offer them
    /// without sending anyone to a terminal.
    pub fn priority_retries(&self, operation: &Operation) -> Option<PriorityRetries> {
        let Operation::Install { profile, refs, .. } = operation else {
            return None;
        };
        let (prefer, keep) = self.explanation.as_ref()?.suggested_priorities()?;
        let at = |priority| Operation::Install {
            profile: profile.clone(),
            refs: refs.clone(),
            priority: Some(priority),
        };
        Some(PriorityRetries {
            prefer_new: at(prefer),
            keep_installed: at(keep),
        })
    }

    /// Nix's own error text, when Nix ran and failed.
    pub fn nix_message(&self) -> Option<&str> {
        match &self.error {
            Error::NixFailed { message, .. } => Some(message),
            _ => None,
        }
    }

    /// Everything about the failure as one text, for a "Copy details"
    /// button or a bug report.
    pub fn details(&self) -> String {
        let mut out = String::new();
        if let Some(command) = &self.command {
            out.push_str(&format!("$ {command}\n\n"));
        }
        out.push_str(&self.error.to_string());
        out.push('\n');
        if let Some(explanation) = &self.explanation {
            out.push('\n');
            out.push_str(&explanation.text);
            out.push('\n');
        }
        if !self.log_tail.is_empty() {
            out.push('\n');
            out.push_str(&gettext("Last lines of the log:"));
            out.push('\n');
            for line in &self.log_tail {
                out.push_str(&display_line(line));
                out.push('\n');
            }
        }
        out
    }
}
