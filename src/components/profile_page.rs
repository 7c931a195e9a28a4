//! The list of the profile's packages. A GtkListView (through relm4's typed
//! list view) rather than a list box: it only creates widgets for the rows on
//! screen, so a profile of a thousand packages stays as quick as one of ten.

use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::prelude::*;
use relm4::typed_view::list::TypedListView;

use super::package_row::PackageRow;
use crate::profile_loader::Package;

pub struct ProfilePage {
    list: TypedListView<PackageRow, gtk::NoSelection>,
}

impl std::fmt::Debug for ProfilePage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfilePage")
            .field("rows", &self.list.len())
            .finish()
    }
}

#[derive(Debug)]
pub enum ProfilePageInput {
    /// Replace the rows with these packages, in this order.
    Show(Vec<Package>),
}

#[relm4::component(pub)]
impl SimpleComponent for ProfilePage {
    type Init = ();
    type Input = ProfilePageInput;
    type Output = ();

    view! {
        gtk::ScrolledWindow {
            set_hscrollbar_policy: gtk::PolicyType::Never,
            set_vexpand: true,

            adw::ClampScrollable {
                set_maximum_size: 760,
                set_tightening_threshold: 560,

                #[local_ref]
                list_view -> gtk::ListView {
                    add_css_class: "package-list",
                    update_property: &[gtk::accessible::Property::Label(&gettext("Packages"))],
                },
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        _sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let model = ProfilePage {
            list: TypedListView::new(),
        };
        let list_view = &model.list.view;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, _sender: ComponentSender<Self>) {
        match message {
            ProfilePageInput::Show(packages) => {
                self.list.clear();
                // One splice instead of one signal per row.
                self.list
                    .extend_from_iter(packages.into_iter().map(PackageRow::new));
            }
        }
    }
}
