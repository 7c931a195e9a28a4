//! The rows the details page makes per package: one per command, per full
//! source (with a copy button) and per store path (with its size and a
//! button that shows its files).

use std::collections::HashMap;

use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::PackageMetadata;
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, glib};

use super::details_text::{full_sources, outputs_text, priority_text, store_name};
use crate::profile_loader::Package;

/// The "Details" group: attribute, outputs, priority, installed since,
/// and the homepage and licenses once Nix has said them.
#[derive(Debug)]
pub struct Facts {
    pub group: adw::PreferencesGroup,
    attribute: adw::ActionRow,
    outputs: adw::ActionRow,
    priority: adw::ActionRow,
    since: adw::ActionRow,
    homepage: adw::ActionRow,
    licenses: adw::ActionRow,
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
        let facts = Facts {
            attribute: row(gettext("Attribute")),
            outputs: row(gettext("Outputs")),
            priority: row(gettext("Priority")),
            since: row(gettext("Installed since")),
            homepage: row(gettext("Homepage")),
            licenses: row(gettext("License")),
            group,
        };
        facts.show_metadata(None);
        facts
    }

    /// Shows what the evaluation found; `None` hides its rows.
    pub fn show_metadata(&self, metadata: Option<&PackageMetadata>) {
        let homepage = metadata.and_then(|m| m.homepage.as_deref());
        self.homepage
            .set_subtitle(glib::markup_escape_text(homepage.unwrap_or_default()).as_str());
        self.homepage.set_visible(homepage.is_some());
        let licenses = metadata.map(|m| m.licenses.join(", ")).unwrap_or_default();
        self.licenses
            .set_subtitle(glib::markup_escape_text(&licenses).as_str());
        self.licenses.set_visible(!licenses.is_empty());
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

/// The rows made for the package shown, removed before another is.
#[derive(Debug, Default)]
pub struct PackageRows {
    rows: Vec<(adw::PreferencesGroup, adw::ActionRow)>,
    sizes: HashMap<String, adw::ActionRow>,
}

impl PackageRows {
    pub fn clear(&mut self) {
        for (group, row) in self.rows.drain(..) {
            group.remove(&row);
        }
        self.sizes.clear();
    }

    fn add(&mut self, group: &adw::PreferencesGroup, row: adw::ActionRow) {
        group.add(&row);
        self.rows.push((group.clone(), row));
    }

    /// One row per command, full source and store path, into the groups
    /// `[commands, sources, paths]`; a group of commands with none hides.
    pub fn fill(
        &mut self,
        package: &Package,
        [commands, sources, paths]: [&adw::PreferencesGroup; 3],
        copy: impl Fn(String) + Clone + 'static,
        show_files: impl Fn(String) + Clone + 'static,
    ) {
        self.clear();
        for command in &package.info.commands {
            self.add(commands, command_row(command));
        }
        commands.set_visible(!package.info.commands.is_empty());
        for (label, url) in full_sources(package) {
            let copy = copy.clone();
            let row = source_row(&label, &url.clone(), move || copy(url.clone()));
            self.add(sources, row);
        }
        for path in &package.element.store_paths {
            let (show, p) = (show_files.clone(), path.clone());
            let row = store_path_row(path, move || show(p.clone()));
            self.sizes.insert(path.clone(), row.clone());
            self.add(paths, row);
        }
    }

    /// A measured size; `None` when it could not be measured.
    pub fn show_size(&self, path: &str, size: Option<u64>) {
        if let Some(row) = self.sizes.get(path) {
            show_size(row, path, Some(size));
        }
    }
}

fn command_row(command: &str) -> adw::ActionRow {
    let row = adw::ActionRow::builder()
        .title(glib::markup_escape_text(command).as_str())
        .build();
    row.add_css_class("monospace");
    row
}

/// `label` ("Pinned to") over a flake reference, with a button that copies it.
fn source_row(label: &str, url: &str, copy: impl Fn() + 'static) -> adw::ActionRow {
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
fn store_path_row(path: &str, show_files: impl Fn() + 'static) -> adw::ActionRow {
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
fn show_size(row: &adw::ActionRow, path: &str, size: Option<Option<u64>>) {
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
