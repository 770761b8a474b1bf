//! Where the link in every petition news e-mail lands. Opening the link is
//! the one click: that petition's news stops for that address as the page
//! opens, and an "Undo" button starts it again with the same link.

use civic_api::petition_news::NewsFollowing;
use civic_api::{Locale, paths};
use leptos::prelude::*;

use crate::browser::set_document_meta;
use crate::components::link_token::{Phase, UndoableLink};
use crate::components::load_failed::LoadFailed;
use crate::components::page_heading::PageHeading;
use crate::components::undo_link_view::{UndoWords, UndoableDone};
use crate::first_page;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn StopPetitionNews(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, petition_news.title),
        Some(td_string!(ui, petition_news.description)),
    );
    let landing = UndoableLink::follow(first_page::take_news_following(), paths::PETITION_NEWS_STOP);
    let following = landing.state;
    // Undo while stopped, stop (again) while following.
    let toggle = Callback::new(move |()| {
        let follows = following.with_untracked(|following| following.as_ref().is_some_and(|f| f.following));
        landing.send(match follows {
            true => paths::PETITION_NEWS_STOP,
            false => paths::PETITION_NEWS_RESTART,
        });
    });
    let retry = move || landing.retry(paths::PETITION_NEWS_STOP);
    let pending = landing.pending();
    let action_failed = landing.action_failed;
    move || match landing.phase.get() {
        Phase::Working => view! {
            <div class="loading" role="status" aria-busy="true">
                <p>{td_string!(ui, petition_news.working)}</p>
            </div>
        }
        .into_any(),
        Phase::Invalid => view! {
            <PageHeading text=td_string!(ui, petition_news.invalid_heading) />
            <p>{td_string!(ui, petition_news.invalid_text)}</p>
            <p>{td_string!(ui, petition_news.invalid_each)}</p>
        }
        .into_any(),
        Phase::Failed(error) => view! {
            <LoadFailed locale error retry>
                <PageHeading text=td_string!(ui, petition_news.title) />
            </LoadFailed>
        }
        .into_any(),
        Phase::Done => view! { <Done locale following pending action_failed toggle /> }.into_any(),
    }
}

#[component]
fn Done(
    locale: Locale,
    following: RwSignal<Option<NewsFollowing>>,
    pending: ReadSignal<bool>,
    action_failed: RwSignal<bool>,
    toggle: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let follows = move || following.with(|following| following.as_ref().is_some_and(|f| f.following));
    let heading = Signal::derive(move || match follows() {
        true => td_string!(ui, petition_news.undone_heading),
        false => td_string!(ui, petition_news.done_heading),
    });
    let text = move || {
        following.with(|following| {
            let Some(following) = following else {
                return String::new();
            };
            let (title, email) = (&following.petition_title, &following.email_hint);
            match following.following {
                true => td_string!(ui, petition_news.undone_text, title = title, email = email),
                false => td_string!(ui, petition_news.done_text, title = title, email = email),
            }
        })
    };
    let words = UndoWords {
        undo_text: td_string!(ui, petition_news.undo_text),
        undo: td_string!(ui, petition_news.undo),
        undoing: td_string!(ui, petition_news.undoing),
        again: td_string!(ui, petition_news.again),
        again_working: td_string!(ui, petition_news.working),
        action_error: td_string!(ui, petition_news.action_error),
    };
    view! {
        <UndoableDone
            heading
            text=Signal::derive(text)
            undone=Signal::derive(follows)
            pending
            action_failed
            toggle
            words
            class="news-state"
        />
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::petition::TokenRequest;
    use civic_api::petition_news::NewsFollowing;
    use civic_api::site::FirstData;
    use civic_api::{ErrorBody, ErrorCode, Locale};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::StopPetitionNews;
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::first_page;
    use crate::test_support::{answer_fetches, bodies_sent, container, fetches_made, find, json, open, text, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    const MOCK: &str = "http://mock.petition-news";
    const STOP: &str = "POST /api/petition-news/stop";
    const RESTART: &str = "POST /api/petition-news/restart";

    fn following(following: bool) -> NewsFollowing {
        NewsFollowing {
            following,
            petition_title: "Clean air now".to_owned(),
            email_hint: "a•••@example.org".to_owned(),
            locale: Locale::En,
        }
    }

    fn mount(path: &str, locale: Locale) -> (web_sys::HtmlElement, impl Drop) {
        open(path);
        let root = container();
        let mounted = leptos::mount::mount_to(root.clone(), move || {
            provide_context(ApiBase(MOCK.into()));
            view! {
                <Router>
                    <SiteContext>
                        <StopPetitionNews locale />
                    </SiteContext>
                </Router>
            }
        });
        (root, mounted)
    }

    async fn heading_says(root: &web_sys::Element, expected: &str) {
        let found = wait_for(Duration::from_secs(5), || {
            find(root, "h1").filter(|heading| text(heading) == expected)
        })
        .await;
        let shown = find(root, "h1").map(|heading| text(&heading));
        assert!(found.is_some(), "the heading says {shown:?}, not {expected:?}");
    }

    fn button(root: &web_sys::Element) -> web_sys::HtmlElement {
        find(root, ".undo button").expect("a button").unchecked_into()
    }

    #[wasm_bindgen_test]
    async fn the_link_stops_the_news_then_undo_and_stop_again_use_the_same_link() {
        answer_fetches(
            MOCK,
            vec![
                (STOP, 200, json(&following(false))),
                (RESTART, 200, json(&following(true))),
            ],
        );
        let (root, _mounted) = mount("/petition-news?t=f.abc", Locale::En);
        heading_says(&root, "No more news of this petition").await;
        assert_eq!(
            text(&find(&root, "[role=status] p").unwrap()),
            "You will get no more news of “Clean air now” at a•••@example.org."
        );
        assert_eq!(text(&button(&root)), "Undo");
        assert_eq!(document().title(), "Stop a petition's news | Civic");

        button(&root).click();
        heading_says(&root, "You will get this petition's news again").await;
        assert_eq!(
            text(&find(&root, "[role=status] p").unwrap()),
            "We will e-mail “Clean air now”'s news to a•••@example.org again."
        );
        assert_eq!(text(&button(&root)), "Stop the news again");

        button(&root).click();
        heading_says(&root, "No more news of this petition").await;
        assert_eq!(fetches_made(), [STOP, RESTART, STOP]);
        for (_, body) in bodies_sent().await {
            let sent: TokenRequest = serde_json::from_str(&body).unwrap();
            assert_eq!(sent.token, "f.abc");
        }
    }

    #[wasm_bindgen_test]
    async fn where_the_server_stopped_the_news_the_page_only_says_so() {
        answer_fetches(MOCK, vec![]);
        first_page::put(Some(FirstData::NewsFollowing(Ok(following(false)))), None);
        let (root, _mounted) = mount("/fr/petition-news?t=f.abc", Locale::Fr);
        leptos::task::tick().await;
        assert_eq!(text(&find(&root, "h1").unwrap()), "Plus de nouvelles de cette pétition");
        assert_eq!(text(&button(&root)), "Annuler");
        assert!(fetches_made().is_empty(), "asked {:?}", fetches_made());
    }

    #[wasm_bindgen_test]
    async fn a_link_the_server_does_not_know_or_without_its_token_does_not_work() {
        answer_fetches(MOCK, vec![(STOP, 404, "{}".to_owned())]);
        let (root, _mounted) = mount("/petition-news?t=f.tampered", Locale::En);
        heading_says(&root, "This link does not work").await;
        let said = text(&root);
        assert!(said.contains("may have expired"), "{said}");
        assert!(
            said.contains("Each news e-mail of a petition has its own link"),
            "{said}"
        );
        assert!(find(&root, "button").is_none());

        let refused = ErrorBody {
            code: ErrorCode::NotFound,
            message: "unknown".to_owned(),
            fields: Default::default(),
            request_id: None,
        };
        first_page::put(Some(FirstData::NewsFollowing(Err(refused))), None);
        let (drawn, _mounted) = mount("/petition-news?t=f.tampered", Locale::En);
        leptos::task::tick().await;
        assert_eq!(text(&find(&drawn, "h1").unwrap()), "This link does not work");

        answer_fetches(MOCK, vec![]);
        let (cut, _mounted) = mount("/petition-news", Locale::En);
        leptos::task::tick().await;
        assert_eq!(text(&find(&cut, "h1").unwrap()), "This link does not work");
        assert!(fetches_made().is_empty());
    }
}
