//! A published petition's news as staff see it: how many signers asked for
//! it, the form that posts an update and e-mails it to them, and the
//! updates posted so far, newest first. An update is never edited once
//! posted: its e-mails are gone.

use civic_api::Locale;
use civic_api::petition_news::{NewsDesk, PostedNews};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_petitions};
use crate::i18n::{self, td_string};
use crate::pages::console::petition_news_form::NewsForm;
use crate::pages::console::petition_news_words::{Signers, languages_view, signers};
use crate::pages::console::petition_signatures_words::time_text;
use crate::pages::console::petition_words::{petition_failure, refusal};
use crate::pages::console::texts::LoadFailed;
use crate::request::Request;
use crate::ui_locale;

pub const NEWS_HEADING_ID: &str = "news-desk-heading";

/// What the section's parts share. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct NewsRoom {
    /// The petition's id.
    pub petition: i64,
    /// The news as the server last answered, once it has.
    pub desk: RwSignal<Option<NewsDesk>>,
    /// Asks for the news again.
    pub reload: Callback<()>,
}

impl NewsRoom {
    /// An update as the server answered its posting, shown first at once,
    /// until the news comes again.
    pub fn show_posted(self, posted: PostedNews) {
        self.desk.try_update(|desk| {
            if let Some(desk) = desk
                && !desk.news.iter().any(|shown| shown.id == posted.id)
            {
                desk.news.insert(0, posted);
            }
        });
    }

    /// How many signers the next update goes to (tracked).
    pub fn following(self) -> u64 {
        self.desk.with(|desk| desk.as_ref().map_or(0, |desk| desk.followers))
    }
}

/// Where the section stands: the first news is on its way, did not come,
/// or is shown (a later failure is said above it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Loading,
    Failed,
    Shown,
}

/// The petition `id`'s news. `first`: the news where the console has it
/// already (nothing is asked for then).
#[component]
pub fn PetitionNews(locale: Locale, id: i64, #[prop(optional)] first: Option<NewsDesk>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let desk = RwSignal::new(None::<NewsDesk>);
    let failure = RwSignal::new(None::<ApiError>);
    let asked = Request::<Result<NewsDesk, ApiError>>::new();
    Effect::new(move || match asked.answer().get() {
        Some(Ok(found)) => {
            failure.set(None);
            desk.set(Some(found));
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    let load = move || {
        let base = base.get_value();
        asked.send(async move { staff_petitions::news(&base, id, None).await });
    };
    match first {
        Some(found) => desk.set(Some(found)),
        // Never drawn by the server, which has no browser to ask with.
        None if cfg!(target_arch = "wasm32") => asked.load(move |abort| {
            let base = base.get_value();
            async move { staff_petitions::news(&base, id, abort.as_ref()).await }
        }),
        None => {}
    }
    let room = NewsRoom {
        petition: id,
        desk,
        reload: Callback::new(move |()| load()),
    };
    let stage = Memo::new(
        move |_| match (desk.with(Option::is_some), failure.with(Option::is_some)) {
            (true, _) => Stage::Shown,
            (false, true) => Stage::Failed,
            (false, false) => Stage::Loading,
        },
    );
    let problem = move || {
        failure.get().map(|error| {
            view! {
                <LoadFailed
                    ui
                    text=load_failure(ui, &error)
                    offer_retry=refusal(ui, &error).is_none()
                    pending=asked.pending()
                    retry=Callback::new(move |()| load())
                />
            }
        })
    };
    let body = move || match stage.get() {
        Stage::Loading => {
            view! { <p class="loading" role="status">{td_string!(ui, console.news_loading)}</p> }.into_any()
        }
        Stage::Failed => ().into_any(),
        // Drawn once: the form keeps what is typed while the news changes.
        Stage::Shown => view! {
            <p class="news-following">{move || signers(ui, Signers::Following, room.following())}</p>
            <NewsForm locale room />
            <PostedNewsList ui room />
        }
        .into_any(),
    };
    view! {
        <section class="news-desk" aria-labelledby=NEWS_HEADING_ID>
            <h4 id=NEWS_HEADING_ID>{td_string!(ui, console.news_heading)}</h4>
            <p class="hint">{td_string!(ui, console.news_intro)}</p>
            {problem}
            {body}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.news_load_failed),
        _ => petition_failure(ui, error),
    }
}

/// The updates posted, newest first: when, the English title, the
/// languages and how many signers each was e-mailed to.
#[component]
fn PostedNewsList(ui: i18n::Locale, room: NewsRoom) -> impl IntoView {
    let news = Memo::new(move |_| room.desk.with(|desk| desk.as_ref().map(|desk| desk.news.clone())));
    let entries = move || {
        let news = news.get().unwrap_or_default();
        if news.is_empty() {
            return view! { <p>{td_string!(ui, console.news_none)}</p> }.into_any();
        }
        let entries = news
            .into_iter()
            .map(|posted| {
                view! {
                    <li class="news-entry">
                        <p class="news-entry-title">
                            <span lang="en" dir="ltr">
                                {posted.title}
                            </span>
                        </p>
                        <ul class="news-entry-facts">
                            <li>{time_text(ui, &posted.posted_at)}</li>
                            <li>{languages_view(ui, &posted.languages)}</li>
                            <li>{signers(ui, Signers::Emailed, posted.recipients)}</li>
                        </ul>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="news-list">{entries}</ul> }.into_any()
    };
    view! {
        <section class="posted-news" aria-labelledby="posted-news-heading">
            <h5 id="posted-news-heading">{td_string!(ui, console.news_posted_heading)}</h5>
            {entries}
        </section>
    }
}
