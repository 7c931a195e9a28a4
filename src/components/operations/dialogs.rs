//! The alerts around operations: asking before a removal or going back,
//! and saying why an operation failed, in Nix's own words and in plain
//! ones, with the log's last lines and a button that copies it all.

use frost_core::diff::ManifestDiff;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::log::display_line;
use frost_core::ops::{Failed, LineKind, LogLine, Operation};
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, gio, glib};

/// An alert is at most 372 px wide, whatever it holds, but never narrower
/// than its content: logs and Nix's messages get the room the window has
/// (and still fit a phone held upright).
fn widen(extra: &gtk::Box, parent: &impl IsA<gtk::Widget>) {
    let room = parent.as_ref().width() - 120;
    extra.set_width_request(room.clamp(240, 560));
}

/// Asks, then calls `yes` if the user agreed. `action` is the button that
/// agrees; destructive ones are shown in red. `extra` goes below the body.
fn confirm(
    parent: &impl IsA<gtk::Widget>,
    heading: &str,
    body: &str,
    action: &str,
    destructive: bool,
    extra: Option<&gtk::Widget>,
    yes: impl FnOnce() + 'static,
) {
    let dialog = adw::AlertDialog::new(Some(heading), Some(body));
    dialog.set_extra_child(extra);
    dialog.add_responses(&[("cancel", &gettext("_Cancel")), ("yes", action)]);
    dialog.set_response_appearance(
        "yes",
        if destructive {
            adw::ResponseAppearance::Destructive
        } else {
            adw::ResponseAppearance::Suggested
        },
    );
    dialog.set_default_response(Some("cancel"));
    dialog.set_close_response("cancel");
    dialog.choose(Some(parent), gio::Cancellable::NONE, move |response| {
        if response == "yes" {
            yes();
        }
    });
}

pub fn confirm_remove(parent: &impl IsA<gtk::Widget>, name: &str, yes: impl FnOnce() + 'static) {
    confirm(
        parent,
        &gettext_f("Remove {name}?", &[("name", name)]),
        &gettext_f(
            "{name} will no longer be in this profile. You can bring it back with Undo, or later from the history.",
            &[("name", name)],
        ),
        &gettext("_Remove"),
        true,
        None,
        yes,
    );
}

/// Asks before the packages of a managed profile go back to their own
/// sources (the folder named `folder` manages it now).
pub fn confirm_stop_managing(
    parent: &impl IsA<gtk::Widget>,
    folder: &str,
    yes: impl FnOnce() + 'static,
) {
    confirm(
        parent,
        &gettext("Stop Managing With the Folder?"),
        &gettext_f(
            "Each package will come from its own source again, as before the folder “{folder}” managed it. The packages stay the same and the folder is kept. This makes one new generation; you can go back with Undo.",
            &[("folder", folder)],
        ),
        &gettext("_Stop Managing"),
        false,
        None,
        yes,
    );
}

/// Asks before making generation `number` the current one again, naming
/// what that removes, brings back and changes (`changes`: the diff from the
/// current generation to it, `None` when it cannot be read). Going back
/// that removes packages is shown in red.
pub fn confirm_go_back(
    parent: &impl IsA<gtk::Widget>,
    number: u64,
    changes: Option<&ManifestDiff>,
    yes: impl FnOnce() + 'static,
) {
    let lines = changes.map_or_else(
        || {
            vec![gettext(
                "Frost cannot tell what changes: this generation cannot be read.",
            )]
        },
        ManifestDiff::going_back,
    );
    let list = gtk::ListBox::new();
    list.add_css_class("boxed-list");
    list.set_selection_mode(gtk::SelectionMode::None);
    list.update_property(&[gtk::accessible::Property::Label(&gettext("What Changes"))]);
    for line in lines {
        let label = gtk::Label::new(Some(&line));
        label.set_xalign(0.0);
        label.set_wrap(true);
        label.set_wrap_mode(gtk::pango::WrapMode::WordChar);
        label.set_margin_top(12);
        label.set_margin_bottom(12);
        label.set_margin_start(12);
        label.set_margin_end(12);
        let row = gtk::ListBoxRow::builder()
            .child(&label)
            .activatable(false)
            .focusable(false)
            .build();
        list.append(&row);
    }
    let n = number.to_string();
    // The alert scrolls its content itself when a long list needs it.
    confirm(
        parent,
        &gettext_f("Go Back to Generation {number}?", &[("number", &n)]),
        &gettext_f(
            "Your packages become those of generation {number} again. The current ones stay in History, so you can come back to them.",
            &[("number", &n)],
        ),
        &gettext("_Go Back"),
        changes.is_some_and(|d| !d.removed.is_empty()),
        Some(list.upcast_ref()),
        yes,
    );
}

/// Asks before closing the window stops the changes in `titles`.
pub fn confirm_quit(
    parent: &impl IsA<gtk::Widget>,
    titles: &[String],
    yes: impl FnOnce() + 'static,
) {
    confirm(
        parent,
        &gettext("Stop and Close?"),
        &gettext_f(
            "Frost is still busy: {what}. Closing stops it, and the profile stays as it was before.",
            &[("what", &titles.join(", "))],
        ),
        &gettext("_Stop and Close"),
        true,
        None,
        yes,
    );
}

/// The alert's heading: what could not be done.
pub fn failure_heading(operation: &Operation) -> String {
    let names = |list: &[String]| list.join(", ");
    match operation {
        Operation::Remove { names: n, .. } | Operation::RemoveFromManaged { names: n, .. } => {
            gettext_f("Could Not Remove {names}", &[("names", &names(n))])
        }
        Operation::Upgrade { names: n, .. } => {
            gettext_f("Could Not Update {names}", &[("names", &names(n))])
        }
        Operation::UpgradeAll { .. } => gettext("Could Not Update the Packages"),
        Operation::Rollback { .. } => gettext("Could Not Go Back"),
        Operation::Install { .. } | Operation::Apply { .. } | Operation::AddToManaged { .. } => {
            gettext("Could Not Install")
        }
        Operation::FlakeLock { .. } => gettext("Could Not Check the Lock"),
        Operation::FlakeUpdate { .. } | Operation::UpdateFolder { .. } => {
            gettext("Could Not Update the Inputs")
        }
        Operation::LockFolder { .. } => gettext("Could Not Lock the New Inputs"),
        Operation::RestoreLock { .. } => gettext("Could Not Put the Lock Back"),
        Operation::Freeze { .. } => gettext("Could Not Freeze the Profile"),
        Operation::Adopt { .. } => gettext("Could Not Manage the Profile With This Flake"),
        Operation::StopManaging { .. } => gettext("Could Not Stop Managing the Profile"),
        Operation::AddToFlake { name, .. } => {
            gettext_f("Could Not Add {name} to the Flake", &[("name", name)])
        }
        Operation::RevertManaged { .. } => gettext("Could Not Undo"),
        Operation::UpgradeManaged { .. } => gettext("Could Not Install the New Versions"),
        Operation::Evaluate { .. } => gettext("Nix Failed"),
        Operation::PreviewApply { .. } | Operation::BuildSearchIndex { .. } => {
            gettext("Could Not Read the Flake")
        }
    }
}

/// What Nix said, else Frost's own sentence (Nix could not even start).
pub fn failure_message(failed: &Failed) -> String {
    failed
        .nix_message()
        .map_or_else(|| failed.error.to_string(), str::to_owned)
}

fn text_label(text: &str) -> gtk::Label {
    let label = gtk::Label::new(Some(text));
    label.set_xalign(0.0);
    label.set_wrap(true);
    label.set_wrap_mode(gtk::pango::WrapMode::WordChar);
    label.set_selectable(true);
    label.add_css_class("monospace");
    // A selectable label would take the focus first and show selected.
    label.set_focusable(false);
    label
}

/// A heading over a scrolled card holding `lines`.
fn section(title: &str, lines: &[gtk::Label], at_end: bool) -> gtk::Box {
    let section = gtk::Box::new(gtk::Orientation::Vertical, 6);
    let heading = gtk::Label::new(Some(title));
    heading.set_xalign(0.0);
    heading.add_css_class("heading");
    let content = gtk::Box::new(gtk::Orientation::Vertical, 0);
    content.set_margin_top(8);
    content.set_margin_bottom(8);
    content.set_margin_start(10);
    content.set_margin_end(10);
    for line in lines {
        content.append(line);
    }
    let scrolled = gtk::ScrolledWindow::builder()
        .hscrollbar_policy(gtk::PolicyType::Never)
        .propagate_natural_height(true)
        .max_content_height(220)
        .child(&content)
        .build();
    scrolled.add_css_class("card");
    if at_end {
        // The last lines say what went wrong: show them first.
        scrolled.connect_map(|scrolled| {
            scrolled.add_tick_callback(|scrolled, _| {
                let adj = scrolled.vadjustment();
                adj.set_value(adj.upper() - adj.page_size());
                glib::ControlFlow::Break
            });
        });
    }
    section.append(&heading);
    section.append(&scrolled);
    section
}

fn log_label(line: &LogLine) -> gtk::Label {
    let label = text_label(&display_line(line));
    match line.kind {
        LineKind::Error => label.add_css_class("error"),
        LineKind::Warning => label.add_css_class("warning"),
        LineKind::Info => label.add_css_class("dim-label"),
        LineKind::Build => {}
    }
    label
}

const PREFER_NEW: &str = "prefer-new";
const KEEP_INSTALLED: &str = "keep-installed";

/// Shows why `operation` failed. The body is the plain explanation when
/// Frost recognises the failure; Nix's message and the log's tail follow,
/// and Copy Details puts everything on the clipboard for a bug report.
/// An install that clashed with an installed package over a file offers
/// to install it again at a priority that settles it; `retry` gets that
/// operation.
pub fn show_failure(
    parent: &impl IsA<gtk::Widget>,
    operation: &Operation,
    failed: &Failed,
    retry: impl Fn(Operation) + 'static,
) {
    let body = match &failed.explanation {
        Some(explanation) => explanation.text.clone(),
        None => gettext("Nix stopped with the message below. Nothing was changed."),
    };
    let dialog = adw::AlertDialog::new(Some(&failure_heading(operation)), Some(&body));
    dialog.add_responses(&[("close", &gettext("_Close"))]);
    dialog.set_default_response(Some("close"));
    dialog.set_close_response("close");
    if let Some(retries) = failed.priority_retries(operation) {
        dialog.add_responses(&[
            (KEEP_INSTALLED, &gettext("_Keep the Installed One")),
            (PREFER_NEW, &gettext("_Prefer the New Package")),
        ]);
        dialog.set_response_appearance(PREFER_NEW, adw::ResponseAppearance::Suggested);
        dialog.connect_response(None, move |_, response| match response {
            PREFER_NEW => retry(retries.prefer_new.clone()),
            KEEP_INSTALLED => retry(retries.keep_installed.clone()),
            _ => {}
        });
    }

    let extra = gtk::Box::new(gtk::Orientation::Vertical, 18);
    let message = text_label(&failure_message(failed));
    extra.append(&section(&gettext("Nix’s Message"), &[message], false));
    if !failed.log_tail.is_empty() {
        let tail: Vec<gtk::Label> = failed.log_tail.iter().map(log_label).collect();
        extra.append(&section(&gettext("Last Lines of the Log"), &tail, true));
    }
    let copy = gtk::Button::with_mnemonic(&gettext("Copy _Details"));
    copy.set_halign(gtk::Align::Center);
    copy.add_css_class("pill");
    let details = failed.details();
    copy.connect_clicked(move |button| {
        button.clipboard().set_text(&details);
        button.set_label(&gettext("Copied"));
    });
    extra.append(&copy);
    widen(&extra, parent);
    dialog.set_extra_child(Some(&extra));
    dialog.present(Some(parent));
}

/// Says that Nix could not run at all (`message` says why and what to do).
pub fn show_refused(parent: &impl IsA<gtk::Widget>, operation: &Operation, message: &str) {
    let dialog = adw::AlertDialog::new(Some(&failure_heading(operation)), Some(message));
    dialog.add_responses(&[("close", &gettext("_Close"))]);
    dialog.set_close_response("close");
    dialog.present(Some(parent));
}

/// Text safe for a toast title (which reads Pango markup).
pub fn escaped(text: &str) -> String {
    glib::markup_escape_text(text).to_string()
}
