//! `GET /api/openapi.json`: the API described for people and tools, built
//! from the handlers' annotations and civic-api's types, so it cannot say
//! something the code does not do.

use axum::Json;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, OpenApi as Document, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::{
    account_changes, accounts, analytics, authenticator, consents, contact_messages, donations, dues, health,
    newsletter, pages, passkeys, petition_news, petitions, problem_reports, sessions, signatures, staff_audit,
    staff_inbox, staff_mailings, staff_pages, staff_people, staff_petitions, staff_surveys, statistics,
    survey_responses, surveys,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Civic API",
        description = "The JSON API of the Civic website. Every error has the shape of `ErrorResponse`."
    ),
    paths(
        health::check,
        health::ready,
        pages::show,
        problem_reports::create,
        contact_messages::create,
        contact_messages::received,
        donations::offer,
        donations::create,
        donations::show,
        donations::webhook,
        donations::payments_csv,
        staff_people::search,
        staff_people::change_role,
        staff_people::end_sessions,
        staff_people::erase,
        staff_audit::log,
        staff_audit::log_csv,
        staff_audit::consents_csv,
        statistics::staff_show,
        staff_inbox::queue,
        staff_inbox::show,
        staff_inbox::update,
        staff_inbox::note,
        staff_inbox::reply,
        staff_petitions::list,
        staff_petitions::show,
        staff_petitions::create,
        staff_petitions::edit,
        staff_petitions::change_status,
        staff_petitions::set_picture,
        staff_petitions::preview,
        staff_petitions::signatures,
        staff_petitions::signatures_csv,
        staff_petitions::preview_invalidation,
        staff_petitions::invalidate,
        staff_petitions::undo_invalidation,
        staff_pages::list,
        staff_pages::show,
        staff_pages::edit,
        staff_surveys::list,
        staff_surveys::create,
        staff_surveys::show,
        staff_surveys::edit,
        staff_surveys::set_status,
        staff_surveys::results,
        staff_surveys::results_csv,
        staff_surveys::invite,
        staff_mailings::list,
        staff_mailings::create,
        staff_mailings::show,
        staff_mailings::edit,
        staff_mailings::test,
        staff_mailings::schedule,
        staff_mailings::send,
        petition_news::desk,
        petition_news::post,
        dues::show,
        dues::start,
        dues::portal,
        petitions::list,
        petitions::show,
        petitions::count,
        petitions::countries_csv,
        signatures::sign,
        signatures::resend,
        signatures::signer,
        signatures::member,
        signatures::confirm,
        consents::create,
        analytics::record,
        statistics::show,
        newsletter::subscribe,
        newsletter::confirm,
        newsletter::unsubscribe,
        newsletter::resubscribe,
        newsletter::unsubscribe_links,
        newsletter::one_click,
        newsletter::opened,
        petition_news::stop,
        petition_news::restart,
        petition_news::one_click,
        surveys::list,
        surveys::show,
        surveys::results,
        surveys::results_csv,
        survey_responses::submit,
        survey_responses::confirm,
        accounts::join,
        accounts::confirm,
        accounts::request_reset,
        accounts::complete_reset,
        accounts::update_profile,
        accounts::export,
        accounts::signatures,
        accounts::delete,
        account_changes::change_password,
        account_changes::request_email_change,
        account_changes::confirm_email,
        passkeys::list,
        passkeys::options,
        passkeys::add,
        passkeys::remove,
        passkeys::sign_in_options,
        passkeys::sign_in,
        authenticator::show,
        authenticator::setup,
        authenticator::confirm,
        authenticator::remove,
        authenticator::step_up,
        sessions::sign_in,
        sessions::show,
        sessions::sign_out,
        sessions::list,
        sessions::end_all,
        sessions::end
    ),
    modifiers(&WhatEveryWriteMayAnswer)
)]
pub struct CivicApi;

/// The answers the layers in front of every handler give (`routes::api`'s
/// `guarded`: the rate limit, the cross-site check, the body limit), the
/// JSON extractor's refusals and a database that takes no writes, written into every operation they apply
/// to, so no handler has to repeat them and none can forget one.
struct WhatEveryWriteMayAnswer;

impl Modify for WhatEveryWriteMayAnswer {
    fn modify(&self, openapi: &mut Document) {
        let writes = openapi
            .paths
            .paths
            .values_mut()
            .flat_map(|item| [item.post.as_mut(), item.put.as_mut(), item.delete.as_mut()])
            .flatten();
        for operation in writes {
            add_error(operation, "403", "Sent by a browser from another site");
            add_error(operation, "429", "Too many writes from this client; see Retry-After");
            add_error(
                operation,
                "503",
                "The database cannot store anything just now (full, read-only or out of reach); nothing was written; see Retry-After",
            );
            let takes_json = operation
                .request_body
                .as_ref()
                .is_some_and(|body| body.content.contains_key("application/json"));
            if takes_json {
                add_error(operation, "400", "The body is not JSON of the documented shape");
                add_error(operation, "408", "The body's next piece did not arrive in time");
                add_error(operation, "413", "The body is larger than the server accepts");
                add_error(operation, "415", "The body is not sent as application/json");
            }
        }
    }
}

/// Documents `status` with an `ErrorResponse` body, unless the handler
/// already says more about it.
fn add_error(operation: &mut Operation, status: &str, description: &str) {
    let responses = &mut operation.responses.responses;
    if !responses.contains_key(status) {
        let response = ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                Content::new(Some(Ref::from_schema_name("ErrorResponse"))),
            )
            .build();
        responses.insert(status.to_owned(), response.into());
    }
}

pub async fn document() -> Json<Document> {
    Json(CivicApi::openapi())
}
