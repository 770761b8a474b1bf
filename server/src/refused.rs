//! Why a feature (petitions, the newsletter, surveys, problem reports) did
//! not do what it was asked, in its own words. The features answer with
//! this; the API's answer is made from it in one place (`error.rs`:
//! `From<Refused> for ApiError`), and so are the pages the server draws
//! after a form or an e-mailed link.

use civic_api::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Nothing by that name, or a link that is not genuine, has expired or
    /// names something gone.
    #[error("not found")]
    NotFound,
    /// Fields the rules refuse, each with why.
    #[error("some fields are invalid")]
    Invalid(FieldErrors),
    #[error("the petition is closed")]
    PetitionClosed,
    #[error("the survey is closed")]
    SurveyClosed,
    /// A survey that takes one answer per person already has this one's.
    #[error("already answered")]
    AlreadyAnswered,
    /// An address and password that do not sign anyone in; the same
    /// whether the address has an account or not.
    #[error("wrong address or password")]
    WrongCredentials,
    /// The password is right but the address was never confirmed.
    #[error("the account is not confirmed")]
    NotConfirmed,
    /// Too many failed sign-ins for this account or from this client.
    #[error("too many failed sign-ins")]
    Throttled { retry_after: u64 },
    /// The site's public address cannot carry passkeys (an IP address, or
    /// plain http away from localhost).
    #[error("passkeys are unavailable on this site's address")]
    PasskeysUnavailable,
    /// The payment provider could not be reached, or refused to make a
    /// checkout: nothing was charged, and the payer may try again.
    #[error("the payment provider is unavailable")]
    PaymentProviderUnavailable,
    /// Staff signed in with the password alone asked to change second
    /// factors their account already has.
    #[error("a session opened with a second factor is needed")]
    SecondFactorRequired,
    /// The account has an authenticator app set up already.
    #[error("an authenticator app is set up already")]
    AuthenticatorExists,
    /// Something that is not the request's fault (the database, say).
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl Refused {
    /// One field refused for one reason.
    pub fn field(name: &str, error: civic_api::FieldError) -> Refused {
        Refused::Invalid(FieldErrors::from([(name.to_owned(), error)]))
    }

    /// Whether the visitor can be shown why (not a failure of ours).
    pub fn is_the_requests(&self) -> bool {
        !matches!(self, Refused::Failed(_))
    }
}

#[cfg(test)]
mod tests {
    use civic_api::{ErrorCode, FieldError};

    use super::*;
    use crate::error::ApiError;

    #[test]
    fn each_refusal_has_its_api_answer() {
        let cases = [
            (Refused::NotFound, ErrorCode::NotFound),
            (Refused::field("email", FieldError::Invalid), ErrorCode::Validation),
            (Refused::PetitionClosed, ErrorCode::Conflict),
            (Refused::SurveyClosed, ErrorCode::Conflict),
            (Refused::AlreadyAnswered, ErrorCode::Conflict),
            (Refused::WrongCredentials, ErrorCode::Unauthorized),
            (Refused::NotConfirmed, ErrorCode::Conflict),
            (Refused::Throttled { retry_after: 3 }, ErrorCode::RateLimited),
            (Refused::PasskeysUnavailable, ErrorCode::Conflict),
            (Refused::PaymentProviderUnavailable, ErrorCode::Unavailable),
            (Refused::AuthenticatorExists, ErrorCode::Conflict),
            (Refused::SecondFactorRequired, ErrorCode::PasskeyRequired),
            (Refused::Failed(anyhow::anyhow!("a bug")), ErrorCode::Internal),
            (
                Refused::Failed(anyhow::Error::new(crate::db::Unavailable)),
                ErrorCode::Unavailable,
            ),
        ];
        for (refused, code) in cases {
            let shown = format!("{refused:?}");
            assert_eq!(ApiError::from(refused).body().code, code, "{shown}");
        }
    }

    #[test]
    fn only_a_failure_of_ours_is_kept_from_the_visitor() {
        assert!(Refused::PetitionClosed.is_the_requests());
        assert!(Refused::NotFound.is_the_requests());
        assert!(!Refused::Failed(anyhow::anyhow!("a bug")).is_the_requests());
    }
}
