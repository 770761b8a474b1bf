//! Cookie and storage consent: the categories the banner offers, every key
//! the site stores on a visitor's device (the banner and the privacy page
//! both list them from here, so they cannot drift apart), and the record of
//! a decision that the server logs.

use serde::{Deserialize, Serialize};

use crate::{FieldError, FieldErrors};

/// The `<meta name>` through which the server tells the SPA the privacy
/// policy's current revision, so the banner knows at once whether to ask.
pub const POLICY_REVISION_META: &str = "civic-policy-revision";

/// The banner is a form the browser can post by itself: its buttons are
/// named this, with a [`FormDecision`] as their value, and "Save" sends
/// each ticked optional category under its [`Category::as_str`].
pub const DECISION_FIELD: &str = "consent";

/// The query that asks for a page with the consent settings open: what
/// "Cookie settings" and "Choose" send when the app is not there to open
/// them in place.
pub const SETTINGS_PARAM: &str = "cookie-settings";

/// Whether an address's query (with or without its `?`) asks for the
/// consent settings.
pub fn settings_asked(query: &str) -> bool {
    crate::site::query_param(query, SETTINGS_PARAM).is_some()
}

/// How long a cookie the site sets is kept: a year.
pub const COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// What a category of storage or processing is for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Always on: what the site cannot work without, the consent record itself.
    Necessary,
    /// Remembered language, remembered member.
    Preferences,
    /// First-party statistics that identify no one.
    Analytics,
    /// Anything that would contact a third party.
    ExternalMedia,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Necessary,
        Category::Preferences,
        Category::Analytics,
        Category::ExternalMedia,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Preferences => "preferences",
            Category::Analytics => "analytics",
            Category::ExternalMedia => "external_media",
        }
    }

    /// What the site keeps on the visitor's device for this category.
    pub fn storage(self) -> impl Iterator<Item = StorageItem> {
        StorageItem::ALL.into_iter().filter(move |item| item.category() == self)
    }

    /// Whether a browser's privacy signal keeps this category off whatever
    /// the visitor chose.
    pub fn refused_by_signal(self) -> bool {
        matches!(self, Category::Analytics | Category::ExternalMedia)
    }
}

/// Where a browser keeps a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StorageKind {
    LocalStorage,
    SessionStorage,
    Cookie,
}

/// Every cookie or storage key the site writes. Nothing else may be written:
/// the end-to-end suite compares the browser's storage with this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StorageItem {
    /// The visitor's decision: categories, policy revision, time, random id.
    ConsentRecord,
    /// Keeps a member signed in: set by the server on signing in only,
    /// `HttpOnly` (no script reads it), `__Host-` prefixed over https.
    Session,
    /// The language last chosen with the language switcher.
    Language,
    /// The signed link from our e-mails that recognises a signer on petitions.
    Member,
    /// Survey answers not yet sent, for this tab only: a reload keeps them,
    /// closing the tab or sending them deletes them.
    SurveyDraftTab,
    /// The same answers kept on the device, to resume a survey another day.
    SurveyDraftSaved,
}

impl StorageItem {
    /// In the order the banner and the privacy page list them: by category.
    pub const ALL: [StorageItem; 6] = [
        StorageItem::ConsentRecord,
        StorageItem::Session,
        StorageItem::SurveyDraftTab,
        StorageItem::Language,
        StorageItem::Member,
        StorageItem::SurveyDraftSaved,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StorageItem::ConsentRecord => "civic.consent",
            StorageItem::Session => "civic.session",
            StorageItem::Language => "civic.language",
            StorageItem::Member => "civic.member",
            StorageItem::SurveyDraftTab => "civic.survey-tab",
            StorageItem::SurveyDraftSaved => "civic.survey-drafts",
        }
    }

    pub fn kind(self) -> StorageKind {
        match self {
            // A cookie, so the server can draw the banner, and answer it,
            // for a page that runs no script.
            StorageItem::ConsentRecord | StorageItem::Session => StorageKind::Cookie,
            StorageItem::Language | StorageItem::Member | StorageItem::SurveyDraftSaved => StorageKind::LocalStorage,
            StorageItem::SurveyDraftTab => StorageKind::SessionStorage,
        }
    }

    /// The `Set-Cookie` (or `document.cookie`) text that keeps the
    /// already encoded `value` under this item's key, as both the app and
    /// the server write it; `secure` over https.
    pub fn cookie(self, value: &str, secure: bool) -> String {
        let secure = if secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax{secure}",
            self.key()
        )
    }

    pub fn category(self) -> Category {
        match self {
            StorageItem::ConsentRecord | StorageItem::Session | StorageItem::SurveyDraftTab => Category::Necessary,
            StorageItem::Language | StorageItem::Member | StorageItem::SurveyDraftSaved => Category::Preferences,
        }
    }
}

/// The optional categories a visitor allowed; necessary storage is always on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choices {
    pub preferences: bool,
    pub analytics: bool,
    pub external_media: bool,
}

impl Choices {
    pub const ALL_ACCEPTED: Choices = Choices {
        preferences: true,
        analytics: true,
        external_media: true,
    };
    pub const ALL_REJECTED: Choices = Choices {
        preferences: false,
        analytics: false,
        external_media: false,
    };

    pub fn allows(self, category: Category) -> bool {
        match category {
            Category::Necessary => true,
            Category::Preferences => self.preferences,
            Category::Analytics => self.analytics,
            Category::ExternalMedia => self.external_media,
        }
    }

    /// What is really allowed once the browser's privacy signal is honoured.
    pub fn honouring(self, signal: Option<PrivacySignal>) -> Choices {
        match signal {
            None => self,
            Some(_) => Choices {
                preferences: self.preferences,
                analytics: false,
                external_media: false,
            },
        }
    }
}

/// A browser setting that asks sites not to track: either means analytics
/// and external media stay off.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacySignal {
    /// `navigator.globalPrivacyControl` / `Sec-GPC: 1`.
    GlobalPrivacyControl,
    /// `navigator.doNotTrack == "1"` / `DNT: 1`.
    DoNotTrack,
}

impl PrivacySignal {
    pub fn as_str(self) -> &'static str {
        match self {
            PrivacySignal::GlobalPrivacyControl => "global_privacy_control",
            PrivacySignal::DoNotTrack => "do_not_track",
        }
    }

    /// The signal a request's headers carry, Global Privacy Control first.
    pub fn from_headers(sec_gpc: Option<&str>, dnt: Option<&str>) -> Option<PrivacySignal> {
        if sec_gpc.map(str::trim) == Some("1") {
            Some(PrivacySignal::GlobalPrivacyControl)
        } else if dnt.map(str::trim) == Some("1") {
            Some(PrivacySignal::DoNotTrack)
        } else {
            None
        }
    }
}

/// A random id for a consent record, made by the browser (or the server,
/// for a banner posted without the app): 32 lowercase hex digits (128
/// bits). It names a decision, never a person: the server reads it only to
/// draw and take the banner and logs it with nothing else, and statistics
/// are sent without the cookie that holds it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConsentId(String);

impl ConsentId {
    pub const LEN: usize = 32;

    pub fn parse(input: &str) -> Result<ConsentId, FieldError> {
        if input.is_empty() {
            return Err(FieldError::Required);
        }
        let well_formed =
            input.len() == Self::LEN && input.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if well_formed {
            Ok(ConsentId(input.to_owned()))
        } else {
            Err(FieldError::Invalid)
        }
    }

    /// From 16 random bytes (the SPA takes them from `crypto.getRandomValues`).
    pub fn from_bytes(bytes: [u8; 16]) -> ConsentId {
        ConsentId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ConsentId {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ConsentId::parse(&value)
    }
}

impl From<ConsentId> for String {
    fn from(value: ConsentId) -> Self {
        value.0
    }
}

/// What the browser keeps under `civic.consent`, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub id: ConsentId,
    pub choices: Choices,
    /// The privacy policy's revision the visitor decided on.
    pub revision: u32,
    /// RFC 3339 UTC, from the clock of whoever wrote it (the browser or,
    /// for a posted banner, the server).
    pub decided_at: String,
}

impl ConsentRecord {
    /// The record as stored; anything unreadable counts as no decision, so
    /// the visitor is asked again rather than assumed to agree.
    pub fn parse(text: &str) -> Option<ConsentRecord> {
        serde_json::from_str(text).ok()
    }
}

/// What a button of the banner's form decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormDecision {
    AcceptAll,
    RejectAll,
    /// The ticked categories, from the settings.
    Save,
}

impl FormDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            FormDecision::AcceptAll => "accept_all",
            FormDecision::RejectAll => "reject_all",
            FormDecision::Save => "save",
        }
    }

    pub fn parse(value: &str) -> Option<FormDecision> {
        [FormDecision::AcceptAll, FormDecision::RejectAll, FormDecision::Save]
            .into_iter()
            .find(|decision| decision.as_str() == value)
    }

    /// The choices a posted banner made: its button's, or the ticked
    /// categories (`ticked` says whether a field of that name was sent).
    pub fn choices(self, ticked: impl Fn(&str) -> bool) -> Choices {
        match self {
            FormDecision::AcceptAll => Choices::ALL_ACCEPTED,
            FormDecision::RejectAll => Choices::ALL_REJECTED,
            FormDecision::Save => Choices {
                preferences: ticked(Category::Preferences.as_str()),
                analytics: ticked(Category::Analytics.as_str()),
                external_media: ticked(Category::ExternalMedia.as_str()),
            },
        }
    }
}

/// `POST /api/consents`: a decision, or a change of mind, for the log. The
/// server adds its own time and stores nothing else (no address, no agent).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentLogRequest {
    pub consent_id: String,
    pub choices: Choices,
    #[serde(deserialize_with = "crate::whole_number::read")]
    pub revision: u32,
    /// The privacy signal the browser sent, which kept some choices off.
    #[serde(default)]
    pub signal: Option<PrivacySignal>,
}

/// A consent decision whose fields have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDecision {
    pub consent_id: ConsentId,
    /// Already `honouring` the signal: a log never says analytics were on
    /// for a browser that asked not to be tracked.
    pub choices: Choices,
    pub revision: u32,
    pub signal: Option<PrivacySignal>,
}

impl ConsentLogRequest {
    pub fn validate(&self) -> Result<ConsentDecision, FieldErrors> {
        let mut errors = FieldErrors::new();
        let consent_id = ConsentId::parse(&self.consent_id)
            .map_err(|e| errors.insert("consent_id".to_owned(), e))
            .ok();
        if self.revision == 0 {
            errors.insert("revision".to_owned(), FieldError::Invalid);
        }
        match consent_id {
            Some(consent_id) if errors.is_empty() => Ok(ConsentDecision {
                consent_id,
                choices: self.choices.honouring(self.signal),
                revision: self.revision,
                signal: self.signal,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_storage_key_belongs_to_one_category_and_is_named_once() {
        let mut keys: Vec<&str> = StorageItem::ALL.iter().map(|item| item.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), StorageItem::ALL.len());
        let listed: usize = Category::ALL.iter().map(|category| category.storage().count()).sum();
        assert_eq!(listed, StorageItem::ALL.len());
        assert!(keys.iter().all(|key| key.starts_with("civic.")));
    }

    #[test]
    fn necessary_is_always_allowed_and_a_signal_turns_tracking_off() {
        assert!(Choices::ALL_REJECTED.allows(Category::Necessary));
        let honoured = Choices::ALL_ACCEPTED.honouring(Some(PrivacySignal::GlobalPrivacyControl));
        assert!(honoured.preferences);
        assert!(!honoured.analytics);
        assert!(!honoured.external_media);
        assert_eq!(Choices::ALL_ACCEPTED.honouring(None), Choices::ALL_ACCEPTED);
    }

    #[test]
    fn privacy_signals_are_read_from_headers() {
        assert_eq!(
            PrivacySignal::from_headers(Some("1"), None),
            Some(PrivacySignal::GlobalPrivacyControl)
        );
        assert_eq!(
            PrivacySignal::from_headers(None, Some("1")),
            Some(PrivacySignal::DoNotTrack)
        );
        assert_eq!(PrivacySignal::from_headers(Some("0"), Some("0")), None);
        assert_eq!(PrivacySignal::from_headers(None, None), None);
    }

    #[test]
    fn a_logged_decision_never_claims_tracking_under_a_signal() {
        let request = ConsentLogRequest {
            consent_id: "0123456789abcdef0123456789abcdef".into(),
            choices: Choices::ALL_ACCEPTED,
            revision: 3,
            signal: Some(PrivacySignal::DoNotTrack),
        };
        let decision = request.validate().unwrap();
        assert!(!decision.choices.analytics);
        assert!(decision.choices.preferences);
    }

    #[test]
    fn bad_consent_ids_and_revision_zero_are_refused() {
        let request = ConsentLogRequest {
            consent_id: "not-an-id".into(),
            choices: Choices::ALL_REJECTED,
            revision: 0,
            signal: None,
        };
        let errors = request.validate().unwrap_err();
        assert_eq!(errors.get("consent_id"), Some(&FieldError::Invalid));
        assert_eq!(errors.get("revision"), Some(&FieldError::Invalid));
    }

    #[test]
    fn the_settings_are_asked_by_their_query_alone() {
        assert!(settings_asked("?cookie-settings=open"));
        assert!(settings_asked("source=x&cookie-settings"));
        assert!(!settings_asked("?cookie-settingsx=open"));
        assert!(!settings_asked(""));
        let cookie = StorageItem::ConsentRecord.cookie("%7B%7D", true);
        assert_eq!(
            cookie,
            "civic.consent=%7B%7D; Path=/; Max-Age=31536000; SameSite=Lax; Secure"
        );
        assert!(!StorageItem::ConsentRecord.cookie("x", false).contains("Secure"));
    }

    #[test]
    fn a_posted_banner_decides_by_its_button_and_saves_only_what_was_ticked() {
        let ticked = |name: &str| name == "analytics";
        assert_eq!(
            FormDecision::parse("accept_all").unwrap().choices(ticked),
            Choices::ALL_ACCEPTED
        );
        assert_eq!(
            FormDecision::parse("reject_all").unwrap().choices(ticked),
            Choices::ALL_REJECTED
        );
        let saved = FormDecision::parse("save").unwrap().choices(ticked);
        assert_eq!(
            saved,
            Choices {
                analytics: true,
                ..Choices::ALL_REJECTED
            }
        );
        assert_eq!(FormDecision::parse("accept"), None);
    }

    #[test]
    fn a_stored_record_reads_back_and_anything_else_is_no_decision() {
        let record = ConsentRecord {
            id: ConsentId::from_bytes([9; 16]),
            choices: Choices::ALL_ACCEPTED,
            revision: 2,
            decided_at: "2026-12-02T10:00:00.000Z".into(),
        };
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(ConsentRecord::parse(&text), Some(record));
        assert_eq!(ConsentRecord::parse("{\"id\":\"short\"}"), None);
        assert_eq!(ConsentRecord::parse(""), None);
    }

    proptest! {
        #[test]
        fn ids_from_random_bytes_always_parse(bytes in any::<[u8; 16]>()) {
            let id = ConsentId::from_bytes(bytes);
            prop_assert_eq!(ConsentId::parse(id.as_str()), Ok(id.clone()));
        }

        #[test]
        fn anything_but_32_lowercase_hex_digits_is_refused(input in "\\PC{0,40}") {
            let valid = input.len() == 32 && input.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            prop_assert_eq!(ConsentId::parse(&input).is_ok(), valid);
        }
    }
}
