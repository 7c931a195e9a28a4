//! The bar at the foot of the choosing steps: Next to the following step
//! and Export, which every step offers so that one click exports with the
//! choices made so far and the defaults for the rest. Both are pressable
//! only while the step's choices can be used.

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk;

#[derive(Debug)]
pub struct StepBar {
    pub root: gtk::Box,
    next: Option<gtk::Button>,
    export: gtk::Button,
}

fn button<O: 'static>(label: &str, output: &relm4::Sender<O>, message: fn() -> O) -> gtk::Button {
    let button = gtk::Button::with_mnemonic(label);
    let output = output.clone();
    button.connect_clicked(move |_| {
        let _ = output.send(message());
    });
    button
}

impl StepBar {
    /// A bar whose buttons send `next()` (when the step has a following
    /// one) and `export()` to `output`.
    pub fn new<O: 'static>(
        output: &relm4::Sender<O>,
        next: Option<fn() -> O>,
        export: fn() -> O,
    ) -> StepBar {
        let root = gtk::Box::new(gtk::Orientation::Horizontal, 12);
        root.set_margin_top(12);
        root.set_margin_bottom(12);
        root.set_margin_start(12);
        root.set_margin_end(12);
        root.set_halign(gtk::Align::End);
        let next = next.map(|message| button(&gettext("_Next"), output, message));
        if let Some(next) = &next {
            root.append(next);
        }
        let export = button(&gettext("_Export"), output, export);
        export.add_css_class("suggested-action");
        root.append(&export);
        StepBar { root, next, export }
    }

    /// The Export button, for the benchmark that presses it
    /// (src/bench_export.rs).
    #[cfg(feature = "test-hooks")]
    pub fn export_button(&self) -> &gtk::Button {
        &self.export
    }

    /// Whether the step's choices can be used, and so exported.
    pub fn set_usable(&self, usable: bool) {
        if let Some(next) = &self.next {
            next.set_sensitive(usable);
        }
        self.export.set_sensitive(usable);
    }
}
