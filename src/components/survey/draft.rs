//! Unsent answers kept on the device: for this tab always (a reload keeps
//! them), and to resume another day only with consent to preference
//! storage. Both hold one JSON map, survey slug to draft. The e-mail
//! address of an e-mail-limited survey is never kept: it is not an answer.

use std::collections::BTreeMap;

use civic_api::Slug;
use civic_api::consent::{Category, StorageItem};
use civic_api::survey::Answers;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::survey::state::SurveyState;
use crate::consent::state::Consent;
use crate::consent::storage;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub answers: Answers,
    pub section: usize,
    /// The idempotency key, and whether it went out: a retry after a lost
    /// answer, even after a reload, is then the same response.
    pub key: String,
    #[serde(default)]
    pub sent: bool,
}

type Drafts = BTreeMap<String, Draft>;

fn read_all(item: StorageItem) -> Drafts {
    storage::read(item)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn write_all(item: StorageItem, drafts: &Drafts) {
    match drafts.is_empty() {
        true => storage::remove(item),
        false => {
            if let Ok(text) = serde_json::to_string(drafts) {
                storage::write(item, &text);
            }
        }
    }
}

/// Where drafts may go, decided where the component is set up (event
/// handlers have no context).
#[derive(Debug, Clone, Copy)]
pub struct DraftStore {
    consent: Option<Consent>,
}

impl DraftStore {
    pub fn new() -> DraftStore {
        DraftStore {
            consent: use_context::<Consent>(),
        }
    }

    fn items(self) -> impl Iterator<Item = StorageItem> {
        let saved = self
            .consent
            .is_some_and(|consent| consent.allows_now(Category::Preferences));
        [StorageItem::SurveyDraftTab]
            .into_iter()
            .chain(saved.then_some(StorageItem::SurveyDraftSaved))
    }

    /// Whether a draft of `slug` is kept, known without reading it (so the
    /// reading bundle, which asks for the survey's app when there is one
    /// to restore, carries no survey types).
    #[cfg(target_arch = "wasm32")]
    pub fn holds(self, slug: &Slug) -> bool {
        self.items().any(|item| {
            storage::read(item)
                .and_then(|text| serde_json::from_str::<BTreeMap<String, serde::de::IgnoredAny>>(&text).ok())
                .is_some_and(|drafts| drafts.contains_key(slug.as_str()))
        })
    }

    /// This tab's draft, else the one kept on the device.
    pub fn load(self, slug: &Slug) -> Option<Draft> {
        self.items()
            .find_map(|item| read_all(item).remove(slug.as_str()))
            .filter(|draft| !draft.answers.is_empty())
    }

    pub fn save(self, slug: &Slug, draft: &Draft) {
        for item in self.items() {
            let mut drafts = read_all(item);
            drafts.insert(slug.as_str().to_owned(), draft.clone());
            write_all(item, &drafts);
        }
    }

    /// After sending, or "start again": gone from both places, whatever
    /// the consent now says.
    pub fn delete(self, slug: &Slug) {
        for item in [StorageItem::SurveyDraftTab, StorageItem::SurveyDraftSaved] {
            let mut drafts = read_all(item);
            if drafts.remove(slug.as_str()).is_some() {
                write_all(item, &drafts);
            }
        }
    }
}

impl SurveyState {
    pub fn draft(self) -> Draft {
        let (key, sent) = self.kit.key_state();
        Draft {
            answers: self.answers.get(),
            section: self.section.get(),
            key,
            sent,
        }
    }

    pub fn restore(self, draft: Draft) {
        let sections = self.survey.with_value(|survey| survey.sections.len());
        self.answers.set(draft.answers);
        self.section.set(draft.section.min(sections.saturating_sub(1)));
        if civic_api::IdempotencyKey::parse(&draft.key).is_ok() {
            self.kit.resume_key(draft.key, draft.sent);
        }
    }
}

/// Keeps the drafts in step with every answer typed; a survey with nothing
/// answered leaves nothing behind.
pub fn keep_drafts(state: SurveyState, store: DraftStore, slug: Slug, active: Signal<bool>) {
    Effect::new(move |_| {
        let draft = state.draft();
        if !active.get() {
            return;
        }
        match draft.answers.is_empty() {
            true => store.delete(&slug),
            false => store.save(&slug, &draft),
        }
    });
}
