//! The API's paths, written once for the client and the server.

use crate::{Locale, Slug};

pub const HEALTH: &str = "/api/health";
pub const READY: &str = "/api/ready";
pub const PAGE: &str = "/api/pages/{locale}/{slug}";
pub const PROBLEM_REPORTS: &str = "/api/problem-reports";
pub const CONTACT_MESSAGES: &str = "/api/contact-messages";
pub const PETITIONS: &str = "/api/petitions";
pub const PETITION: &str = "/api/petitions/{slug}";
pub const PETITION_COUNT: &str = "/api/petitions/{slug}/count";
pub const PETITION_COUNTRIES_CSV: &str = "/api/petitions/{slug}/countries.csv";
pub const PETITION_SIGNATURES: &str = "/api/petitions/{slug}/signatures";
pub const PETITION_RESEND: &str = "/api/petitions/{slug}/signatures/resend";
pub const PETITION_SIGNER: &str = "/api/petitions/{slug}/signer";
/// The signed-in member as the petition's sign form greets them.
pub const PETITION_MEMBER: &str = "/api/petitions/{slug}/member";
pub const SIGNATURE_CONFIRM: &str = "/api/signatures/confirm";
pub const CONSENTS: &str = "/api/consents";
pub const ANALYTICS_EVENTS: &str = "/api/analytics/events";
pub const STATISTICS: &str = "/api/statistics";
pub const NEWSLETTER_SUBSCRIPTIONS: &str = "/api/newsletter/subscriptions";
pub const NEWSLETTER_CONFIRM: &str = "/api/newsletter/confirm";
pub const NEWSLETTER_UNSUBSCRIBE: &str = "/api/newsletter/unsubscribe";
/// Undo an unsubscribe with the same `u.` token.
pub const NEWSLETTER_RESUBSCRIBE: &str = "/api/newsletter/resubscribe";
pub const NEWSLETTER_UNSUBSCRIBE_LINKS: &str = "/api/newsletter/unsubscribe-links";
/// RFC 8058: mail programs POST `List-Unsubscribe=One-Click` here, the `u.`
/// token in the query (`?t=`), with no cookie, origin or JSON.
pub const NEWSLETTER_ONE_CLICK: &str = "/api/newsletter/one-click";
pub const SURVEYS: &str = "/api/surveys";
pub const SURVEY: &str = "/api/surveys/{slug}";
pub const SURVEY_RESPONSES: &str = "/api/surveys/{slug}/responses";
pub const SURVEY_RESULTS: &str = "/api/surveys/{slug}/results";
pub const SURVEY_RESULTS_CSV: &str = "/api/surveys/{slug}/results.csv";
/// Counts an answer given with an e-mail address, from the `v.` link.
pub const SURVEY_RESPONSE_CONFIRM: &str = "/api/survey-responses/confirm";
/// Joining: `POST` an account, confirmed from the e-mailed link.
pub const ACCOUNTS: &str = "/api/accounts";
pub const ACCOUNT_CONFIRMATIONS: &str = "/api/account-confirmations";
/// Signing in: `POST` a password, and a session cookie comes back.
pub const SESSIONS: &str = "/api/sessions";
/// The session this request carries: `GET` who is signed in, `DELETE` to
/// sign out.
pub const SESSION: &str = "/api/session";
/// Every session of the signed-in account: `GET` to list them, `DELETE` to
/// sign out everywhere.
pub const ACCOUNT_SESSIONS: &str = "/api/account/sessions";
pub const ACCOUNT_SESSION: &str = "/api/account/sessions/{id}";
pub const ACCOUNT_PROFILE: &str = "/api/account/profile";
/// The petitions signed with the account's address (`?locale=`).
pub const ACCOUNT_SIGNATURES: &str = "/api/account/signatures";
/// Everything held about the signed-in member, as one JSON file.
pub const ACCOUNT_DATA: &str = "/api/account/data";
/// `POST` the password to erase the account.
pub const ACCOUNT_DELETION: &str = "/api/account/deletion";
/// `POST` an address to be sent a link; `complete` takes the new password.
pub const PASSWORD_RESETS: &str = "/api/password-resets";
pub const PASSWORD_RESET_COMPLETE: &str = "/api/password-resets/complete";
/// `PUT` the current and a new password, signed in.
pub const ACCOUNT_PASSWORD: &str = "/api/account/password";
/// `POST` a new address (and the password): the new mailbox gets a link.
pub const ACCOUNT_EMAIL: &str = "/api/account/email";
/// `POST` the token of that link to move the account to the new address.
pub const EMAIL_CONFIRMATIONS: &str = "/api/email-confirmations";
/// The account's passkeys: `GET` to list them, `POST` a new one made from
/// the options `POST`ed to `…/options`; `DELETE …/{id}` removes one.
pub const ACCOUNT_PASSKEYS: &str = "/api/account/passkeys";
pub const ACCOUNT_PASSKEY_OPTIONS: &str = "/api/account/passkeys/options";
pub const ACCOUNT_PASSKEY: &str = "/api/account/passkeys/{id}";
/// A member's authenticator app (TOTP): whether there is one, removing
/// it (`DELETE`), confirming a new one with a first code (`POST`); a new
/// secret for it; and a code from it that lets staff signed in with their
/// password do staff work.
pub const ACCOUNT_AUTHENTICATOR: &str = "/api/account/authenticator";
pub const ACCOUNT_AUTHENTICATOR_SETUP: &str = "/api/account/authenticator/setup";
pub const SESSION_AUTHENTICATOR: &str = "/api/session/authenticator";
/// Signing in with a passkey: `POST` for a challenge, then `POST` the
/// browser's answer to it, and a session cookie comes back.
pub const PASSKEY_SIGN_IN_OPTIONS: &str = "/api/sessions/passkey/options";
pub const PASSKEY_SIGN_INS: &str = "/api/sessions/passkey";
/// Staff only (an editor or admin signed in with a passkey): the contact
/// messages received, newest first (`?before=` a reference's time to page).
pub const STAFF_CONTACT_MESSAGES: &str = "/api/staff/contact-messages";
/// What the donate page offers: currencies, presets, bounds.
pub const DONATION_OFFER: &str = "/api/donations/offer";
/// `POST` a choice; the answer names the provider's payment page.
pub const DONATIONS: &str = "/api/donations";
/// A gift by its reference, as its payer sees it.
pub const DONATION: &str = "/api/donations/{reference}";
/// The signed-in member's dues: `GET` where they stand, `POST` a tier to
/// pay; `POST …/portal` for the provider's page to change or cancel them.
pub const ACCOUNT_DUES: &str = "/api/account/dues";
pub const ACCOUNT_DUES_PORTAL: &str = "/api/account/dues/portal";
/// The payment provider's signed events (Stripe's webhook format).
pub const PAYMENT_WEBHOOK: &str = "/api/payments/webhook";
/// Staff only: payments received in a period, as CSV for accounting
/// (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, both days included).
pub const STAFF_PAYMENTS_CSV: &str = "/api/staff/payments.csv";
/// Admins: accounts by part of their address (`?q=`), and what the
/// console does to one: change its role, end its sessions, erase it.
pub const STAFF_ACCOUNTS: &str = "/api/staff/accounts";
pub const STAFF_ACCOUNT_ROLE: &str = "/api/staff/accounts/{id}/role";
pub const STAFF_ACCOUNT_SESSION_ENDS: &str = "/api/staff/accounts/{id}/session-ends";
pub const STAFF_ACCOUNT_ERASURE: &str = "/api/staff/accounts/{id}/erasure";
/// Admins: the audit log of staff actions (`?q=`, `?before=`), and as CSV.
pub const STAFF_AUDIT: &str = "/api/staff/audit";
pub const STAFF_AUDIT_CSV: &str = "/api/staff/audit.csv";
/// Staff: the anonymous consent log of a period as CSV, for an auditor.
pub const STAFF_CONSENTS_CSV: &str = "/api/staff/consents.csv";
/// Staff: every petition, drafts too; one to edit, its state, its picture
/// (`?version=&key=`, the image as the body).
pub const STAFF_PETITIONS: &str = "/api/staff/petitions";
pub const STAFF_PETITION: &str = "/api/staff/petitions/{id}";
pub const STAFF_PETITION_STATUS: &str = "/api/staff/petitions/{id}/status";
pub const STAFF_PETITION_IMAGE: &str = "/api/staff/petitions/{id}/image";
/// Staff: a petition's signatures counted, exported as CSV (addresses for
/// admins only), and invalidated in bulk (with a preview, and undone).
pub const STAFF_PETITION_SIGNATURES: &str = "/api/staff/petitions/{id}/signatures";
pub const STAFF_PETITION_SIGNATURES_CSV: &str = "/api/staff/petitions/{id}/signatures.csv";
pub const STAFF_PETITION_INVALIDATION_PREVIEWS: &str = "/api/staff/petitions/{id}/invalidation-previews";
pub const STAFF_PETITION_INVALIDATIONS: &str = "/api/staff/petitions/{id}/invalidations";
pub const STAFF_PETITION_INVALIDATION_UNDO: &str = "/api/staff/petitions/{id}/invalidations/{invalidation}/undo";
/// Staff: a petition's news, and posting an update (e-mailed to the
/// signers who asked for news).
pub const STAFF_PETITION_NEWS: &str = "/api/staff/petitions/{id}/news";
/// Stopping a petition's news with the `f.` token of one of its e-mails,
/// starting it again with the same token, and RFC 8058's one click
/// (`?t=f.…`).
pub const PETITION_NEWS_STOP: &str = "/api/petition-news/stop";
pub const PETITION_NEWS_RESTART: &str = "/api/petition-news/restart";
pub const PETITION_NEWS_ONE_CLICK: &str = "/api/petition-news/one-click";
/// Staff: contact messages and problem reports in one queue (`?status=`),
/// one thread, its status and assignee, notes, replies by e-mail.
pub const STAFF_INBOX: &str = "/api/staff/inbox";
pub const STAFF_INBOX_ITEM: &str = "/api/staff/inbox/{reference}";
pub const STAFF_INBOX_NOTES: &str = "/api/staff/inbox/{reference}/notes";
pub const STAFF_INBOX_REPLIES: &str = "/api/staff/inbox/{reference}/replies";
/// Staff: the public statistics, each petition's funnel and the sources of
/// signatures.
pub const STAFF_STATISTICS: &str = "/api/staff/statistics";
/// Staff: the written pages, and one to edit in every language.
pub const STAFF_PAGES: &str = "/api/staff/pages";
pub const STAFF_PAGE: &str = "/api/staff/pages/{slug}";
/// Staff: Markdown rendered and sanitised as the server shows it.
pub const STAFF_MARKDOWN_PREVIEW: &str = "/api/staff/markdown-preview";
/// Surveys written in the console (`survey_editing`).
pub const STAFF_SURVEYS: &str = "/api/staff/surveys";
pub const STAFF_SURVEY: &str = "/api/staff/surveys/{slug}";
pub const STAFF_SURVEY_STATUS: &str = "/api/staff/surveys/{slug}/status";
/// Every survey's results for staff, public or not.
pub const STAFF_SURVEY_RESULTS: &str = "/api/staff/surveys/{slug}/results";
pub const STAFF_SURVEY_RESULTS_CSV: &str = "/api/staff/surveys/{slug}/results.csv";
pub const STAFF_SURVEY_INVITATIONS: &str = "/api/staff/surveys/{slug}/invitations";
/// The newsletter's mailings (`newsletter_mailing`).
pub const STAFF_MAILINGS: &str = "/api/staff/newsletter";
pub const STAFF_MAILING: &str = "/api/staff/newsletter/{id}";
pub const STAFF_MAILING_TESTS: &str = "/api/staff/newsletter/{id}/tests";
pub const STAFF_MAILING_SCHEDULE: &str = "/api/staff/newsletter/{id}/schedule";
pub const STAFF_MAILING_SENDING: &str = "/api/staff/newsletter/{id}/sending";
/// A mailing's image for one language, fetched when a mail is opened: it
/// counts opens per mailing and language, never per person.
pub const MAILING_OPENS: &str = "/api/newsletter/opens/{key}/{locale}";
/// Uploaded pictures, by the hash of what they hold: never change.
pub const MEDIA: &str = "/media/{file}";
/// Short links (`/s/{code}`) live outside the API: people type and share them.
pub const SHORT_LINK: &str = "/s/{code}";
/// The OpenAPI 3.1 description of everything above.
pub const OPENAPI: &str = "/api/openapi.json";

pub fn page(locale: Locale, slug: &Slug) -> String {
    format!("/api/pages/{}/{}", locale.as_str(), slug.as_str())
}

pub fn petitions(locale: Locale) -> String {
    format!("{PETITIONS}?locale={}", locale.as_str())
}

pub fn petition(slug: &Slug, locale: Locale) -> String {
    format!("{PETITIONS}/{}?locale={}", slug.as_str(), locale.as_str())
}

/// The count alone, without a language: one cacheable URL per petition.
pub fn petition_count(slug: &Slug) -> String {
    format!("{PETITIONS}/{}/count", slug.as_str())
}

pub fn petition_countries_csv(slug: &Slug) -> String {
    format!("{PETITIONS}/{}/countries.csv", slug.as_str())
}

pub fn petition_signatures(slug: &Slug) -> String {
    format!("{PETITIONS}/{}/signatures", slug.as_str())
}

pub fn petition_resend(slug: &Slug) -> String {
    format!("{PETITIONS}/{}/signatures/resend", slug.as_str())
}

pub fn petition_signer(slug: &Slug) -> String {
    format!("{PETITIONS}/{}/signer", slug.as_str())
}

pub fn surveys(locale: Locale) -> String {
    format!("{SURVEYS}?locale={}", locale.as_str())
}

pub fn survey(slug: &Slug, locale: Locale) -> String {
    format!("{SURVEYS}/{}?locale={}", slug.as_str(), locale.as_str())
}

pub fn survey_responses(slug: &Slug) -> String {
    format!("{SURVEYS}/{}/responses", slug.as_str())
}

pub fn survey_results(slug: &Slug, locale: Locale) -> String {
    format!("{SURVEYS}/{}/results?locale={}", slug.as_str(), locale.as_str())
}

pub fn survey_results_csv(slug: &Slug, locale: Locale) -> String {
    format!("{SURVEYS}/{}/results.csv?locale={}", slug.as_str(), locale.as_str())
}

pub fn account_session(id: &str) -> String {
    format!("{ACCOUNT_SESSIONS}/{id}")
}

pub fn petition_member(slug: &Slug) -> String {
    format!("{PETITIONS}/{}/member", slug.as_str())
}

pub fn donation(reference: &str) -> String {
    format!("{DONATIONS}/{reference}")
}

pub fn staff_account_role(id: i64) -> String {
    STAFF_ACCOUNT_ROLE.replace("{id}", &id.to_string())
}

pub fn staff_account_session_ends(id: i64) -> String {
    STAFF_ACCOUNT_SESSION_ENDS.replace("{id}", &id.to_string())
}

pub fn staff_petition(id: i64) -> String {
    STAFF_PETITION.replace("{id}", &id.to_string())
}

pub fn staff_petition_signatures(id: i64) -> String {
    STAFF_PETITION_SIGNATURES.replace("{id}", &id.to_string())
}

pub fn staff_petition_signatures_csv(id: i64) -> String {
    STAFF_PETITION_SIGNATURES_CSV.replace("{id}", &id.to_string())
}

pub fn staff_petition_invalidation_previews(id: i64) -> String {
    STAFF_PETITION_INVALIDATION_PREVIEWS.replace("{id}", &id.to_string())
}

pub fn staff_petition_invalidations(id: i64) -> String {
    STAFF_PETITION_INVALIDATIONS.replace("{id}", &id.to_string())
}

pub fn staff_petition_invalidation_undo(id: i64, invalidation: i64) -> String {
    STAFF_PETITION_INVALIDATION_UNDO
        .replace("{id}", &id.to_string())
        .replace("{invalidation}", &invalidation.to_string())
}

pub fn staff_inbox_item(reference: &str) -> String {
    STAFF_INBOX_ITEM.replace("{reference}", reference)
}

pub fn staff_inbox_notes(reference: &str) -> String {
    STAFF_INBOX_NOTES.replace("{reference}", reference)
}

pub fn staff_inbox_replies(reference: &str) -> String {
    STAFF_INBOX_REPLIES.replace("{reference}", reference)
}

pub fn staff_page(slug: &str) -> String {
    STAFF_PAGE.replace("{slug}", slug)
}

pub fn staff_survey(slug: &str) -> String {
    STAFF_SURVEY.replace("{slug}", slug)
}

pub fn staff_survey_status(slug: &str) -> String {
    STAFF_SURVEY_STATUS.replace("{slug}", slug)
}

/// The results in `locale`'s words.
pub fn staff_survey_results(slug: &str, locale: crate::Locale) -> String {
    format!(
        "{}?locale={}",
        STAFF_SURVEY_RESULTS.replace("{slug}", slug),
        locale.as_str()
    )
}

pub fn staff_survey_results_csv(slug: &str, locale: crate::Locale) -> String {
    format!(
        "{}?locale={}",
        STAFF_SURVEY_RESULTS_CSV.replace("{slug}", slug),
        locale.as_str()
    )
}

pub fn staff_survey_invitations(slug: &str) -> String {
    STAFF_SURVEY_INVITATIONS.replace("{slug}", slug)
}

pub fn staff_mailing(id: i64) -> String {
    STAFF_MAILING.replace("{id}", &id.to_string())
}

pub fn staff_mailing_tests(id: i64) -> String {
    STAFF_MAILING_TESTS.replace("{id}", &id.to_string())
}

pub fn staff_mailing_schedule(id: i64) -> String {
    STAFF_MAILING_SCHEDULE.replace("{id}", &id.to_string())
}

pub fn staff_mailing_sending(id: i64) -> String {
    STAFF_MAILING_SENDING.replace("{id}", &id.to_string())
}

pub fn staff_petition_news(id: i64) -> String {
    STAFF_PETITION_NEWS.replace("{id}", &id.to_string())
}

pub fn staff_petition_status(id: i64) -> String {
    STAFF_PETITION_STATUS.replace("{id}", &id.to_string())
}

/// Where a picture for petition `id`, edited from `version`, is sent.
pub fn staff_petition_image(id: i64, version: i64, key: &str) -> String {
    format!(
        "{}?version={version}&key={key}",
        STAFF_PETITION_IMAGE.replace("{id}", &id.to_string())
    )
}

pub fn staff_account_erasure(id: i64) -> String {
    STAFF_ACCOUNT_ERASURE.replace("{id}", &id.to_string())
}

pub fn account_signatures(locale: Locale) -> String {
    format!("{ACCOUNT_SIGNATURES}?locale={}", locale.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_fill_the_route_template() {
        let slug = Slug::parse("about").unwrap();
        let filled = PAGE.replace("{locale}", "fr").replace("{slug}", "about");
        assert_eq!(page(Locale::Fr, &slug), filled);
    }

    #[test]
    fn petition_paths_fill_their_route_templates() {
        let slug = Slug::parse("clean-air").unwrap();
        let fill = |template: &str| template.replace("{slug}", "clean-air");
        assert_eq!(petition(&slug, Locale::Es), format!("{}?locale=es", fill(PETITION)));
        assert_eq!(petition_count(&slug), fill(PETITION_COUNT));
        assert_eq!(petition_countries_csv(&slug), fill(PETITION_COUNTRIES_CSV));
        assert_eq!(petition_signatures(&slug), fill(PETITION_SIGNATURES));
        assert_eq!(petition_resend(&slug), fill(PETITION_RESEND));
        assert_eq!(petition_signer(&slug), fill(PETITION_SIGNER));
        assert_eq!(petition_member(&slug), fill(PETITION_MEMBER));
        assert_eq!(account_session("k3y"), ACCOUNT_SESSION.replace("{id}", "k3y"));
        assert_eq!(petitions(Locale::Fr), format!("{PETITIONS}?locale=fr"));
        assert_eq!(donation("D-1"), DONATION.replace("{reference}", "D-1"));
    }
}
