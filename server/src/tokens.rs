//! Signed tokens for the links in e-mails: they name a row (a signature)
//! and expire, and nobody without the server's key can make or change one.
//!
//! A token is the purpose's prefix (`c.`, `p.`, `n.`, `u.`, `v.`, `i.`, `a.`, `r.`, `e.`, `g.` or `f.`) then, in
//! base64url without padding, 8 bytes of subject, 8 bytes of expiry (Unix
//! seconds, both big endian) and the HMAC-SHA256 of purpose, subject and
//! expiry (and, for a bound token, of its binding).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

use crate::secret::SecretKey;

/// How long a confirmation link works.
pub const CONFIRM_TTL: Duration = Duration::days(7);
/// How long a link that signs in one click works.
pub const PERSON_TTL: Duration = Duration::days(30);
/// How long a newsletter sign-up's confirmation link works.
pub const SUBSCRIBE_TTL: Duration = Duration::days(7);
/// How long a newsletter's unsubscribe link works: issues get read, and
/// unsubscribed from, long after they were sent.
pub const UNSUBSCRIBE_TTL: Duration = Duration::days(400);
/// How long the link that confirms a survey answer works.
pub const SURVEY_CONFIRM_TTL: Duration = Duration::days(7);
/// How long an invitation to answer a survey works: campaigns send them
/// weeks before a survey closes.
pub const INVITATION_TTL: Duration = Duration::days(60);

/// How long the link that stops a petition's news works: as long as a
/// newsletter's unsubscribe link, for the same reason.
pub const NEWS_STOP_TTL: Duration = UNSUBSCRIBE_TTL;

/// How long the link that opens a new account works.
pub const ACCOUNT_CONFIRM_TTL: Duration = Duration::hours(24);
/// How long a link to choose a new password works.
pub const PASSWORD_RESET_TTL: Duration = Duration::hours(1);
/// How long the link that moves an account to a new address works.
pub const EMAIL_CHANGE_TTL: Duration = Duration::hours(24);
/// How long the link in a monthly gift's receipt to change or stop it
/// works: a receipt is kept, and looked at again, for a long time.
pub const MANAGE_GIFT_TTL: Duration = Duration::days(400);

const PAYLOAD_LEN: usize = 16;
const MAC_LEN: usize = 32;
/// Keeps these MACs apart from anything else the same key may ever sign.
const DOMAIN: &[u8] = b"civic token v1\0";

/// What a token lets its holder do; a token for one never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirm the pending signature it names.
    Confirm,
    /// Act as the signer of the signature it names (sign other petitions).
    Person,
    /// Confirm the newsletter sign-up it names.
    Subscribe,
    /// Unsubscribe (or undo that) the newsletter subscriber it names.
    Unsubscribe,
    /// Count the pending survey answer it names.
    SurveyResponse,
    /// Answer, once, the survey it is bound to.
    SurveyInvitation,
    /// Open (confirm) the account it names, bound to its address.
    AccountConfirm,
    /// Choose a new password for the account it names, bound to its
    /// current password hash: used once, or after any change, it is void.
    PasswordReset,
    /// Move the account it names to its pending address, bound to that
    /// address: a later request for another one voids it.
    EmailChange,
    /// Open the payment provider's page for the recurring gift whose
    /// payment it names, bound to the gift's reference.
    ManageGift,
    /// Stop (or start again) the news of the petition of the signature it
    /// names, bound to the signer's address.
    PetitionNews,
}

impl Purpose {
    pub fn prefix(self) -> &'static str {
        match self {
            Purpose::Confirm => "c.",
            Purpose::Person => "p.",
            Purpose::Subscribe => "n.",
            Purpose::Unsubscribe => "u.",
            Purpose::SurveyResponse => "v.",
            Purpose::SurveyInvitation => "i.",
            Purpose::AccountConfirm => "a.",
            Purpose::PasswordReset => "r.",
            Purpose::EmailChange => "e.",
            Purpose::ManageGift => "g.",
            Purpose::PetitionNews => "f.",
        }
    }
}

type HmacSha256 = Hmac<Sha256>;

/// The payload has a fixed length, so what follows it (the binding) can
/// never be confused with part of it.
fn mac(key: &SecretKey, purpose: Purpose, payload: &[u8], binding: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(DOMAIN);
    mac.update(purpose.prefix().as_bytes());
    mac.update(payload);
    mac.update(binding);
    mac
}

/// A token for `subject` that works until `now + ttl`.
pub fn issue(key: &SecretKey, purpose: Purpose, subject: i64, ttl: Duration, now: OffsetDateTime) -> String {
    issue_bound(key, purpose, subject, &[], ttl, now)
}

/// A token for `subject` that works until `now + ttl`, and only while the
/// subject still has `binding` (which the token does not carry). A row id
/// can be given again once its row is deleted; binding a long-lived token to
/// something of its row's, such as an address, keeps it from ever naming
/// the next row with that id.
pub fn issue_bound(
    key: &SecretKey,
    purpose: Purpose,
    subject: i64,
    binding: &[u8],
    ttl: Duration,
    now: OffsetDateTime,
) -> String {
    let expires = (now + ttl).unix_timestamp();
    let mut bytes = Vec::with_capacity(PAYLOAD_LEN + MAC_LEN);
    bytes.extend_from_slice(&subject.to_be_bytes());
    bytes.extend_from_slice(&expires.to_be_bytes());
    let tag = mac(key, purpose, &bytes, binding).finalize().into_bytes();
    bytes.extend_from_slice(&tag);
    format!("{}{}", purpose.prefix(), URL_SAFE_NO_PAD.encode(&bytes))
}

/// The subject of a genuine, unexpired token for `purpose`; `None` for
/// anything else, whatever the input.
pub fn verify(key: &SecretKey, purpose: Purpose, token: &str, now: OffsetDateTime) -> Option<i64> {
    verify_bound(key, purpose, token, &[], now)
}

/// Like `verify`, for a token made by `issue_bound` with `binding`.
pub fn verify_bound(
    key: &SecretKey,
    purpose: Purpose,
    token: &str,
    binding: &[u8],
    now: OffsetDateTime,
) -> Option<i64> {
    let bytes = decode(purpose, token)?;
    let (payload, tag) = bytes.split_at(PAYLOAD_LEN);
    // Constant time: how much of a forged tag matched must not show.
    mac(key, purpose, payload, binding).verify_slice(tag).ok()?;
    let subject = i64::from_be_bytes(payload[..8].try_into().ok()?);
    let expires = i64::from_be_bytes(payload[8..].try_into().ok()?);
    (now.unix_timestamp() < expires).then_some(subject)
}

/// The subject a well-formed token for `purpose` claims, NOT verified: only
/// to look up the binding that `verify_bound` then checks it against.
pub fn claimed_subject(purpose: Purpose, token: &str) -> Option<i64> {
    let bytes = decode(purpose, token)?;
    Some(i64::from_be_bytes(bytes[..8].try_into().ok()?))
}

fn decode(purpose: Purpose, token: &str) -> Option<Vec<u8>> {
    let encoded = token.strip_prefix(purpose.prefix())?;
    // Longer input cannot be a token; refusing it first bounds the work.
    if encoded.len() > 2 * (PAYLOAD_LEN + MAC_LEN) {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(encoded).ok()?;
    (bytes.len() == PAYLOAD_LEN + MAC_LEN).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-29 12:00 UTC);

    fn key() -> SecretKey {
        SecretKey::from_bytes(&[42u8; 32]).unwrap()
    }

    #[test]
    fn a_token_gives_back_its_subject_until_it_expires() {
        let token = issue(&key(), Purpose::Confirm, 1234, CONFIRM_TTL, NOW);
        assert!(token.starts_with("c."));
        assert_eq!(verify(&key(), Purpose::Confirm, &token, NOW), Some(1234));
        let last_second = NOW + CONFIRM_TTL - Duration::seconds(1);
        assert_eq!(verify(&key(), Purpose::Confirm, &token, last_second), Some(1234));
        assert_eq!(verify(&key(), Purpose::Confirm, &token, NOW + CONFIRM_TTL), None);
        assert_eq!(
            verify(&key(), Purpose::Confirm, &token, NOW + Duration::days(365)),
            None
        );
    }

    #[test]
    fn person_tokens_last_thirty_days() {
        let token = issue(&key(), Purpose::Person, 7, PERSON_TTL, NOW);
        assert!(token.starts_with("p."));
        assert_eq!(
            verify(&key(), Purpose::Person, &token, NOW + Duration::days(29)),
            Some(7)
        );
        assert_eq!(verify(&key(), Purpose::Person, &token, NOW + Duration::days(30)), None);
    }

    #[test]
    fn a_token_for_one_purpose_never_works_for_the_other() {
        let confirm = issue(&key(), Purpose::Confirm, 5, CONFIRM_TTL, NOW);
        let person = issue(&key(), Purpose::Person, 5, PERSON_TTL, NOW);
        assert_eq!(verify(&key(), Purpose::Person, &confirm, NOW), None);
        assert_eq!(verify(&key(), Purpose::Confirm, &person, NOW), None);
        // Same bytes, other prefix: the MAC covers the purpose.
        let relabelled = format!("p.{}", &confirm[2..]);
        assert_eq!(verify(&key(), Purpose::Person, &relabelled, NOW), None);
    }

    #[test]
    fn another_key_or_any_garbage_is_refused() {
        let token = issue(&key(), Purpose::Confirm, 5, CONFIRM_TTL, NOW);
        let other = SecretKey::from_bytes(&[43u8; 32]).unwrap();
        assert_eq!(verify(&other, Purpose::Confirm, &token, NOW), None);
        for garbage in [
            "",
            "c.",
            "c",
            "c.!!!!",
            "c.AAAA",
            "x.abc",
            &token[..token.len() - 1],
            &token[2..],
        ] {
            assert_eq!(verify(&key(), Purpose::Confirm, garbage, NOW), None, "{garbage:?}");
        }
        let huge = format!("c.{}", "A".repeat(100_000));
        assert_eq!(verify(&key(), Purpose::Confirm, &huge, NOW), None);
    }

    #[test]
    fn newsletter_tokens_have_their_own_prefixes_and_lifetimes() {
        let subscribe = issue_bound(&key(), Purpose::Subscribe, 3, b"ana@example.org", SUBSCRIBE_TTL, NOW);
        let unsubscribe = issue_bound(
            &key(),
            Purpose::Unsubscribe,
            3,
            b"ana@example.org",
            UNSUBSCRIBE_TTL,
            NOW,
        );
        assert!(subscribe.starts_with("n.") && unsubscribe.starts_with("u."));
        let later = NOW + Duration::days(399);
        assert_eq!(
            verify_bound(&key(), Purpose::Unsubscribe, &unsubscribe, b"ana@example.org", later),
            Some(3)
        );
        assert_eq!(
            verify_bound(
                &key(),
                Purpose::Unsubscribe,
                &unsubscribe,
                b"ana@example.org",
                NOW + UNSUBSCRIBE_TTL
            ),
            None
        );
        assert_eq!(
            verify_bound(
                &key(),
                Purpose::Subscribe,
                &subscribe,
                b"ana@example.org",
                NOW + SUBSCRIBE_TTL
            ),
            None
        );
        assert_eq!(
            verify_bound(&key(), Purpose::Subscribe, &unsubscribe, b"ana@example.org", NOW),
            None
        );
    }

    #[test]
    fn survey_tokens_have_their_own_prefixes_and_lifetimes() {
        let confirm = issue_bound(&key(), Purpose::SurveyResponse, 4, b"key", SURVEY_CONFIRM_TTL, NOW);
        let invitation = issue_bound(&key(), Purpose::SurveyInvitation, 4, b"poll", INVITATION_TTL, NOW);
        assert!(confirm.starts_with("v.") && invitation.starts_with("i."));
        let later = NOW + Duration::days(59);
        assert_eq!(
            verify_bound(&key(), Purpose::SurveyInvitation, &invitation, b"poll", later),
            Some(4)
        );
        assert_eq!(
            verify_bound(
                &key(),
                Purpose::SurveyInvitation,
                &invitation,
                b"poll",
                NOW + INVITATION_TTL
            ),
            None
        );
        assert_eq!(
            verify_bound(
                &key(),
                Purpose::SurveyResponse,
                &confirm,
                b"key",
                NOW + SURVEY_CONFIRM_TTL
            ),
            None
        );
        // Neither works as the other, nor as a signature's confirmation.
        assert_eq!(
            verify_bound(&key(), Purpose::SurveyResponse, &invitation, b"poll", NOW),
            None
        );
        assert_eq!(
            verify_bound(&key(), Purpose::SurveyInvitation, &confirm, b"key", NOW),
            None
        );
        assert_eq!(verify_bound(&key(), Purpose::Confirm, &confirm, b"key", NOW), None);
        assert_eq!(
            verify_bound(&key(), Purpose::SurveyInvitation, &invitation, b"other-poll", NOW),
            None
        );
    }

    #[test]
    fn a_bound_token_works_only_with_its_binding() {
        let token = issue_bound(
            &key(),
            Purpose::Unsubscribe,
            9,
            b"ana@example.org",
            UNSUBSCRIBE_TTL,
            NOW,
        );
        assert_eq!(claimed_subject(Purpose::Unsubscribe, &token), Some(9));
        assert_eq!(
            verify_bound(&key(), Purpose::Unsubscribe, &token, b"ana@example.org", NOW),
            Some(9)
        );
        for other in [&b"bo@example.org"[..], b"", b"ana@example.or"] {
            assert_eq!(verify_bound(&key(), Purpose::Unsubscribe, &token, other, NOW), None);
        }
        assert_eq!(verify(&key(), Purpose::Unsubscribe, &token, NOW), None);
        assert_eq!(claimed_subject(Purpose::Subscribe, &token), None);
        assert_eq!(claimed_subject(Purpose::Unsubscribe, "u.AAAA"), None);
    }

    #[test]
    fn the_extreme_subjects_round_trip() {
        for subject in [i64::MIN, -1, 0, i64::MAX] {
            let token = issue(&key(), Purpose::Person, subject, PERSON_TTL, NOW);
            assert_eq!(verify(&key(), Purpose::Person, &token, NOW), Some(subject));
        }
    }

    #[derive(Debug, Clone)]
    enum Mutation {
        Replace(usize, char),
        Insert(usize, char),
        Remove(usize),
        Truncate(usize),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        let any_char = prop_oneof![
            proptest::char::range('0', 'z'),
            Just('-'),
            Just('_'),
            Just('.'),
            Just('='),
            any::<char>()
        ];
        prop_oneof![
            (any::<usize>(), any_char.clone()).prop_map(|(at, c)| Mutation::Replace(at, c)),
            (any::<usize>(), any_char).prop_map(|(at, c)| Mutation::Insert(at, c)),
            any::<usize>().prop_map(Mutation::Remove),
            any::<usize>().prop_map(Mutation::Truncate),
        ]
    }

    fn apply(token: &str, mutation: &Mutation) -> String {
        let mut chars: Vec<char> = token.chars().collect();
        match *mutation {
            Mutation::Replace(at, c) => {
                let at = at % chars.len();
                chars[at] = c;
            }
            Mutation::Insert(at, c) => chars.insert(at % (chars.len() + 1), c),
            Mutation::Remove(at) => {
                chars.remove(at % chars.len());
            }
            Mutation::Truncate(at) => chars.truncate(at % chars.len()),
        }
        chars.into_iter().collect()
    }

    proptest! {
        #[test]
        fn any_change_to_a_token_makes_it_fail(
            subject in any::<i64>(),
            confirm in any::<bool>(),
            mutation in mutation(),
        ) {
            let purpose = if confirm { Purpose::Confirm } else { Purpose::Person };
            let token = issue(&key(), purpose, subject, PERSON_TTL, NOW);
            let changed = apply(&token, &mutation);
            prop_assume!(changed != token);
            prop_assert_eq!(verify(&key(), purpose, &changed, NOW), None);
        }
    }
}
