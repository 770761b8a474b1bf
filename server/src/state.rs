use std::sync::Arc;

use crate::db::Pool;

use crate::accounts::Accounts;
use crate::analytics::country::CountryHeader;
use crate::contact::Contact;
use crate::mail::Mailer;
use crate::newsletter::Newsletter;
use crate::payments::Payments;
use crate::petitions::Petitions;
use crate::rate_limit::ClientIp;
use crate::secret::SecretKey;
use crate::site::Site;
use crate::surveys;

/// What every handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub site: Arc<Site>,
    /// Signs and checks the tokens in e-mailed links.
    pub secret: SecretKey,
    /// Queue mail with `mail::enqueue`, then `mail.wake()` after the commit.
    pub mail: Mailer,
    /// The petitions' registry and signing writer.
    pub petitions: Arc<Petitions>,
    /// The newsletter list: sign-ups, confirmations, unsubscribing.
    pub newsletter: Arc<Newsletter>,
    /// Where analytics read the visitor's country from, if anywhere.
    pub country_header: Arc<CountryHeader>,
    /// Every survey's definition in every language, from `content/surveys`.
    pub surveys: Arc<surveys::Live>,
    /// Stores answers as each survey's limit asks, and confirms them.
    pub survey_responses: Arc<surveys::responses::Responses>,
    /// Keeps, copies and acknowledges what is sent with the contact form.
    pub contact: Arc<Contact>,
    /// Joining, signing in, sessions and passwords.
    pub accounts: Arc<Accounts>,
    /// Gifts: the offer, the payment provider, receipts.
    pub payments: Arc<Payments>,
    /// Reads the client's address, for what is counted per client.
    pub client_ip: ClientIp,
}
