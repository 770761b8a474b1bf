//! The page the server drew in the first HTML, and the data it drew it
//! from. The server renders the app's own components (`render`), so the
//! page a visitor reads before any script runs is the one the app then
//! draws: the app takes the data from the HTML instead of asking the API,
//! draws the same page synchronously, and puts it in the server's place.

use std::cell::RefCell;

use serde::de::DeserializeOwned;

use civic_api::ErrorBody;
use civic_api::analytics::Statistics;
use civic_api::donation::{DonationOffer, DonationView};
use civic_api::form_post::FormPost;
use civic_api::newsletter::SubscriptionStatus;
use civic_api::page::Page;
use civic_api::petition::{Confirmation, PetitionDetail, PetitionList};
use civic_api::petition_news::NewsFollowing;
use civic_api::site::{FirstData, Viewer};
use civic_api::survey::{ResponseReceipt, Survey, SurveyList, SurveyResults};
use civic_api::{Locale, Slug};

/// What the browser would tell the app about the page, told by the server
/// when it draws one (a context there; absent in the browser).
#[derive(Debug, Clone)]
pub struct ServerPage {
    /// The site's address as visitors see it (`https://civic.example`).
    pub origin: String,
    /// Today (UTC) as year, month and day: the footer's year, the
    /// console's export periods.
    pub today: (i32, u32, u32),
    /// The visitor's consent, as the request carried it.
    pub consent: ServerConsent,
    /// The signed-in member the page is drawn for, if any.
    pub viewer: Option<Viewer>,
}

/// What the server knows of the visitor's consent: enough to draw the
/// banner (or not) as the app would.
#[derive(Debug, Clone, Default)]
pub struct ServerConsent {
    /// The privacy policy's current revision.
    pub revision: Option<u32>,
    /// The decision in the request's `civic.consent` cookie.
    pub record: Option<civic_api::consent::ConsentRecord>,
    /// The privacy signal in the request's headers.
    pub signal: Option<civic_api::consent::PrivacySignal>,
    /// The page was asked for with the settings open.
    pub settings: bool,
    /// The privacy policy in the page's language, for a banner that asks
    /// again after it changed.
    pub policy: Option<Page>,
}

/// The server's stand-in for what the browser knows.
pub fn server_page() -> ServerPage {
    leptos::prelude::use_context::<ServerPage>().unwrap_or(ServerPage {
        origin: String::new(),
        today: (1970, 1, 1),
        consent: ServerConsent::default(),
        viewer: None,
    })
}

/// The signed-in member the page was drawn for, if any: from the server's
/// context while it draws, from the HTML it sent in the browser.
pub fn viewer() -> Option<Viewer> {
    VIEWER
        .with(|viewer| viewer.borrow().clone())
        .or_else(|| server_page().viewer)
}

thread_local! {
    /// The first page's data until the page that needs it takes it: once,
    /// so a later visit to the same page asks the API for fresh data.
    static FIRST_DATA: RefCell<Option<FirstData>> = const { RefCell::new(None) };
    /// A form the browser posted by itself, drawn with its answer.
    static FORM_POST: RefCell<Option<PostedForm>> = const { RefCell::new(None) };
    /// The signed-in member the HTML was drawn for.
    static VIEWER: RefCell<Option<Viewer>> = const { RefCell::new(None) };
    /// The privacy policy a banner asking again was drawn with.
    static POLICY: RefCell<Option<Page>> = const { RefCell::new(None) };
}

/// The privacy policy the page's consent banner was drawn with, once.
pub fn take_policy() -> Option<Page> {
    POLICY.with(|policy| policy.borrow_mut().take())
}

/// A form the browser posted by itself and what came of it: a
/// `civic_api::form_post::FormPost` as JSON, which the form it names
/// (`form`, its id) reads with its own request type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedForm {
    pub form: String,
    pub json: String,
}

/// Sets the data the first page is drawn from (the server, before
/// rendering; the browser, from the HTML).
#[cfg(any(feature = "ssr", target_arch = "wasm32"))]
pub fn put(data: Option<FirstData>, post: Option<PostedForm>) {
    FIRST_DATA.with(|first| *first.borrow_mut() = data);
    FORM_POST.with(|first| *first.borrow_mut() = post);
}

/// What the browser posted with the form `form` (its id), once: the page it
/// was answered with is the one drawn first.
pub fn take_form_post<R: DeserializeOwned>(form: &str) -> Option<FormPost<R>> {
    FORM_POST.with(|post| {
        let mut post = post.borrow_mut();
        if post.as_ref()?.form != form {
            return None;
        }
        serde_json::from_str(&post.take()?.json).ok()
    })
}

/// The content page `slug` in `locale`, if it is the one the HTML carried.
pub fn take_content(locale: Locale, slug: &Slug) -> Option<Page> {
    take(|data| match data {
        FirstData::Content(page) if page.locale == locale && &page.slug == slug => Ok(page),
        other => Err(other),
    })
}

/// The campaigns page's petitions, if the HTML carried them.
pub fn take_petitions() -> Option<PetitionList> {
    take(|data| match data {
        FirstData::Petitions(list) => Ok(list),
        other => Err(other),
    })
}

/// The petition `slug`, if it is the one the HTML carried.
pub fn take_petition(slug: &Slug) -> Option<PetitionDetail> {
    take(|data| match data {
        FirstData::Petition(petition) if &petition.slug == slug => Ok(petition),
        other => Err(other),
    })
}

/// What confirming the signature came to, if the server confirmed it.
pub fn take_confirmation() -> Option<Result<Confirmation, ErrorBody>> {
    take(|data| match data {
        FirstData::Confirmation(result) => Ok(result),
        other => Err(other),
    })
}

/// What following the page's newsletter link came to, if the server
/// followed it.
pub fn take_subscription() -> Option<Result<SubscriptionStatus, ErrorBody>> {
    take(|data| match data {
        FirstData::Subscription(result) => Ok(result),
        other => Err(other),
    })
}

/// What following the page's petition news link (stopping that
/// petition's news) came to, if the server followed it.
pub fn take_news_following() -> Option<Result<NewsFollowing, ErrorBody>> {
    take(|data| match data {
        FirstData::NewsFollowing(result) => Ok(result),
        other => Err(other),
    })
}

/// Whether the server drew a page for members, asked for without a
/// session, as a request to sign in.
pub fn take_members_only() -> bool {
    take(|data| match data {
        FirstData::MembersOnly => Ok(()),
        other => Err(other),
    })
    .is_some()
}

/// What following the page's account link (opening the account, or moving
/// it to a new address) came to, if the server followed it.
pub fn take_account_link() -> Option<Result<(), ErrorBody>> {
    take(|data| match data {
        FirstData::AccountLink(result) => Ok(result),
        other => Err(other),
    })
}

/// What confirming the page's survey answer came to, if the server
/// confirmed it.
pub fn take_response_confirmation() -> Option<Result<ResponseReceipt, ErrorBody>> {
    take(|data| match data {
        FirstData::ResponseConfirmation(result) => Ok(result),
        other => Err(other),
    })
}

/// What the donate page offers, if the HTML carried it.
pub fn take_donation_offer() -> Option<DonationOffer> {
    take(|data| match data {
        FirstData::DonationOffer(offer) => Ok(offer),
        other => Err(other),
    })
}

/// Who the staff console was drawn for (with the audit log's newest page
/// for an admin), or the 401 of nobody signed in, if the HTML carried it.
pub fn take_console() -> Option<Result<civic_api::staff::ConsoleStart, ErrorBody>> {
    take(|data| match data {
        FirstData::Console(result) => Ok(result),
        other => Err(other),
    })
}

/// The gift a thank-you page is about, or why the server could not read
/// it, if the HTML carried it.
pub fn take_donation() -> Option<Result<DonationView, ErrorBody>> {
    take(|data| match data {
        FirstData::Donation(result) => Ok(result),
        other => Err(other),
    })
}

/// The survey list, if the HTML carried it.
pub fn take_surveys() -> Option<SurveyList> {
    take(|data| match data {
        FirstData::Surveys(list) => Ok(list),
        other => Err(other),
    })
}

/// The survey `slug`, if it is the one the HTML carried.
pub fn take_survey(slug: &Slug) -> Option<Survey> {
    take(|data| match data {
        FirstData::Survey(survey) if &survey.slug == slug => Ok(survey),
        other => Err(other),
    })
}

/// The statistics, if the HTML carried them.
pub fn take_statistics() -> Option<Statistics> {
    take(|data| match data {
        FirstData::Statistics(statistics) => Ok(statistics),
        other => Err(other),
    })
}

/// The results of survey `slug`, if they are the ones the HTML carried.
pub fn take_survey_results(slug: &Slug) -> Option<SurveyResults> {
    take(|data| match data {
        FirstData::SurveyResults(results) if &results.slug == slug => Ok(results),
        other => Err(other),
    })
}

/// A textarea's first text. The browser takes it as it is; in the server's
/// HTML it is escaped, which Leptos does not do inside a textarea, so what
/// a visitor typed is never read as markup.
pub fn textarea_text(text: String) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    let text = html_escape::encode_text(&text).into_owned();
    text
}

/// Whether the server found nothing at the address (a written page or a
/// petition that does not exist).
pub fn take_missing() -> bool {
    take(|data| match data {
        FirstData::Missing => Ok(()),
        other => Err(other),
    })
    .is_some()
}

/// The data, if `pick` takes it; what it gives back stays for its page.
fn take<T>(pick: impl FnOnce(FirstData) -> Result<T, FirstData>) -> Option<T> {
    FIRST_DATA.with(|first| {
        let mut first = first.borrow_mut();
        match pick(first.take()?) {
            Ok(taken) => Some(taken),
            Err(other) => {
                *first = Some(other);
                None
            }
        }
    })
}

#[cfg(target_arch = "wasm32")]
pub use browser::{adopt_server_page, children, read_from_document, take_place_of};

#[cfg(target_arch = "wasm32")]
mod browser {
    use civic_api::site::{
        FIRST_DATA_ELEMENT_ID, FIRST_PAGE_ELEMENT_ID, FORM_POST_ELEMENT_ID, FirstData, POLICY_ELEMENT_ID,
        VIEWER_ELEMENT_ID,
    };
    use leptos::prelude::{document, window};
    use wasm_bindgen::JsCast;
    use web_sys::{
        Element, FocusOptions, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, ScrollBehavior,
        ScrollToOptions,
    };

    /// Reads the data the server wrote beside the page it drew, with the
    /// bundle's own reader (`FirstData::from_main_json`, say).
    pub fn read_from_document(read: fn(&str, &str) -> Option<FirstData>) {
        let data = document()
            .get_element_by_id(FIRST_DATA_ELEMENT_ID)
            .and_then(|element| read(&element.get_attribute("data-kind")?, &element.text_content()?));
        let post = document().get_element_by_id(FORM_POST_ELEMENT_ID).and_then(|element| {
            Some(super::PostedForm {
                form: element.get_attribute("data-form")?,
                json: element.text_content()?,
            })
        });
        super::put(data, post);
        let policy = document()
            .get_element_by_id(POLICY_ELEMENT_ID)
            .and_then(|element| serde_json::from_str(&element.text_content()?).ok());
        super::POLICY.with(|slot| *slot.borrow_mut() = policy);
        let viewer = document()
            .get_element_by_id(VIEWER_ELEMENT_ID)
            .and_then(|element| serde_json::from_str(&element.text_content()?).ok());
        super::VIEWER.with(|slot| *slot.borrow_mut() = viewer);
    }

    /// Once the app has drawn its page after the server's: removes the
    /// server's, keeping where the visitor was, what had focus and anything
    /// typed meanwhile. All in one task, so the browser never paints the
    /// page twice or without it.
    pub fn adopt_server_page() {
        let Some(server_page) = document().get_element_by_id(FIRST_PAGE_ELEMENT_ID) else {
            return;
        };
        // The app's page follows the server's in the body: the same
        // elements, in the same order.
        let drawn: Vec<Element> =
            std::iter::successors(server_page.next_element_sibling(), Element::next_element_sibling)
                .filter(|element| element.tag_name() != "SCRIPT")
                .collect();
        let server: Vec<Element> = children(&server_page);
        take_place_of(&server, &drawn, || server_page.remove());
    }

    /// Puts `drawn`, the app's copy of the `server` elements, in their
    /// place once `remove` has taken those away, keeping where the visitor
    /// was, what had focus and anything typed meanwhile.
    pub fn take_place_of(server: &[Element], drawn: &[Element], remove: impl FnOnce()) {
        let document = document();
        let window = window();
        let (x, y) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
        let focused = document.active_element().and_then(|element| {
            server.iter().enumerate().find_map(|(index, root)| {
                let mut path = path_to(root, &element)?;
                path.insert(0, index as u32);
                Some(path)
            })
        });
        let typed: Vec<(String, String)> = server.iter().flat_map(typed_values).collect();
        remove();
        for (id, value) in typed {
            if let Some(field) = document.get_element_by_id(&id) {
                set_value(&field, &value);
            }
        }
        if let Some(element) = focused
            .and_then(|path| follow(drawn, &path))
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
        {
            // Where the visitor was is restored below, not where focus is.
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = element.focus_with_options(&options);
        }
        if window.scroll_x().unwrap_or(0.0) != x || window.scroll_y().unwrap_or(0.0) != y {
            let options = ScrollToOptions::new();
            options.set_left(x);
            options.set_top(y);
            options.set_behavior(ScrollBehavior::Instant);
            window.scroll_to_with_scroll_to_options(&options);
        }
    }

    /// The element children of `parent`, in order.
    pub fn children(parent: &Element) -> Vec<Element> {
        std::iter::successors(parent.first_element_child(), Element::next_element_sibling).collect()
    }

    /// Where `element` is under `root`: the index among its siblings of
    /// each element on the way down.
    fn path_to(root: &Element, element: &Element) -> Option<Vec<u32>> {
        if !root.contains(Some(element)) {
            return None;
        }
        let mut path = Vec::new();
        let mut current = element.clone();
        while &current != root {
            let parent = current.parent_element()?;
            let siblings = parent.children();
            let index = (0..siblings.length()).find(|&index| siblings.item(index).as_ref() == Some(&current))?;
            path.push(index);
            current = parent;
        }
        path.reverse();
        Some(path)
    }

    /// The element at `path` among `roots` (the app's top-level elements).
    fn follow(roots: &[Element], path: &[u32]) -> Option<Element> {
        let (first, rest) = path.split_first()?;
        let mut element = roots.get(*first as usize)?.clone();
        for index in rest {
            element = element.children().item(*index)?;
        }
        Some(element)
    }

    /// The fields with an id whose value the visitor changed.
    fn typed_values(root: &Element) -> Vec<(String, String)> {
        let Ok(fields) = root.query_selector_all("input[id], textarea[id], select[id]") else {
            return Vec::new();
        };
        (0..fields.length())
            .filter_map(|index| fields.item(index))
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .filter_map(|field| {
                let changed = if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
                    match input.type_().as_str() {
                        "checkbox" | "radio" => (input.checked() != input.default_checked())
                            .then(|| if input.checked() { "on" } else { "" }.to_owned()),
                        _ => (input.value() != input.default_value()).then(|| input.value()),
                    }
                } else if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
                    (Ok(area.value()) != area.default_value()).then(|| area.value())
                } else {
                    field.dyn_ref::<HtmlSelectElement>().map(|select| select.value())
                };
                changed.map(|value| (field.id(), value))
            })
            .collect()
    }

    fn set_value(field: &Element, value: &str) {
        if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "checkbox" | "radio" => input.set_checked(value == "on"),
                _ => input.set_value(value),
            }
        } else if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        } else if let Some(select) = field.dyn_ref::<HtmlSelectElement>() {
            select.set_value(value);
        } else {
            return;
        }
        // The component keeps its own copy of the value: tell it. Leptos
        // listens for these on the document, so they must bubble.
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        for kind in ["input", "change"] {
            if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                let _ = field.dispatch_event(&event);
            }
        }
    }
}
