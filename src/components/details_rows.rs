//! The rows of the details page. First what a person asks: how to start
//! the package (its commands, each with a copy button, saying which runs
//! when another package has the same command), how big it is, since when
//! it is installed and where it came from. Then, folded away under
//! "Technical Details", what Nix users copy into a terminal: the full
//! sources, attribute, outputs, priority and store paths.

use std::collections::HashMap;

use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::PackageMetadata;
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, glib};

use super::details_text::{
    full_sources, outputs_text, priority_text, shared_command_text, store_name,
};
use crate::profile_loader::Package;

/// The "About" group: size, installed since, where it came from, and the
/// homepage and licenses once Nix has said them.
#[derive(Debug)]
pub struct About {
    pub group: adw::PreferencesGroup,
    size: adw::ActionRow,
    since: adw::ActionRow,
    source: adw::ActionRow,
    homepage: adw::ActionRow,
    licenses: adw::ActionRow,
}

impl About {
    pub fn new() -> About {
        let group = adw::PreferencesGroup::new();
        let row = |title: String| {
            let row = adw::ActionRow::builder()
                .title(title)
                .subtitle_selectable(true)
                .build();
            row.add_css_class("property");
            group.add(&row);
            row
        };
        let about = About {
            size: row(gettext("Size")),
            since: row(gettext("Installed")),
            source: row(gettext("Where it came from")),
            homepage: row(gettext("Homepage")),
            licenses: row(gettext("License")),
            group,
        };
        one_line(&about.source);
        about.show_metadata(None);
        about
    }

    /// Shows what the evaluation found; `None` hides its rows.
    pub fn show_metadata(&self, metadata: Option<&PackageMetadata>) {
        let homepage = metadata.and_then(|m| m.homepage.as_deref());
        set_subtitle(&self.homepage, homepage.unwrap_or_default());
        self.homepage.set_visible(homepage.is_some());
        let licenses = metadata.map(|m| m.licenses.join(", ")).unwrap_or_default();
        set_subtitle(&self.licenses, &licenses);
        self.licenses.set_visible(!licenses.is_empty());
    }

    pub fn show(&self, package: &Package) {
        set_subtitle(&self.source, &package.source);
        self.source.set_tooltip_text(Some(&package.source));
        self.show_size(None);
    }

    /// The package's size on disk: `None` while it is measured.
    pub fn show_size(&self, sizes: Option<&[Option<u64>]>) {
        set_subtitle(&self.size, &size_text(sizes));
    }

    /// "Today at 06:25", with the exact time in `exact` for the tooltip.
    pub fn show_since(&self, text: &str, exact: Option<&str>) {
        set_subtitle(&self.since, text);
        self.since.set_tooltip_text(exact);
    }
}

/// The rows made for the package shown, removed before another is.
#[derive(Debug)]
pub struct PackageRows {
    commands: adw::PreferencesGroup,
    pub technical: adw::ExpanderRow,
    command_rows: Vec<adw::ActionRow>,
    technical_rows: Vec<adw::ActionRow>,
    sizes: HashMap<String, adw::ActionRow>,
}

impl PackageRows {
    pub fn new(commands: &adw::PreferencesGroup) -> PackageRows {
        let technical = adw::ExpanderRow::builder()
            .title(gettext("Technical Details"))
            .subtitle(gettext("Sources, store paths and more, for Nix"))
            .build();
        PackageRows {
            commands: commands.clone(),
            technical,
            command_rows: Vec::new(),
            technical_rows: Vec::new(),
            sizes: HashMap::new(),
        }
    }

    pub fn clear(&mut self) {
        for row in self.command_rows.drain(..) {
            self.commands.remove(&row);
        }
        for row in self.technical_rows.drain(..) {
            self.technical.remove(&row);
        }
        self.sizes.clear();
    }

    fn add_command(&mut self, row: adw::ActionRow) {
        self.commands.add(&row);
        self.command_rows.push(row);
    }

    fn add_technical(&mut self, row: adw::ActionRow) {
        self.technical.add_row(&row);
        self.technical_rows.push(row);
    }

    /// One row per command (the group hides without any), then the
    /// technical rows: full sources, attribute, outputs, priority, and one
    /// row per store path.
    pub fn fill(
        &mut self,
        package: &Package,
        copy: impl Fn(String) + Clone + 'static,
        show_files: impl Fn(String) + Clone + 'static,
    ) {
        self.clear();
        for command in &package.info.commands {
            let shared = package.shared.iter().find(|s| &s.command == command);
            let note = shared.map(|s| shared_command_text(s, &package.element.name));
            let c = (copy.clone(), command.clone());
            let row = command_row(command, note.as_deref(), move || (c.0)(c.1.clone()));
            self.add_command(row);
        }
        self.commands.set_visible(!package.info.commands.is_empty());
        for (label, url) in full_sources(package) {
            let c = (copy.clone(), url.clone());
            let row = copyable_row(&label, &url, move || (c.0)(c.1.clone()));
            self.add_technical(row);
        }
        let element = &package.element;
        if let Some(attr) = &element.attr_path {
            let c = (copy.clone(), attr.clone());
            let row = copyable_row(&gettext("Attribute"), attr, move || (c.0)(c.1.clone()));
            self.add_technical(row);
        }
        self.add_technical(fact_row(
            &gettext("Outputs"),
            &outputs_text(&element.outputs),
        ));
        self.add_technical(fact_row(
            &gettext("Priority"),
            &priority_text(element.priority),
        ));
        for path in &element.store_paths {
            let (show, p) = (show_files.clone(), path.clone());
            let row = store_path_row(path, move || show(p.clone()));
            self.sizes.insert(path.clone(), row.clone());
            self.add_technical(row);
        }
    }

    /// A measured size; `None` when it could not be measured.
    pub fn show_size(&self, path: &str, size: Option<u64>) {
        if let Some(row) = self.sizes.get(path) {
            show_size(row, path, Some(size));
        }
    }
}

/// The package's size: the sum of its store paths' sizes.
fn size_text(sizes: Option<&[Option<u64>]>) -> String {
    let Some(sizes) = sizes else {
        return gettext("Measuring…");
    };
    let known: Vec<u64> = sizes.iter().flatten().copied().collect();
    if known.is_empty() {
        return gettext("Unknown");
    }
    glib::format_size(known.iter().sum()).to_string()
}

fn set_subtitle(row: &adw::ActionRow, text: &str) {
    row.set_subtitle(glib::markup_escape_text(text).as_str());
}

/// Keeps a row's subtitle on one line, shortened in the middle where it
/// does not fit (a long URL or store path then keeps its start and its
/// end, and never breaks mid-word); the row's tooltip has it whole, and
/// screen readers and copying get the full text.
fn one_line(row: &adw::ActionRow) {
    row.set_subtitle_lines(1);
    let mut next = row.first_child();
    let mut stack = Vec::new();
    while let Some(widget) = next {
        if let Some(label) = widget.downcast_ref::<gtk::Label>() {
            if label.has_css_class("subtitle") {
                label.set_ellipsize(gtk::pango::EllipsizeMode::Middle);
            }
        }
        if let Some(sibling) = widget.next_sibling() {
            stack.push(sibling);
        }
        next = widget.first_child().or_else(|| stack.pop());
    }
}

/// A fact of the technical details, selectable.
fn fact_row(title: &str, value: &str) -> adw::ActionRow {
    let row = adw::ActionRow::builder()
        .title(glib::markup_escape_text(title).as_str())
        .subtitle(glib::markup_escape_text(value).as_str())
        .subtitle_selectable(true)
        .build();
    row.add_css_class("property");
    row
}

/// A command, with a button that copies it and, when another package has
/// the same command, which of them runs.
fn command_row(command: &str, note: Option<&str>, copy: impl Fn() + 'static) -> adw::ActionRow {
    // Only the command in a terminal's letters, not the sentence under it.
    let row = adw::ActionRow::builder()
        .title(format!("<tt>{}</tt>", glib::markup_escape_text(command)))
        .build();
    if let Some(note) = note {
        row.set_subtitle(glib::markup_escape_text(note).as_str());
    }
    let what = gettext_f("Copy “{what}”", &[("what", command)]);
    row.add_suffix(&flat_button("edit-copy-symbolic", &what, copy));
    row
}

/// `label` ("Pinned to") over a flake reference, on one line, with a
/// button that copies it.
fn copyable_row(label: &str, text: &str, copy: impl Fn() + 'static) -> adw::ActionRow {
    let row = fact_row(label, text);
    row.set_tooltip_text(Some(text));
    one_line(&row);
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
        .tooltip_text(path)
        .build();
    one_line(&row);
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
    set_subtitle(row, &format!("{size} · {path}"));
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
