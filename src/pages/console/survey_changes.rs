//! What the builder's buttons and fields do to a draft: sections,
//! questions and entries added, removed and moved; a type changed; ids
//! proposed from the English words (lowercase words joined by hyphens,
//! each unique where it must be) until they are typed by hand; and the
//! conditions kept pointing only at what still exists.

use civic_api::Locale;

use crate::pages::console::survey_draft::{
    Condition, Draft, Entry, Kind, List, Match, QuestionDraft, SectionDraft, Words,
};

/// Longest id proposed from a text; a longer one is cut between words.
const PROPOSED_MAX: usize = 40;

/// `text` as an id: its letters and digits, lowercase, unaccented where
/// that is plain, in words joined by hyphens; empty when it has none.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut gap = false;
    for letter in text.chars().flat_map(unaccented) {
        if letter.is_ascii_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(letter.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    if slug.len() > PROPOSED_MAX {
        let cut = slug[..PROPOSED_MAX]
            .rfind('-')
            .filter(|cut| *cut > 0)
            .unwrap_or(PROPOSED_MAX);
        slug.truncate(cut);
    }
    slug
}

fn unaccented(letter: char) -> Vec<char> {
    let plain = match letter.to_lowercase().next().unwrap_or(letter) {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => return vec!['o', 'e'],
        'æ' => return vec!['a', 'e'],
        'ß' => return vec!['s', 's'],
        other => other,
    };
    vec![plain]
}

/// `base`, or `base-2`, `base-3`… whichever is not `taken`.
fn unique(base: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|number| format!("{base}-{number}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(base)
}

/// The id proposed from `text`: its words, or `fallback` (`question-3`).
fn proposed(text: &str, fallback: String, taken: impl Fn(&str) -> bool) -> String {
    let slug = slugify(text);
    unique(if slug.is_empty() { fallback } else { slug }, taken)
}

fn new_entry(uid: u32, id: String) -> Entry {
    Entry {
        uid,
        id,
        auto_id: true,
        label: Words::default(),
    }
}

/// The entry's name in ids proposed before it has a label.
fn entry_prefix(list: List) -> &'static str {
    match list {
        List::Choices => "choice",
        List::Rows => "row",
        List::Columns => "column",
    }
}

impl Draft {
    fn question_id_taken(&self, id: &str, except: u32) -> bool {
        self.questions()
            .any(|question| question.uid != except && question.id.trim() == id)
    }

    /// A new section at the end, holding one new question; its uid.
    pub fn add_section(&mut self) -> u32 {
        let uid = self.next_uid();
        let number = self.sections.len() + 1;
        let id = unique(format!("section-{number}"), |id| {
            self.sections.iter().any(|section| section.id.trim() == id)
        });
        self.sections.push(SectionDraft {
            uid,
            id,
            auto_id: true,
            title: Words::default(),
            intro: Words::default(),
            had_intro: false,
            questions: Vec::new(),
        });
        self.add_question(uid);
        uid
    }

    /// A new short-text question at the end of section `section`; its uid.
    pub fn add_question(&mut self, section: u32) -> Option<u32> {
        let uid = self.next_uid();
        let number = self.questions().count() + 1;
        let id = unique(format!("question-{number}"), |id| self.question_id_taken(id, uid));
        let question = QuestionDraft {
            uid,
            id,
            auto_id: true,
            kind: Kind::ShortText,
            required: false,
            text: Words::default(),
            help: Words::default(),
            had_help: false,
            max_chars: Kind::ShortText.default_max().to_string(),
            choices: Vec::new(),
            min: String::new(),
            max: String::new(),
            low: Words::default(),
            high: Words::default(),
            rows: Vec::new(),
            columns: Vec::new(),
            condition: None,
        };
        self.section_mut(section)?.questions.push(question);
        Some(uid)
    }

    /// A new entry at the end of a question's list; its uid.
    pub fn add_entry(&mut self, question: u32, list: List) -> Option<u32> {
        let uid = self.next_uid();
        let question = self.question_mut(question)?;
        let entries = question.list_mut(list);
        let id = unique(format!("{}-{}", entry_prefix(list), entries.len() + 1), |id| {
            entries.iter().any(|entry| entry.id.trim() == id)
        });
        entries.push(new_entry(uid, id));
        Some(uid)
    }

    pub fn remove_section(&mut self, uid: u32) {
        let gone: Vec<u32> = self
            .section(uid)
            .map(|section| section.questions.iter().map(|question| question.uid).collect())
            .unwrap_or_default();
        self.sections.retain(|section| section.uid != uid);
        gone.into_iter().for_each(|question| self.forget_question(question));
    }

    pub fn remove_question(&mut self, uid: u32) {
        for section in &mut self.sections {
            section.questions.retain(|question| question.uid != uid);
        }
        self.forget_question(uid);
    }

    pub fn remove_entry(&mut self, question: u32, list: List, uid: u32) {
        if let Some(question) = self.question_mut(question) {
            question.list_mut(list).retain(|entry| entry.uid != uid);
        }
        for question in self
            .sections
            .iter_mut()
            .flat_map(|section| section.questions.iter_mut())
        {
            if let Some(condition) = &mut question.condition {
                condition.any_of.retain(|value| *value != Match::Choice(uid));
            }
        }
    }

    /// No condition points at a question that is gone.
    fn forget_question(&mut self, uid: u32) {
        for question in self
            .sections
            .iter_mut()
            .flat_map(|section| section.questions.iter_mut())
        {
            if question
                .condition
                .as_ref()
                .is_some_and(|condition| condition.question == uid)
            {
                question.condition = None;
            }
        }
    }

    pub fn move_section(&mut self, uid: u32, up: bool) {
        if let Some(at) = self.sections.iter().position(|section| section.uid == uid) {
            swap(&mut self.sections, at, up);
        }
    }

    /// Within its section.
    pub fn move_question(&mut self, uid: u32, up: bool) {
        for section in &mut self.sections {
            if let Some(at) = section.questions.iter().position(|question| question.uid == uid) {
                swap(&mut section.questions, at, up);
                return;
            }
        }
    }

    pub fn move_entry(&mut self, question: u32, list: List, uid: u32, up: bool) {
        if let Some(question) = self.question_mut(question) {
            let entries = question.list_mut(list);
            if let Some(at) = entries.iter().position(|entry| entry.uid == uid) {
                swap(entries, at, up);
            }
        }
    }

    /// A new type; a list it needs and lacks starts with the fewest
    /// entries it can have (two choices; a row and two columns).
    pub fn set_kind(&mut self, uid: u32, kind: Kind) {
        let Some(question) = self.question(uid) else { return };
        let old = question.kind;
        let need = |list: List, fewest: usize| fewest.saturating_sub(question.list(list).len());
        let wanted = match kind {
            _ if kind.has_choices() => vec![(List::Choices, need(List::Choices, 2))],
            Kind::Matrix => vec![
                (List::Rows, need(List::Rows, 1)),
                (List::Columns, need(List::Columns, 2)),
            ],
            _ => Vec::new(),
        };
        for (list, count) in wanted {
            for _ in 0..count {
                self.add_entry(uid, list);
            }
        }
        if let Some(question) = self.question_mut(uid) {
            // The other text type's usual length goes with it.
            if old.is_text() && kind.is_text() && question.max_chars.trim() == old.default_max().to_string() {
                question.max_chars = kind.default_max().to_string();
            }
            question.kind = kind;
        }
    }

    /// The survey's address, as typed.
    pub fn set_slug(&mut self, slug: String) {
        self.slug = slug;
    }

    pub fn set_section_id(&mut self, uid: u32, id: String) {
        if let Some(section) = self.section_mut(uid) {
            section.id = id;
            section.auto_id = false;
        }
    }

    pub fn set_question_id(&mut self, uid: u32, id: String) {
        if let Some(question) = self.question_mut(uid) {
            question.id = id;
            question.auto_id = false;
        }
    }

    pub fn set_entry_id(&mut self, question: u32, list: List, uid: u32, id: String) {
        if let Some(entry) = self.entry_mut(question, list, uid) {
            entry.id = id;
            entry.auto_id = false;
        }
    }

    fn entry_mut(&mut self, question: u32, list: List, uid: u32) -> Option<&mut Entry> {
        self.question_mut(question)?
            .list_mut(list)
            .iter_mut()
            .find(|entry| entry.uid == uid)
    }

    /// A section's title; in English, its proposed id follows.
    pub fn set_section_title(&mut self, uid: u32, locale: Locale, text: String) {
        let number = self
            .sections
            .iter()
            .position(|section| section.uid == uid)
            .map_or(1, |at| at + 1);
        let id = proposed(&text, format!("section-{number}"), |id| {
            self.sections
                .iter()
                .any(|section| section.uid != uid && section.id.trim() == id)
        });
        if let Some(section) = self.section_mut(uid) {
            if locale == Locale::DEFAULT && section.auto_id {
                section.id = id;
            }
            section.title.set(locale, text);
        }
    }

    /// A question's text; in English, its proposed id follows.
    pub fn set_question_text(&mut self, uid: u32, locale: Locale, text: String) {
        let fallback = format!("question-{}", self.question_number(uid));
        let id = proposed(&text, fallback, |id| self.question_id_taken(id, uid));
        if let Some(question) = self.question_mut(uid) {
            if locale == Locale::DEFAULT && question.auto_id {
                question.id = id;
            }
            question.text.set(locale, text);
        }
    }

    /// An entry's label; in English, its proposed id follows.
    pub fn set_entry_label(&mut self, question: u32, list: List, uid: u32, locale: Locale, text: String) {
        let Some(entries) = self.question(question).map(|question| question.list(list)) else {
            return;
        };
        let number = entries.iter().position(|entry| entry.uid == uid).map_or(1, |at| at + 1);
        let id = proposed(&text, format!("{}-{number}", entry_prefix(list)), |id| {
            entries.iter().any(|entry| entry.uid != uid && entry.id.trim() == id)
        });
        if let Some(entry) = self.entry_mut(question, list, uid) {
            if locale == Locale::DEFAULT && entry.auto_id {
                entry.id = id;
            }
            entry.label.set(locale, text);
        }
    }

    /// Which earlier question `uid` depends on (`None`: always shown); the
    /// answers ticked for another question go.
    pub fn set_condition_target(&mut self, uid: u32, target: Option<u32>) {
        if let Some(question) = self.question_mut(uid) {
            question.condition = target.map(|target| Condition {
                question: target,
                any_of: Vec::new(),
            });
        }
    }

    /// Ticks or unticks one answer of the condition.
    pub fn set_match(&mut self, uid: u32, value: Match, ticked: bool) {
        let Some(condition) = self.question_mut(uid).and_then(|question| question.condition.as_mut()) else {
            return;
        };
        condition.any_of.retain(|each| *each != value);
        if ticked {
            condition.any_of.push(value);
        }
    }

    /// The earlier questions whose answers a condition of `uid` can match,
    /// as (uid, number), in order.
    pub fn targets_before(&self, uid: u32) -> Vec<(u32, usize)> {
        self.questions()
            .take_while(|question| question.uid != uid)
            .enumerate()
            .filter(|(_, question)| question.kind.can_be_matched())
            .map(|(at, question)| (question.uid, at + 1))
            .collect()
    }
}

/// Swaps the item at `at` with the one before (`up`) or after it.
fn swap<T>(items: &mut [T], at: usize, up: bool) {
    let other = match up {
        true => at.checked_sub(1),
        false => Some(at + 1).filter(|other| *other < items.len()),
    };
    if let Some(other) = other {
        items.swap(at, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_proposed_from_words_as_lowercase_words_joined_by_hyphens() {
        assert_eq!(slugify("How do you get to work?"), "how-do-you-get-to-work");
        assert_eq!(slugify("  Vélo, à pied & Œuvre "), "velo-a-pied-oeuvre");
        assert_eq!(slugify("كيف تأتي؟"), "");
        assert_eq!(
            slugify("Which of these improvements would make cycling in town safer for you?"),
            "which-of-these-improvements-would-make"
        );
        assert_eq!(
            unique("bike".to_owned(), |id| ["bike", "bike-2"].contains(&id)),
            "bike-3"
        );
    }

    #[test]
    fn ids_follow_the_english_words_until_typed_by_hand() {
        let mut draft = Draft::new();
        let section = draft.sections[0].uid;
        let first = draft.sections[0].questions[0].uid;
        assert_eq!(draft.sections[0].id, "section-1");
        assert_eq!(draft.question(first).unwrap().id, "question-1");
        draft.set_question_text(first, Locale::DEFAULT, "Do you cycle?".to_owned());
        draft.set_question_text(first, Locale::Fr, "Faites-vous du vélo ?".to_owned());
        assert_eq!(draft.question(first).unwrap().id, "do-you-cycle");
        let second = draft.add_question(section).unwrap();
        draft.set_question_text(second, Locale::DEFAULT, "Do you cycle".to_owned());
        assert_eq!(draft.question(second).unwrap().id, "do-you-cycle-2", "unique");
        draft.set_question_id(second, "often".to_owned());
        draft.set_question_text(second, Locale::DEFAULT, "How often?".to_owned());
        assert_eq!(draft.question(second).unwrap().id, "often");
    }

    #[test]
    fn a_choice_type_starts_with_two_choices_and_conditions_forget_what_is_gone() {
        let mut draft = Draft::new();
        let section = draft.sections[0].uid;
        let first = draft.sections[0].questions[0].uid;
        draft.set_kind(first, Kind::SingleChoice);
        let choices: Vec<String> = draft
            .question(first)
            .unwrap()
            .choices
            .iter()
            .map(|c| c.id.clone())
            .collect();
        assert_eq!(choices, ["choice-1", "choice-2"]);
        let yes = draft.question(first).unwrap().choices[0].uid;
        let second = draft.add_question(section).unwrap();
        assert_eq!(draft.targets_before(second), [(first, 1)]);
        assert_eq!(draft.targets_before(first), []);
        draft.set_condition_target(second, Some(first));
        draft.set_match(second, Match::Choice(yes), true);
        draft.remove_entry(first, List::Choices, yes);
        assert_eq!(draft.question(second).unwrap().condition.as_ref().unwrap().any_of, []);
        draft.remove_question(first);
        assert_eq!(draft.question(second).unwrap().condition, None);
        draft.set_kind(second, Kind::Matrix);
        let question = draft.question(second).unwrap();
        assert_eq!((question.rows.len(), question.columns.len()), (1, 2));
    }

    #[test]
    fn moving_stops_at_either_end() {
        let mut draft = Draft::new();
        let first = draft.sections[0].uid;
        let second = draft.add_section();
        draft.move_section(first, true);
        assert_eq!(draft.sections[0].uid, first);
        draft.move_section(first, false);
        assert_eq!(
            draft.sections.iter().map(|s| s.uid).collect::<Vec<_>>(),
            [second, first]
        );
        draft.move_section(first, false);
        assert_eq!(draft.sections[1].uid, first);
    }
}
