//! The data a page is drawn from, carried in the first HTML the server
//! sends (`<script type="application/json" id="civic-first-data"
//! data-kind="content">`, the API's own answer for it), so the app shows
//! the page the server drew without asking the API again.

use crate::analytics::Statistics;
use crate::donation::{DonationOffer, DonationView};
use crate::error::ErrorBody;
use crate::newsletter::SubscriptionStatus;
use crate::page::Page;
use crate::petition::{Confirmation, PetitionDetail, PetitionList};
use crate::petition_news::NewsFollowing;
use crate::survey::{ResponseReceipt, Survey, SurveyList, SurveyResults};

/// The id of the element that carries a page's data.
pub const FIRST_DATA_ELEMENT_ID: &str = "civic-first-data";

/// The id of the element that carries a form the browser sent by itself
/// (a `form_post::FormPost`, with the form's id in `data-form`), beside the
/// page drawn with its outcome.
pub const FORM_POST_ELEMENT_ID: &str = "civic-form-post";

/// The id of the element that carries the privacy policy (a
/// `page::Page`) beside a page drawn with a consent banner that asks again
/// because the policy changed, so the app's banner says what changed
/// without asking the API.
pub const POLICY_ELEMENT_ID: &str = "civic-policy";

/// The id of the element that carries the signed-in member (a `Viewer`)
/// beside a page drawn for them, so forms fill in their name and address.
pub const VIEWER_ELEMENT_ID: &str = "civic-viewer";

/// Who a page was drawn for, when a member is signed in: what their forms
/// fill in. Only in the HTML of that member's own requests, which no
/// shared cache keeps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    /// What the staff console shows them.
    #[serde(default = "member")]
    pub role: crate::account::Role,
    /// Staff whose session was not opened with a passkey.
    #[serde(default)]
    pub needs_passkey: bool,
}

fn member() -> crate::account::Role {
    crate::account::Role::Member
}

/// The id of the element that holds the page as the server drew it; the
/// app puts its own in its place once it runs.
pub const FIRST_PAGE_ELEMENT_ID: &str = "civic-first-page";

/// One page's data, as the API would answer for it. The kind travels in
/// an attribute and the JSON is the API's answer as it is, so the app
/// reads it with the decoder it already has for that answer (a tagged
/// enum would add its own to the download).
#[derive(Debug, Clone, PartialEq)]
pub enum FirstData {
    /// A page written in `content/`: `GET /api/pages/{locale}/{slug}`.
    Content(Page),
    /// The campaigns page's petitions: `GET /api/petitions?locale=…`.
    Petitions(PetitionList),
    /// One petition: `GET /api/petitions/{slug}?locale=…`.
    Petition(PetitionDetail),
    /// What confirming a signature from its e-mailed link came to: `POST
    /// /api/signatures/confirm`'s answer, or its error's body.
    Confirmation(Result<Confirmation, ErrorBody>),
    /// The survey list: `GET /api/surveys?locale=…`.
    Surveys(SurveyList),
    /// One survey's form: `GET /api/surveys/{slug}?locale=…`.
    Survey(Survey),
    /// The public statistics: `GET /api/statistics`.
    Statistics(Statistics),
    /// A survey's published results: `GET /api/surveys/{slug}/results`.
    SurveyResults(SurveyResults),
    /// What following a newsletter link (confirming the address, or
    /// unsubscribing it) came to: `POST /api/newsletter/confirm`'s or
    /// `/unsubscribe`'s answer, or its error's body.
    Subscription(Result<SubscriptionStatus, ErrorBody>),
    /// What following a petition news link (stopping that petition's
    /// news) came to: `POST /api/petition-news/stop`'s answer, or its
    /// error's body.
    NewsFollowing(Result<NewsFollowing, ErrorBody>),
    /// What confirming a survey answer from its e-mailed link came to:
    /// `POST /api/surveys/responses/confirm`'s answer, or its error's body.
    ResponseConfirmation(Result<ResponseReceipt, ErrorBody>),
    /// What following an account's e-mailed link (opening the account, or
    /// moving it to a new address) came to: `POST
    /// /api/account-confirmations` (or `/api/email-confirmations`) went
    /// through, or its error's body.
    AccountLink(Result<(), ErrorBody>),
    /// What the donate page offers: `GET /api/donations/offer`.
    DonationOffer(DonationOffer),
    /// The gift a thank-you page is about: `GET /api/donations/{reference}`'s
    /// answer, or its error's body.
    Donation(Result<DonationView, ErrorBody>),
    /// The staff console: who it is drawn for and the audit log's newest
    /// lines for an admin, or `GET /api/session`'s 401 body when nobody is
    /// signed in.
    Console(Result<crate::staff::ConsoleStart, ErrorBody>),
    /// A written page for members only, asked for without a session: the
    /// API answers 401, and the page asks the visitor to sign in.
    MembersOnly,
    /// Nothing at the address: the API answers 404 for the written page or
    /// petition it names, so the page says it was not found.
    Missing,
}

impl FirstData {
    /// What the element's `data-kind` says.
    pub fn kind(&self) -> &'static str {
        match self {
            FirstData::Content(_) => "content",
            FirstData::Petitions(_) => "petitions",
            FirstData::Petition(_) => "petition",
            FirstData::Confirmation(Ok(_)) => "confirmation",
            FirstData::Confirmation(Err(_)) => "confirmation-refused",
            FirstData::Surveys(_) => "surveys",
            FirstData::Survey(_) => "survey",
            FirstData::Statistics(_) => "statistics",
            FirstData::SurveyResults(_) => "survey-results",
            FirstData::Subscription(Ok(_)) => "subscription",
            FirstData::Subscription(Err(_)) => "subscription-refused",
            FirstData::NewsFollowing(Ok(_)) => "news-following",
            FirstData::NewsFollowing(Err(_)) => "news-following-refused",
            FirstData::ResponseConfirmation(Ok(_)) => "response-confirmation",
            FirstData::ResponseConfirmation(Err(_)) => "response-refused",
            FirstData::AccountLink(Ok(())) => "account-link",
            FirstData::AccountLink(Err(_)) => "account-link-refused",
            FirstData::DonationOffer(_) => "donation-offer",
            FirstData::Donation(Ok(_)) => "donation",
            FirstData::Donation(Err(_)) => "donation-refused",
            FirstData::Console(Ok(_)) => "console",
            FirstData::Console(Err(_)) => "console-refused",
            FirstData::MembersOnly => "members-only",
            FirstData::Missing => "missing",
        }
    }

    /// The API's JSON for it.
    pub fn to_json(&self) -> serde_json::Result<String> {
        match self {
            FirstData::Content(page) => serde_json::to_string(page),
            FirstData::Petitions(list) => serde_json::to_string(list),
            FirstData::Petition(petition) => serde_json::to_string(petition),
            FirstData::Confirmation(Ok(confirmation)) => serde_json::to_string(confirmation),
            FirstData::Confirmation(Err(error)) => serde_json::to_string(error),
            FirstData::Surveys(list) => serde_json::to_string(list),
            FirstData::Survey(survey) => serde_json::to_string(survey),
            FirstData::Statistics(statistics) => serde_json::to_string(statistics),
            FirstData::SurveyResults(results) => serde_json::to_string(results),
            FirstData::Subscription(Ok(status)) => serde_json::to_string(status),
            FirstData::Subscription(Err(error)) => serde_json::to_string(error),
            FirstData::NewsFollowing(Ok(following)) => serde_json::to_string(following),
            FirstData::NewsFollowing(Err(error)) => serde_json::to_string(error),
            FirstData::ResponseConfirmation(Ok(receipt)) => serde_json::to_string(receipt),
            FirstData::ResponseConfirmation(Err(error)) => serde_json::to_string(error),
            FirstData::AccountLink(Ok(())) | FirstData::MembersOnly | FirstData::Missing => Ok("null".to_owned()),
            FirstData::AccountLink(Err(error)) => serde_json::to_string(error),
            FirstData::DonationOffer(offer) => serde_json::to_string(offer),
            FirstData::Donation(Ok(gift)) => serde_json::to_string(gift),
            FirstData::Donation(Err(error)) => serde_json::to_string(error),
            FirstData::Console(Ok(start)) => serde_json::to_string(start),
            FirstData::Console(Err(error)) => serde_json::to_string(error),
        }
    }

    /// Reads what `kind` and `to_json` wrote for a page of the main bundle;
    /// `None` for anything else. One reader per bundle, so neither bundle
    /// carries the decoders of the other's pages.
    pub fn from_main_json(kind: &str, json: &str) -> Option<FirstData> {
        match kind {
            "content" => serde_json::from_str(json).ok().map(FirstData::Content),
            "petitions" => serde_json::from_str(json).ok().map(FirstData::Petitions),
            "petition" => serde_json::from_str(json).ok().map(FirstData::Petition),
            "confirmation" => serde_json::from_str(json).ok().map(|c| FirstData::Confirmation(Ok(c))),
            "confirmation-refused" => serde_json::from_str(json).ok().map(|e| FirstData::Confirmation(Err(e))),
            "statistics" => serde_json::from_str(json).ok().map(FirstData::Statistics),
            "subscription" => serde_json::from_str(json).ok().map(|s| FirstData::Subscription(Ok(s))),
            "subscription-refused" => serde_json::from_str(json).ok().map(|e| FirstData::Subscription(Err(e))),
            "news-following" => serde_json::from_str(json).ok().map(|f| FirstData::NewsFollowing(Ok(f))),
            "news-following-refused" => serde_json::from_str(json)
                .ok()
                .map(|e| FirstData::NewsFollowing(Err(e))),
            "members-only" => Some(FirstData::MembersOnly),
            "missing" => Some(FirstData::Missing),
            _ => None,
        }
    }

    /// The same for a page of the reading bundle, which only needs a
    /// written page's own data (its title, for sharing it).
    pub fn from_reading_json(kind: &str, json: &str) -> Option<FirstData> {
        match kind {
            "content" => serde_json::from_str(json).ok().map(FirstData::Content),
            "members-only" => Some(FirstData::MembersOnly),
            _ => None,
        }
    }

    /// The same for a page of the donations bundle.
    pub fn from_donations_json(kind: &str, json: &str) -> Option<FirstData> {
        match kind {
            "donation-offer" => serde_json::from_str(json).ok().map(FirstData::DonationOffer),
            "donation" => serde_json::from_str(json)
                .ok()
                .map(|gift| FirstData::Donation(Ok(gift))),
            "donation-refused" => serde_json::from_str(json).ok().map(|e| FirstData::Donation(Err(e))),
            "missing" => Some(FirstData::Missing),
            _ => None,
        }
    }

    /// The same for the console bundle's page.
    pub fn from_console_json(kind: &str, json: &str) -> Option<FirstData> {
        match kind {
            "console" => serde_json::from_str(json)
                .ok()
                .map(|start| FirstData::Console(Ok(start))),
            "console-refused" => serde_json::from_str(json).ok().map(|e| FirstData::Console(Err(e))),
            _ => None,
        }
    }

    /// The same for a page of the accounts bundle.
    pub fn from_accounts_json(kind: &str, json: &str) -> Option<FirstData> {
        match kind {
            "account-link" => Some(FirstData::AccountLink(Ok(()))),
            "account-link-refused" => serde_json::from_str(json).ok().map(|e| FirstData::AccountLink(Err(e))),
            _ => None,
        }
    }

    /// The same for a page of the survey bundle (the survey list is a
    /// reading page, which takes no data).
    pub fn from_surveys_json(kind: &str, json: &str) -> Option<FirstData> {
        match kind {
            "survey" => serde_json::from_str(json).ok().map(FirstData::Survey),
            "survey-results" => serde_json::from_str(json).ok().map(FirstData::SurveyResults),
            "response-confirmation" => serde_json::from_str(json)
                .ok()
                .map(|receipt| FirstData::ResponseConfirmation(Ok(receipt))),
            "response-refused" => serde_json::from_str(json)
                .ok()
                .map(|error| FirstData::ResponseConfirmation(Err(error))),
            "missing" => Some(FirstData::Missing),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Locale, Slug};

    #[test]
    fn the_data_reads_back_as_written_and_nothing_else_does() {
        let page = Page {
            locale: Locale::Fr,
            slug: Slug::parse("about").unwrap(),
            title: "À propos".into(),
            description: "Qui nous sommes".into(),
            html: "<p>Texte</p>".into(),
            revision: Some(2),
            updated: Some("2026-11-29".into()),
            changes: None,
            members_only: false,
        };
        let data = FirstData::Content(page);
        let json = data.to_json().unwrap();
        assert_eq!(FirstData::from_main_json(data.kind(), &json), Some(data.clone()));
        assert_eq!(FirstData::from_reading_json(data.kind(), &json), Some(data.clone()));
        assert_eq!(FirstData::from_main_json("petitions", &json), None);
        let missing = FirstData::Missing;
        assert_eq!(
            FirstData::from_main_json(missing.kind(), &missing.to_json().unwrap()),
            Some(missing)
        );
        assert_eq!(FirstData::from_main_json("content", "{\"title\": 1}"), None);
        assert_eq!(
            FirstData::from_surveys_json(data.kind(), &json),
            None,
            "not a survey page's"
        );
    }
}
