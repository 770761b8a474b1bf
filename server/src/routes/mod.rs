//! The JSON API under `/api/`, one module per resource.

mod account_changes;
mod accounts;
mod analytics;
mod authenticator;
pub mod consents;
mod contact_messages;
pub mod dev_outbox;
mod donations;
mod dues;
mod health;
mod newsletter;
mod openapi;
mod pages;
mod passkeys;
mod period;
mod petition_news;
mod petitions;
mod problem_reports;
mod sessions;
mod signatures;
mod staff_audit;
mod staff_inbox;
mod staff_mailings;
mod staff_pages;
mod staff_people;
pub mod staff_petitions;
mod staff_surveys;
mod statistics;
mod survey_responses;
mod surveys;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn;
use axum::routing::{any, delete, get, post, put};
use civic_api::paths;
use tower::ServiceBuilder;

use crate::error::{ApiError, BODY_LIMIT};
use crate::state::AppState;
use crate::{csrf, etag, rate_limit};

/// `limiter` guards the writes; `analytics_limiter`, a larger budget, the
/// consent and analytics posts a visitor's browsing sends, so that page
/// views never use up what signing a petition needs.
pub fn api(state: AppState, limiter: &Arc<rate_limit::Config>, analytics_limiter: &Arc<rate_limit::Config>) -> Router {
    let counted = Router::new()
        .route(paths::CONSENTS, post(consents::create))
        .route(paths::ANALYTICS_EVENTS, post(analytics::record))
        // Asked for as staff type, a moment after they stop.
        .route(paths::STAFF_MARKDOWN_PREVIEW, post(staff_petitions::preview));
    let routes = Router::new()
        .route(paths::HEALTH, get(health::check))
        .route(paths::READY, get(health::ready))
        .route(paths::PAGE, get(pages::show))
        .route(paths::PROBLEM_REPORTS, post(problem_reports::create))
        .route(paths::CONTACT_MESSAGES, post(contact_messages::create))
        .route(paths::STAFF_CONTACT_MESSAGES, get(contact_messages::received))
        .route(paths::PETITIONS, get(petitions::list))
        .route(paths::PETITION, get(petitions::show))
        .route(paths::PETITION_COUNT, get(petitions::count))
        .route(paths::PETITION_COUNTRIES_CSV, get(petitions::countries_csv))
        .route(paths::PETITION_SIGNATURES, post(signatures::sign))
        .route(paths::PETITION_RESEND, post(signatures::resend))
        .route(paths::PETITION_SIGNER, post(signatures::signer))
        .route(paths::PETITION_MEMBER, get(signatures::member))
        .route(paths::SIGNATURE_CONFIRM, post(signatures::confirm))
        .route(paths::NEWSLETTER_SUBSCRIPTIONS, post(newsletter::subscribe))
        .route(paths::NEWSLETTER_CONFIRM, post(newsletter::confirm))
        .route(paths::NEWSLETTER_UNSUBSCRIBE, post(newsletter::unsubscribe))
        .route(paths::NEWSLETTER_RESUBSCRIBE, post(newsletter::resubscribe))
        .route(paths::NEWSLETTER_UNSUBSCRIBE_LINKS, post(newsletter::unsubscribe_links))
        .route(paths::NEWSLETTER_ONE_CLICK, post(newsletter::one_click))
        .route(paths::PETITION_NEWS_STOP, post(petition_news::stop))
        .route(paths::PETITION_NEWS_RESTART, post(petition_news::restart))
        .route(paths::PETITION_NEWS_ONE_CLICK, post(petition_news::one_click))
        .route(paths::STATISTICS, get(statistics::show))
        .route(paths::SURVEYS, get(surveys::list))
        .route(paths::SURVEY, get(surveys::show))
        .route(paths::SURVEY_RESULTS, get(surveys::results))
        .route(paths::SURVEY_RESULTS_CSV, get(surveys::results_csv))
        .route(
            paths::SURVEY_RESPONSES,
            post(survey_responses::submit).layer(DefaultBodyLimit::max(survey_responses::RESPONSE_BODY_LIMIT)),
        )
        .route(paths::SURVEY_RESPONSE_CONFIRM, post(survey_responses::confirm))
        .route(paths::ACCOUNTS, post(accounts::join))
        .route(paths::ACCOUNT_CONFIRMATIONS, post(accounts::confirm))
        .route(paths::PASSWORD_RESETS, post(accounts::request_reset))
        .route(paths::PASSWORD_RESET_COMPLETE, post(accounts::complete_reset))
        .route(paths::ACCOUNT_PROFILE, put(accounts::update_profile))
        .route(paths::ACCOUNT_DATA, get(accounts::export))
        .route(paths::ACCOUNT_SIGNATURES, get(accounts::signatures))
        .route(paths::ACCOUNT_DELETION, post(accounts::delete))
        .route(paths::ACCOUNT_PASSWORD, put(account_changes::change_password))
        .route(paths::ACCOUNT_EMAIL, post(account_changes::request_email_change))
        .route(paths::EMAIL_CONFIRMATIONS, post(account_changes::confirm_email))
        .route(paths::ACCOUNT_PASSKEYS, get(passkeys::list).post(passkeys::add))
        .route(paths::ACCOUNT_PASSKEY_OPTIONS, post(passkeys::options))
        .route(paths::ACCOUNT_PASSKEY, delete(passkeys::remove))
        .route(
            paths::ACCOUNT_AUTHENTICATOR,
            get(authenticator::show)
                .post(authenticator::confirm)
                .delete(authenticator::remove),
        )
        .route(paths::ACCOUNT_AUTHENTICATOR_SETUP, post(authenticator::setup))
        .route(paths::SESSION_AUTHENTICATOR, post(authenticator::step_up))
        .route(paths::PASSKEY_SIGN_IN_OPTIONS, post(passkeys::sign_in_options))
        .route(paths::PASSKEY_SIGN_INS, post(passkeys::sign_in))
        .route(paths::SESSIONS, post(sessions::sign_in))
        .route(paths::SESSION, get(sessions::show).delete(sessions::sign_out))
        .route(paths::ACCOUNT_SESSIONS, get(sessions::list).delete(sessions::end_all))
        .route(paths::ACCOUNT_SESSION, delete(sessions::end))
        .route(paths::DONATION_OFFER, get(donations::offer))
        .route(paths::DONATIONS, post(donations::create))
        .route(paths::DONATION, get(donations::show))
        .route(paths::STAFF_PAYMENTS_CSV, get(donations::payments_csv))
        .route(paths::STAFF_ACCOUNTS, get(staff_people::search))
        .route(paths::STAFF_ACCOUNT_ROLE, put(staff_people::change_role))
        .route(paths::STAFF_ACCOUNT_SESSION_ENDS, post(staff_people::end_sessions))
        .route(paths::STAFF_ACCOUNT_ERASURE, post(staff_people::erase))
        .route(paths::STAFF_AUDIT, get(staff_audit::log))
        .route(paths::STAFF_AUDIT_CSV, get(staff_audit::log_csv))
        .route(paths::STAFF_CONSENTS_CSV, get(staff_audit::consents_csv))
        .route(
            paths::STAFF_PETITIONS,
            get(staff_petitions::list)
                .post(staff_petitions::create)
                .layer(DefaultBodyLimit::max(staff_petitions::PETITION_BODY_LIMIT)),
        )
        .route(
            paths::STAFF_PETITION,
            get(staff_petitions::show)
                .put(staff_petitions::edit)
                .layer(DefaultBodyLimit::max(staff_petitions::PETITION_BODY_LIMIT)),
        )
        .route(paths::STAFF_STATISTICS, get(statistics::staff_show))
        .route(paths::STAFF_PAGES, get(staff_pages::list))
        .route(
            paths::STAFF_PAGE,
            get(staff_pages::show)
                .put(staff_pages::edit)
                .layer(DefaultBodyLimit::max(staff_pages::PAGE_BODY_LIMIT)),
        )
        .route(
            paths::STAFF_MAILINGS,
            get(staff_mailings::list)
                .post(staff_mailings::create)
                .layer(DefaultBodyLimit::max(staff_mailings::MAILING_BODY_LIMIT)),
        )
        .route(
            paths::STAFF_MAILING,
            get(staff_mailings::show)
                .put(staff_mailings::edit)
                .layer(DefaultBodyLimit::max(staff_mailings::MAILING_BODY_LIMIT)),
        )
        .route(paths::STAFF_MAILING_TESTS, post(staff_mailings::test))
        .route(paths::STAFF_MAILING_SCHEDULE, put(staff_mailings::schedule))
        .route(paths::STAFF_MAILING_SENDING, post(staff_mailings::send))
        .route(
            paths::STAFF_SURVEYS,
            get(staff_surveys::list)
                .post(staff_surveys::create)
                .layer(DefaultBodyLimit::max(staff_surveys::SURVEY_BODY_LIMIT)),
        )
        .route(
            paths::STAFF_SURVEY,
            get(staff_surveys::show)
                .put(staff_surveys::edit)
                .layer(DefaultBodyLimit::max(staff_surveys::SURVEY_BODY_LIMIT)),
        )
        .route(paths::STAFF_SURVEY_STATUS, put(staff_surveys::set_status))
        .route(paths::STAFF_SURVEY_RESULTS, get(staff_surveys::results))
        .route(paths::STAFF_SURVEY_RESULTS_CSV, get(staff_surveys::results_csv))
        .route(
            paths::STAFF_SURVEY_INVITATIONS,
            post(staff_surveys::invite).layer(DefaultBodyLimit::max(staff_surveys::INVITATIONS_BODY_LIMIT)),
        )
        .route(paths::STAFF_INBOX, get(staff_inbox::queue))
        .route(paths::STAFF_INBOX_ITEM, get(staff_inbox::show).put(staff_inbox::update))
        .route(paths::STAFF_INBOX_NOTES, post(staff_inbox::note))
        .route(paths::STAFF_INBOX_REPLIES, post(staff_inbox::reply))
        .route(paths::STAFF_PETITION_STATUS, put(staff_petitions::change_status))
        .route(
            paths::STAFF_PETITION_NEWS,
            get(petition_news::desk)
                .post(petition_news::post)
                .layer(DefaultBodyLimit::max(petition_news::NEWS_BODY_LIMIT)),
        )
        .route(paths::STAFF_PETITION_SIGNATURES, get(staff_petitions::signatures))
        .route(
            paths::STAFF_PETITION_SIGNATURES_CSV,
            get(staff_petitions::signatures_csv),
        )
        .route(
            paths::STAFF_PETITION_INVALIDATION_PREVIEWS,
            post(staff_petitions::preview_invalidation),
        )
        .route(paths::STAFF_PETITION_INVALIDATIONS, post(staff_petitions::invalidate))
        .route(
            paths::STAFF_PETITION_INVALIDATION_UNDO,
            post(staff_petitions::undo_invalidation),
        )
        .route(
            paths::STAFF_PETITION_IMAGE,
            put(staff_petitions::set_picture).layer(DefaultBodyLimit::max(staff_petitions::PICTURE_BODY_LIMIT)),
        )
        .route(paths::ACCOUNT_DUES, get(dues::show).post(dues::start))
        .route(paths::ACCOUNT_DUES_PORTAL, post(dues::portal))
        .route(paths::OPENAPI, get(openapi::document))
        // Unknown API paths answer in the error shape, never with the SPA.
        .route("/api", any(not_found))
        .route("/api/", any(not_found))
        .route("/api/{*rest}", any(not_found));
    // The provider's events are signed, so nothing unsigned is written, and
    // they come in bursts from few addresses: no per-client budget, which
    // would turn a checkout's four events away. Larger than a form: an
    // invoice event carries its lines.
    let provider_events = Router::new()
        .route(paths::PAYMENT_WEBHOOK, post(donations::webhook))
        .layer(
            ServiceBuilder::new()
                .layer(from_fn(csrf::refuse_cross_site))
                .layer(DefaultBodyLimit::max(PROVIDER_EVENT_LIMIT)),
        );
    // Fetched as a mail is opened: counted within the statistics budget.
    let opens = Router::new()
        .route(paths::MAILING_OPENS, get(newsletter::opened))
        .layer(axum::Extension(rate_limit::Writes {
            config: Arc::clone(analytics_limiter),
            client: state.client_ip.clone(),
        }));
    guarded(routes, limiter)
        .merge(guarded(counted, analytics_limiter))
        .merge(opens)
        .merge(provider_events)
        .layer(from_fn(etag::tag_public_reads))
        .with_state(state)
}

/// The largest provider event taken (Stripe's are a few KiB).
const PROVIDER_EVENT_LIMIT: usize = 256 * 1024;

/// Rate limit, then the cross-site check, then the body limit.
fn guarded(routes: Router<AppState>, limiter: &Arc<rate_limit::Config>) -> Router<AppState> {
    routes.layer(
        ServiceBuilder::new()
            .layer(rate_limit::layer(limiter))
            .layer(from_fn(csrf::refuse_cross_site))
            .layer(DefaultBodyLimit::max(BODY_LIMIT)),
    )
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
