//! The page in the first HTML: for the pages the catalogue marks as
//! pre-rendered, the server draws the app's own components (civic-web's
//! `render`) from the data the API would answer, and writes that data
//! beside it for the app to start from.

use std::panic::AssertUnwindSafe;

use civic_api::account::Role;
use civic_api::site::{
    FIRST_DATA_ELEMENT_ID, FIRST_PAGE_ELEMENT_ID, FORM_POST_ELEMENT_ID, FirstData, POLICY_ELEMENT_ID,
    VIEWER_ELEMENT_ID, Viewer,
};
use civic_api::staff::ConsoleStart;
use civic_api::{ErrorBody, Locale, SiteRoute, Target};
use civic_web::render::{PostedForm, ServerConsent, ServerPage, page_html};

use crate::analytics::statistics::{self, Period};
use crate::error::ApiError;
use crate::newsletter::TokenAction;
use crate::petitions::news::NewsAction;
use crate::refused::Refused;
use crate::site::Site;
use crate::site::texts::Noscript;
use crate::state::AppState;
use crate::storage;

/// The body's markup for `route` at `path` (with its query), and whether
/// the server drew the page in it.
pub struct Body {
    pub html: String,
    pub drawn: bool,
}

/// The body's markup for `route` at `path` (with its query): the note for
/// visitors without JavaScript, then the drawn page and its data, where
/// the server draws it, with the answer to a form `post`ed there.
pub async fn body(
    state: &AppState,
    route: &SiteRoute,
    path: &str,
    consent: ServerConsent,
    post: Option<PostedForm>,
    viewer: Option<Viewer>,
) -> Body {
    let drawn = match drawn(state, route, path, consent, post, viewer).await {
        Ok(drawn) => drawn,
        Err(error) => {
            // The app still draws the page by itself.
            tracing::error!(error = ?error, path, "failed to draw a page on the server");
            None
        }
    };
    with_note(&state.site, route.locale, Some(&route.target), drawn)
}

/// The body with its note for visitors without JavaScript: what on the
/// page `drawn` needs it (the page at `target`; `None` for the not-found
/// page), or that the page does.
pub fn with_note(site: &Site, locale: Locale, target: Option<&Target>, drawn: Option<String>) -> Body {
    let note = match (&drawn, target) {
        (None, _) => Noscript::Page,
        (Some(_), Some(Target::Survey(_))) => Noscript::Survey,
        (Some(_), Some(Target::Unsubscribe)) => Noscript::Unsubscribe,
        (Some(_), Some(Target::PetitionNews)) => Noscript::PetitionNews,
        (Some(_), _) => Noscript::Forms,
    };
    let noscript = site.texts.noscript(locale, note);
    Body {
        html: format!("{noscript}\n{}", drawn.as_deref().unwrap_or_default()),
        drawn: drawn.is_some(),
    }
}

/// The page and its data, where the server draws it.
async fn drawn(
    state: &AppState,
    route: &SiteRoute,
    path: &str,
    consent: ServerConsent,
    post: Option<PostedForm>,
    viewer: Option<Viewer>,
) -> anyhow::Result<Option<String>> {
    if !route.target.page().prerendered {
        return Ok(None);
    }
    let how = data(state, route, path, viewer.as_ref()).await?;
    draw(&state.site, path, how, consent, post, viewer)
}

/// The page at `path` (with its query) drawn by the app's components as
/// `how` says, for a visitor whose `consent` is known so, with its data and
/// the answer to a form `post`ed there beside it for the app; `None` where
/// the server does not draw it.
pub fn draw(
    site: &Site,
    path: &str,
    how: Draw,
    consent: ServerConsent,
    post: Option<PostedForm>,
    viewer: Option<Viewer>,
) -> anyhow::Result<Option<String>> {
    let data = match how {
        Draw::With(data) => Some(data),
        Draw::Alone => None,
        Draw::Not => return Ok(None),
    };
    let carried = match &data {
        Some(data) => format!(
            r#"
<script type="application/json" id="{FIRST_DATA_ELEMENT_ID}" data-kind="{}">{}</script>"#,
            data.kind(),
            script_json(&data.to_json()?)
        ),
        None => String::new(),
    };
    // A banner asking again after a policy change says what changed; the
    // app's, once it runs, says it from the same page.
    let policy = match &consent.policy {
        Some(policy) => format!(
            r#"
<script type="application/json" id="{POLICY_ELEMENT_ID}">{}</script>"#,
            script_json(&serde_json::to_string(policy)?)
        ),
        None => String::new(),
    };
    let member = match &viewer {
        Some(viewer) => format!(
            r#"
<script type="application/json" id="{VIEWER_ELEMENT_ID}">{}</script>"#,
            script_json(&serde_json::to_string(viewer)?)
        ),
        None => String::new(),
    };
    let page = ServerPage {
        origin: site.public_url().to_owned(),
        today: {
            let today = time::OffsetDateTime::now_utc().date();
            (today.year(), u32::from(u8::from(today.month())), u32::from(today.day()))
        },
        consent,
        viewer,
    };
    let posted = match &post {
        Some(post) => format!(
            r#"
<script type="application/json" id="{FORM_POST_ELEMENT_ID}" data-form="{}">{}</script>"#,
            super::shell::escape(&post.form),
            script_json(&post.json)
        ),
        None => String::new(),
    };
    let drawn = std::panic::catch_unwind(AssertUnwindSafe(|| page_html(path, page, data, post)));
    // A component that reaches for the browser on the server is a bug; the
    // visitor still gets the page, drawn by the app alone.
    let html = drawn.map_err(|_| anyhow::anyhow!("drawing {path} on the server panicked"))?;
    Ok(Some(format!(
        r#"<div id="{FIRST_PAGE_ELEMENT_ID}">{html}</div>{carried}{posted}{policy}{member}"#
    )))
}

/// The console as `viewer` may see it: the people and the audit log are an
/// admin's, signed in with a passkey, as their endpoints require.
async fn console_start(state: &AppState, viewer: &Viewer) -> anyhow::Result<ConsoleStart> {
    let admin = viewer.role == Role::Admin && !viewer.needs_passkey;
    let staff = viewer.role.is_staff() && !viewer.needs_passkey;
    let (petitions, inbox, statistics) = match staff {
        true => {
            let period = crate::analytics::statistics::Period::ending(time::OffsetDateTime::now_utc().date());
            (
                Some(storage::petition_editing::lines(&state.pool).await?),
                Some(storage::inbox::queue(&state.pool, Some(civic_api::inbox::InboxStatus::New)).await?),
                Some(crate::analytics::statistics::gather_for_staff(&state.pool, period).await?),
            )
        }
        false => (None, None, None),
    };
    let (people, audit) = match admin {
        true => (
            Some(storage::people::search(&state.pool, "").await?),
            Some(storage::staff_actions::search(&state.pool, &storage::staff_actions::page("", None)).await?),
        ),
        false => (None, None),
    };
    Ok(ConsoleStart {
        email: viewer.email.clone(),
        role: viewer.role,
        needs_passkey: viewer.needs_passkey,
        people,
        audit,
        petitions,
        inbox,
        statistics,
    })
}

/// The value of `name` in `path`'s query, decoded.
fn query_value(path: &str, name: &str) -> Option<String> {
    let (_, query) = path.split_once('?')?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// JSON that no markup in it can end early.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Whether and from what the server draws a page.
pub enum Draw {
    /// From what the API answers for it, read the same way.
    With(FirstData),
    /// A page that needs no data (a form).
    Alone,
    /// Not at all: the app draws it (a private survey's results, say).
    Not,
}

impl From<Option<FirstData>> for Draw {
    fn from(data: Option<FirstData>) -> Draw {
        data.map_or(Draw::Not, Draw::With)
    }
}

/// `viewer`: who the request's live session is for, which a page for
/// members only and the staff console need.
async fn data(state: &AppState, route: &SiteRoute, path: &str, viewer: Option<&Viewer>) -> anyhow::Result<Draw> {
    let signed_in = viewer.is_some();
    let data = match &route.target {
        Target::Newsletter
        | Target::ReportProblem
        | Target::Contact
        | Target::Join
        | Target::SignIn
        | Target::ForgotPassword
        | Target::ResetPassword => return Ok(Draw::Alone),
        // Personal: the app draws it once it knows who is signed in.
        Target::Account => return Ok(Draw::Not),
        Target::Console => Some(FirstData::Console(match viewer {
            Some(viewer) => Ok(console_start(state, viewer).await?),
            None => Err(ApiError::Unauthorized.body()),
        })),
        Target::Content(slug) => storage::pages::find(&state.pool, route.locale, slug)
            .await?
            .map(|page| match page.members_only && !signed_in {
                true => FirstData::MembersOnly,
                false => FirstData::Content(page),
            }),
        Target::Campaigns => Some(FirstData::Petitions(state.petitions.registry().list(route.locale))),
        // The form's choices after a cancel (`?ref=`) are the app's to fill.
        Target::Donate => Some(FirstData::DonationOffer(state.payments.offer())),
        Target::DonationThanks => {
            let reference = query_value(path, "ref").unwrap_or_default();
            Some(FirstData::Donation(
                state
                    .payments
                    .view(&state.pool, &reference)
                    .await?
                    .ok_or_else(|| ApiError::NotFound.body()),
            ))
        }
        Target::Petition(slug) => state
            .petitions
            .detail(&state.pool, slug.as_str(), route.locale)
            .await?
            .map(FirstData::Petition),
        Target::Surveys => Some(FirstData::Surveys(state.surveys.now().list(route.locale))),
        Target::Survey(slug) => state
            .surveys
            .now()
            .find(slug.as_str())
            .map(|survey| FirstData::Survey(survey.in_locale(route.locale).clone())),
        Target::Statistics => {
            let period = Period::ending(time::OffsetDateTime::now_utc().date());
            Some(FirstData::Statistics(statistics::gather(&state.pool, period).await?))
        }
        // Private results are not drawn: the app says so, as for an unknown survey.
        Target::SurveyResults(slug) => match state.surveys.now().find(slug.as_str()) {
            Some(survey) if survey.results_public() => Some(FirstData::SurveyResults(
                crate::surveys::results::results(&state.pool, &survey, route.locale).await?,
            )),
            _ => None,
        },
        // An e-mailed link acts as its page opens, as the app does when it
        // runs (doing it again changes nothing), so it works without it.
        Target::ConfirmSignature => Some(
            follow_link(
                path,
                async |token| state.petitions.confirm(&token).await,
                FirstData::Confirmation,
            )
            .await?,
        ),
        Target::ConfirmSubscription => Some(
            follow_link(
                path,
                async |token| state.newsletter.follow(TokenAction::Confirm, &token).await,
                FirstData::Subscription,
            )
            .await?,
        ),
        Target::Unsubscribe => Some(
            follow_link(
                path,
                async |token| state.newsletter.follow(TokenAction::Unsubscribe, &token).await,
                FirstData::Subscription,
            )
            .await?,
        ),
        Target::PetitionNews => Some(
            follow_link(
                path,
                async |token| state.petitions.follow_news(&state.pool, NewsAction::Stop, &token).await,
                FirstData::NewsFollowing,
            )
            .await?,
        ),
        Target::ConfirmAccount => Some(
            follow_link(
                path,
                async |token| state.accounts.confirm(state, &token).await,
                FirstData::AccountLink,
            )
            .await?,
        ),
        Target::ConfirmEmail => Some(
            follow_link(
                path,
                async |token| state.accounts.confirm_email(state, &token).await,
                FirstData::AccountLink,
            )
            .await?,
        ),
        Target::ConfirmResponse => Some(
            follow_link(
                path,
                async |token| state.survey_responses.confirm(&state.surveys.now(), &token).await,
                FirstData::ResponseConfirmation,
            )
            .await?,
        ),
    };
    Ok(data.into())
}

/// What following the e-mailed link at `path` (its `t`) came to, as
/// `carry` puts it in the page. A refusal the API would answer with (a
/// link that is not genuine, expired, or too late) is drawn too; a link cut
/// short before its token is refused without asking.
async fn follow_link<T>(
    path: &str,
    follow: impl AsyncFnOnce(String) -> Result<T, Refused>,
    carry: fn(Result<T, ErrorBody>) -> FirstData,
) -> anyhow::Result<FirstData> {
    let token = query_value(path, "t").unwrap_or_default();
    let answer = match token.trim().is_empty() {
        true => Err(Refused::NotFound),
        false => follow(token).await,
    };
    match answer {
        Ok(answer) => Ok(carry(Ok(answer))),
        Err(refused) if refused.is_the_requests() => Ok(carry(Err(ApiError::from(refused).body()))),
        Err(error) => Err(anyhow::anyhow!("following an e-mailed link failed: {error:?}")),
    }
}
