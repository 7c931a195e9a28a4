//! The pages of the window's navigation, named by a type rather than by
//! tag strings, and the navigation view seen through that type: a page
//! that does not exist cannot be pushed, and a misspelt one cannot compile.

use relm4::adw::{self, prelude::*};

/// A page of the window's navigation. The pages themselves do not know
/// their names: the window gives each its tag as it adds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The package list (or the status page instead of it): the root.
    Main,
    Details,
    History,
    Generation,
    /// The restore preview.
    Restore,
    /// Add Software: finding packages to install.
    Search,
}

impl Page {
    const ALL: [Page; 6] = [
        Page::Main,
        Page::Details,
        Page::History,
        Page::Generation,
        Page::Restore,
        Page::Search,
    ];

    /// The tag AdwNavigationView knows the page by.
    const fn tag(self) -> &'static str {
        match self {
            Page::Main => "main",
            Page::Details => "details",
            Page::History => "history",
            Page::Generation => "generation",
            Page::Restore => "restore",
            Page::Search => "search",
        }
    }

    fn from_tag(tag: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|page| page.tag() == tag)
    }
}

/// The window's navigation view, spoken to in [`Page`]s.
#[derive(Debug)]
pub struct Navigation {
    view: adw::NavigationView,
}

impl Navigation {
    /// The first page added is the root of the navigation.
    pub fn new(pages: &[(Page, &adw::NavigationPage)]) -> Self {
        let view = adw::NavigationView::new();
        for (name, page) in pages {
            page.set_tag(Some(name.tag()));
            view.add(*page);
        }
        Navigation { view }
    }

    pub fn view(&self) -> &adw::NavigationView {
        &self.view
    }

    /// The page in view, if it is one of ours.
    pub fn visible(&self) -> Option<Page> {
        let page = self.view.visible_page()?;
        Page::from_tag(page.tag()?.as_str())
    }

    /// Shows `page` on top, unless it is in view already.
    pub fn push(&self, page: Page) {
        if self.visible() != Some(page) {
            self.view.push_by_tag(page.tag());
        }
    }

    /// Goes back until `page` is in view.
    pub fn pop_to(&self, page: Page) {
        self.view.pop_to_tag(page.tag());
    }

    /// Whether `page` is in view or below the page in view.
    pub fn holds(&self, page: Page) -> bool {
        self.view
            .navigation_stack()
            .iter::<adw::NavigationPage>()
            .flatten()
            .any(|p| p.tag().as_deref() == Some(page.tag()))
    }
}
