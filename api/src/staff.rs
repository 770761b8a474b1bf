//! The staff console's contract: finding people and changing their roles,
//! and the audit log of every staff action.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::account::Role;
use crate::{FieldErrors, IdempotencyKey};

/// One account as an admin sees it in the console: no password, no
/// session secret, nothing the member area would not show its owner.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Whether the link sent when joining was followed.
    pub confirmed: bool,
    /// The day it joined, `YYYY-MM-DD`.
    pub joined: String,
    /// Browsers signed in to it now.
    pub sessions: u32,
    pub passkeys: u32,
}

/// At most this many accounts answer one search.
pub const ACCOUNT_SEARCH_LIMIT: usize = 20;

/// `PUT /api/staff/accounts/{id}/role`. `from` is the role the console
/// showed: when someone changed it since, the change is refused as a
/// conflict rather than overwrite theirs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub from: Role,
    pub to: Role,
    pub idempotency_key: String,
}

impl RoleChange {
    pub fn key(&self) -> Result<IdempotencyKey, FieldErrors> {
        parse_key(&self.idempotency_key)
    }
}

/// A staff action on an account that takes nothing but its retry key:
/// ending its sessions, erasing it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountAction {
    pub idempotency_key: String,
}

impl AccountAction {
    pub fn key(&self) -> Result<IdempotencyKey, FieldErrors> {
        parse_key(&self.idempotency_key)
    }
}

fn parse_key(input: &str) -> Result<IdempotencyKey, FieldErrors> {
    IdempotencyKey::parse(input).map_err(|error| FieldErrors::from([("idempotency_key".to_owned(), error)]))
}

/// What a staff member did, as the audit log names it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    RoleChanged,
    SessionsEnded,
    AccountErased,
    PaymentsExported,
    ConsentsExported,
    AuditExported,
    PetitionCreated,
    PetitionEdited,
    PetitionStatusChanged,
    PetitionImageChanged,
    SignaturesExported,
    SignaturesInvalidated,
    InvalidationUndone,
    InboxUpdated,
    InboxNoted,
    InboxReplied,
    PetitionNewsPosted,
    PageEdited,
    MailingSaved,
    MailingTestSent,
    MailingScheduled,
    MailingSent,
    SurveySaved,
    SurveyStatusChanged,
    SurveyInvited,
}

impl AuditAction {
    pub const ALL: [AuditAction; 25] = [
        AuditAction::RoleChanged,
        AuditAction::SessionsEnded,
        AuditAction::AccountErased,
        AuditAction::PaymentsExported,
        AuditAction::ConsentsExported,
        AuditAction::AuditExported,
        AuditAction::PetitionCreated,
        AuditAction::PetitionEdited,
        AuditAction::PetitionStatusChanged,
        AuditAction::PetitionImageChanged,
        AuditAction::SignaturesExported,
        AuditAction::SignaturesInvalidated,
        AuditAction::InvalidationUndone,
        AuditAction::InboxUpdated,
        AuditAction::InboxNoted,
        AuditAction::InboxReplied,
        AuditAction::PetitionNewsPosted,
        AuditAction::PageEdited,
        AuditAction::MailingSaved,
        AuditAction::MailingTestSent,
        AuditAction::MailingScheduled,
        AuditAction::MailingSent,
        AuditAction::SurveySaved,
        AuditAction::SurveyStatusChanged,
        AuditAction::SurveyInvited,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::RoleChanged => "role_changed",
            AuditAction::SessionsEnded => "sessions_ended",
            AuditAction::AccountErased => "account_erased",
            AuditAction::PaymentsExported => "payments_exported",
            AuditAction::ConsentsExported => "consents_exported",
            AuditAction::AuditExported => "audit_exported",
            AuditAction::PetitionCreated => "petition_created",
            AuditAction::PetitionEdited => "petition_edited",
            AuditAction::PetitionStatusChanged => "petition_status_changed",
            AuditAction::PetitionImageChanged => "petition_image_changed",
            AuditAction::SignaturesExported => "signatures_exported",
            AuditAction::SignaturesInvalidated => "signatures_invalidated",
            AuditAction::InvalidationUndone => "invalidation_undone",
            AuditAction::InboxUpdated => "inbox_updated",
            AuditAction::InboxNoted => "inbox_noted",
            AuditAction::InboxReplied => "inbox_replied",
            AuditAction::PetitionNewsPosted => "petition_news_posted",
            AuditAction::PageEdited => "page_edited",
            AuditAction::MailingSaved => "mailing_saved",
            AuditAction::MailingTestSent => "mailing_test_sent",
            AuditAction::MailingScheduled => "mailing_scheduled",
            AuditAction::MailingSent => "mailing_sent",
            AuditAction::SurveySaved => "survey_saved",
            AuditAction::SurveyStatusChanged => "survey_status_changed",
            AuditAction::SurveyInvited => "survey_invited",
        }
    }

    pub fn parse(input: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|action| action.as_str() == input)
    }
}

/// Who did or underwent an action: an account's address, or its number
/// alone once it was erased (the log keeps no erased address).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditAccount {
    pub id: i64,
    /// `None` once the account was erased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One line of the audit log: append-only, never changed or removed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    pub actor: AuditAccount,
    pub action: AuditAction,
    /// The account acted on, where it was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AuditAccount>,
    /// What else it acted on: the period of an export, say.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    /// What changed, field by field: its value before, and after.
    #[serde(default)]
    pub before: BTreeMap<String, String>,
    #[serde(default)]
    pub after: BTreeMap<String, String>,
}

/// What the console starts from: who it is for (their role decides its
/// sections), and for an admin the people section's first list and the
/// audit log's newest page. The server
/// draws the console from it; the app, come later by a link, builds it
/// from `GET /api/session` and asks for the log itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleStart {
    pub email: String,
    pub role: Role,
    pub needs_passkey: bool,
    /// `None` where the log is not drawn with the page (not an admin, or
    /// the app came to the console by a link).
    #[serde(default)]
    pub audit: Option<Vec<AuditEntry>>,
    /// The people section's first list (staff first), likewise.
    #[serde(default)]
    pub people: Option<Vec<StaffAccount>>,
    /// Every petition, drafts too, for any staff member; likewise.
    #[serde(default)]
    pub petitions: Option<Vec<crate::petition_editing::PetitionLine>>,
    /// The inbox's new messages and reports, for any staff member; likewise.
    #[serde(default)]
    pub inbox: Option<Vec<crate::inbox::InboxLine>>,
    /// What staff see of the statistics; likewise.
    #[serde(default)]
    pub statistics: Option<crate::analytics::StaffStatistics>,
}

/// At most this many lines answer one page of the audit log.
pub const AUDIT_PAGE: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_name() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.as_str()));
        }
        assert_eq!(AuditAction::parse("dropped_tables"), None);
    }

    #[test]
    fn a_role_change_refuses_unknown_members_and_odd_roles() {
        let key = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
        let good = format!(r#"{{"from":"member","to":"editor","idempotency_key":"{key}"}}"#);
        assert!(serde_json::from_str::<RoleChange>(&good).is_ok());
        let odd = format!(r#"{{"from":"member","to":"owner","idempotency_key":"{key}"}}"#);
        assert!(serde_json::from_str::<RoleChange>(&odd).is_err());
        let extra = format!(r#"{{"from":"member","to":"admin","idempotency_key":"{key}","id":1}}"#);
        assert!(serde_json::from_str::<RoleChange>(&extra).is_err());
        let short: RoleChange =
            serde_json::from_str(r#"{"from":"member","to":"editor","idempotency_key":"abc"}"#).unwrap();
        assert!(short.key().unwrap_err().contains_key("idempotency_key"));
    }
}
