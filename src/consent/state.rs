//! The visitor's consent as the app sees it: the stored decision, the
//! policy revision it must be about, and the browser's privacy signal.

use civic_api::consent::{Category, Choices, ConsentLogRequest, ConsentRecord, PrivacySignal};
use leptos::prelude::*;

use crate::api;
use crate::consent::decision::{self, Ask};
use crate::consent::{signal, storage};

#[derive(Debug, Clone, Copy)]
pub struct Consent {
    /// The privacy policy's current revision, once known.
    pub revision: RwSignal<Option<u32>>,
    pub record: RwSignal<Option<ConsentRecord>>,
    pub signal: Option<PrivacySignal>,
    /// "Cookie settings" was used: the settings show even though nothing
    /// needs asking.
    pub reopened: RwSignal<bool>,
    /// A decision was saved during this visit (read out to screen readers).
    pub saved: RwSignal<bool>,
    base: StoredValue<String>,
}

pub fn use_consent() -> Consent {
    expect_context::<Consent>()
}

impl Consent {
    pub fn new(revision: Option<u32>, record: Option<ConsentRecord>, signal: Option<PrivacySignal>) -> Consent {
        Consent {
            revision: RwSignal::new(revision),
            record: RwSignal::new(record),
            signal,
            reopened: RwSignal::new(false),
            saved: RwSignal::new(false),
            base: StoredValue::new(api::api_base()),
        }
    }

    /// The visitor's decision as this browser stored it, or, on the
    /// server, as the request carried it: the server draws the banner the
    /// app would. An address asking for the settings opens them.
    pub fn from_browser() -> Consent {
        if cfg!(target_arch = "wasm32") {
            let consent = Consent::new(storage::policy_revision(), storage::read_record(), signal::detect());
            consent.reopened.set(storage::settings_asked());
            consent
        } else {
            let known = crate::first_page::server_page().consent;
            let consent = Consent::new(known.revision, known.record, known.signal);
            consent.reopened.set(known.settings);
            consent
        }
    }

    pub fn ask(self) -> Option<Ask> {
        let revision = self.revision.get();
        self.record.with(|record| decision::ask(record.as_ref(), revision))
    }

    /// What may run now (tracked).
    pub fn allowed(self) -> Choices {
        let revision = self.revision.get();
        self.record
            .with(|record| decision::allowed(record.as_ref(), revision, self.signal))
    }

    /// For event handlers and requests: the answer at this moment.
    pub fn allows_now(self, category: Category) -> bool {
        untrack(|| self.allowed()).allows(category)
    }

    /// The choices to start the settings from: the last decision, if any.
    pub fn last_choices(self) -> Choices {
        self.record
            .with_untracked(|record| record.as_ref().map(|record| record.choices))
            .unwrap_or(Choices::ALL_REJECTED)
            .honouring(self.signal)
    }

    /// Stores the decision, empties the storage of every refused category
    /// at once (withdrawing deletes), and logs it. Keeps the consent id of
    /// an earlier decision, so a withdrawal is logged against what it
    /// withdraws.
    pub fn decide(self, choices: Choices) {
        let Some(revision) = self.revision.get_untracked() else {
            return;
        };
        let choices = choices.honouring(self.signal);
        let id = self
            .record
            .with_untracked(|record| record.as_ref().map(|record| record.id.clone()))
            .unwrap_or_else(storage::random_consent_id);
        let record = ConsentRecord {
            id,
            choices,
            revision,
            decided_at: storage::now_iso(),
        };
        storage::write_record(&record);
        decision::refused(choices)
            .flat_map(Category::storage)
            .for_each(storage::remove);
        let request = ConsentLogRequest {
            consent_id: record.id.as_str().to_owned(),
            choices,
            revision,
            signal: self.signal,
        };
        let base = self.base.get_value();
        // The decision stands on this device whether or not the log is
        // reached: it is the organisation's record, not the visitor's.
        leptos::task::spawn_local(async move {
            let _ = api::log_consent(&base, &request).await;
        });
        self.record.set(Some(record));
        self.reopened.set(false);
        self.saved.set(true);
    }
}
