//! The rows the details page makes per package: one per command, per full
//! source (with a copy button) and per store path (with its size and a
//! button that shows its files).

use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, glib};

use super::details_text::{outputs_text, priority_text, store_name};
use crate::profile_loader::Package;

/// The "Details" group: attribute, outputs, priority, installed since.
#[derive(Debug)]
pub struct Facts {
    pub group: adw::PreferencesGroup,
    attribute: adw::ActionRow,
    outputs: adw::ActionRow,
    priority: adw::ActionRow,
    since: adw::ActionRow,
}

impl Facts {
    pub fn new() -> Facts {
        let group = adw::PreferencesGroup::new();
        group.set_title(&gettext("Details"));
        let row = |title: String| {
            let row = adw::ActionRow::builder()
                .title(title)
                .subtitle_selectable(true)
                .build();
            group.add(&row);
            row
        };
        Facts {
            attribute: row(gettext("Attribute")),
            outputs: row(gettext("Outputs")),
            priority: row(gettext("Priority")),
            since: row(gettext("Installed since")),
            group,
        }
    }

    pub fn show(&self, package: &Package) {
        let element = &package.element;
        let attr = element.attr_path.as_deref().unwrap_or_default();
        self.attribute
            .set_subtitle(glib::markup_escape_text(attr).as_str());
        self.attribute.set_visible(element.attr_path.is_some());
        let outputs = outputs_text(&element.outputs);
        self.outputs
            .set_subtitle(glib::markup_escape_text(&outputs).as_str());
        let priority = priority_text(element.priority);
        self.priority
            .set_subtitle(glib::markup_escape_text(&priority).as_str());
    }

    pub fn show_since(&self, text: &str) {
        self.since
            .set_subtitle(glib::markup_escape_text(text).as_str());
    }
}

pub fn command_row(command: &str) -> adw::ActionRow {
    let row = adw::ActionRow::builder()
        .title(glib::markup_escape_text(command).as_str())
        .build();
    row.add_css_class("monospace");
    row
}

/// `label` ("Pinned to") over a flake reference, with a button that copies it.
pub fn source_row(label: &str, url: &str, copy: impl Fn() + 'static) -> adw::ActionRow {
    let row = adw::ActionRow::builder()
        .title(glib::markup_escape_text(label).as_str())
        .subtitle(glib::markup_escape_text(url).as_str())
        .subtitle_selectable(true)
        .build();
    let what = gettext_f("Copy “{what}”", &[("what", label)]);
    row.add_suffix(&flat_button("edit-copy-symbolic", &what, copy));
    row
}

/// A store path with its size (measured later, see [`show_size`]) and a
/// button that opens it in the file manager.
pub fn store_path_row(path: &str, show_files: impl Fn() + 'static) -> adw::ActionRow {
    let row = adw::ActionRow::builder()
        .title(glib::markup_escape_text(store_name(path)).as_str())
        .subtitle_selectable(true)
        .build();
    show_size(&row, path, None);
    let what = gettext_f("Show Files of {name}", &[("name", store_name(path))]);
    row.add_suffix(&flat_button("folder-open-symbolic", &what, show_files));
    row
}

/// "12.3 kB · /nix/store/…"; `None` while it is being measured, `Some(None)`
/// when it could not be.
pub fn show_size(row: &adw::ActionRow, path: &str, size: Option<Option<u64>>) {
    let size = match size {
        None => gettext("Measuring size…"),
        Some(Some(bytes)) => glib::format_size(bytes).to_string(),
        Some(None) => gettext("size unknown"),
    };
    row.set_subtitle(glib::markup_escape_text(&format!("{size} · {path}")).as_str());
}

fn flat_button(icon: &str, label: &str, clicked: impl Fn() + 'static) -> gtk::Button {
    let button = gtk::Button::from_icon_name(icon);
    button.set_valign(gtk::Align::Center);
    button.add_css_class("flat");
    button.set_tooltip_text(Some(label));
    button.update_property(&[gtk::accessible::Property::Label(label)]);
    button.connect_clicked(move |_| clicked());
    button
}
