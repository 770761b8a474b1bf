//! Surveys the answer tests control, one per limit plus a closed one, beside
//! the repository's pages, and typed calls to answer and confirm them.

use std::path::{Path, PathBuf};

use civic_api::petition::TokenRequest;
use civic_api::survey::{Answer, Answers, ResponseRequest};
use civic_api::{Locale, Slug, paths};
use reqwest::Response;

use crate::fixture::CONTENT_DIR;
use crate::helpers::{Setup, TestApp, setup};

/// Anonymous: a required choice, a question shown only for one choice, a
/// rating, ticks with a maximum, and short and very long texts.
pub const ANONYMOUS: &str = "street-poll";
/// One answer per confirmed address; written in English and French.
pub const BY_EMAIL: &str = "members-vote";
/// One answer per invitation.
pub const BY_INVITATION: &str = "board-survey";
pub const CLOSED: &str = "old-poll";

const STREET_POLL: &str = r#"opened_on = "2026-11-20"
results = "public"
limit = "anonymous"
[[sections]]
id = "street"
[[sections.questions]]
id = "transport"
type = "single_choice"
required = true
choices = ["walk", "bike", "car"]
[[sections.questions]]
id = "why-car"
type = "short_text"
show_if = { question = "transport", any_of = ["car"] }
[[sections.questions]]
id = "safety"
type = "rating"
[[sections.questions]]
id = "priorities"
type = "multiple_choice"
choices = ["trees", "benches", "lights"]
max = 2
[[sections.questions]]
id = "comment"
type = "short_text"
max_chars = 20
[[sections.questions]]
id = "story"
type = "long_text"
max_chars = 5000
"#;

const STREET_POLL_EN: &str = r#"title = "Our street"
summary = "How you get around."
thanks = "Thank you."
[sections.street]
title = "Your street"
[questions.transport]
text = "How do you get around?"
choices = { walk = "On foot", bike = "By bike", car = "By car" }
[questions.why-car]
text = "Why the car?"
[questions.safety]
text = "How safe is your street?"
low = "Not at all"
high = "Completely"
[questions.priorities]
text = "What should come first?"
choices = { trees = "Trees", benches = "Benches", lights = "Lights" }
[questions.comment]
text = "Anything else?"
[questions.story]
text = "Tell us a story."
"#;

fn one_question(limit: &str, closed: bool) -> String {
    format!(
        "opened_on = \"2026-11-21\"\nclosed = {closed}\nresults = \"private\"\nlimit = \"{limit}\"\n\
         [[sections]]\nid = \"vote\"\n[[sections.questions]]\nid = \"choice\"\ntype = \"yes_no\"\nrequired = true\n"
    )
}

fn one_question_texts(title: &str, question: &str) -> String {
    format!(
        "title = \"{title}\"\nsummary = \"{title}.\"\nthanks = \"Thanks.\"\n\
         [sections.vote]\ntitle = \"{title}\"\n[questions.choice]\ntext = \"{question}\"\n"
    )
}

/// Writes the fixture content into `dir/content` and returns that folder.
pub fn write_content(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    let surveys = content.join("surveys");
    std::fs::create_dir_all(&surveys).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(Path::new(CONTENT_DIR).join("pages"), content.join("pages")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        Path::new(CONTENT_DIR).join("donations.toml"),
        content.join("donations.toml"),
    )
    .unwrap();
    let files = [
        ("street-poll/survey.toml", STREET_POLL.to_owned()),
        ("street-poll/en.toml", STREET_POLL_EN.to_owned()),
        ("members-vote/survey.toml", one_question("email", false)),
        (
            "members-vote/en.toml",
            one_question_texts("Members' vote", "Should we merge?"),
        ),
        (
            "members-vote/fr.toml",
            one_question_texts("Vote des membres", "Faut-il fusionner ?"),
        ),
        ("board-survey/survey.toml", one_question("invitation", false)),
        (
            "board-survey/en.toml",
            one_question_texts("Board survey", "Should we meet monthly?"),
        ),
        ("old-poll/survey.toml", one_question("anonymous", true)),
        ("old-poll/en.toml", one_question_texts("Old poll", "Was it good?")),
    ];
    for (path, source) in files {
        let path = surveys.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, source).unwrap();
    }
    content
}

pub fn surveys_setup() -> Setup {
    let mut setup = setup();
    setup.config.content = write_content(setup.dir());
    setup
}

pub async fn spawn_surveys_app() -> TestApp {
    surveys_setup().spawn().await
}

pub fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

pub fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs.iter().map(|(id, answer)| (slug(id), answer.clone())).collect()
}

pub fn choice(id: &str) -> Answer {
    Answer::Choice(slug(id))
}

/// An answer to `street-poll` that passes, with a fresh idempotency key.
pub fn street_answer() -> ResponseRequest {
    request(answers(&[("transport", choice("bike")), ("safety", Answer::Number(4))]))
}

/// The one required yes/no of the other surveys, answered.
pub fn vote(email: Option<&str>, invitation: Option<&str>) -> ResponseRequest {
    ResponseRequest {
        email: email.map(str::to_owned),
        invitation: invitation.map(str::to_owned),
        ..request(answers(&[("choice", Answer::YesNo(true))]))
    }
}

pub fn request(answers: Answers) -> ResponseRequest {
    ResponseRequest {
        idempotency_key: format!("survey-{:016x}{:016x}", rand::random::<u64>(), rand::random::<u64>()),
        locale: Some(Locale::En),
        answers,
        email: None,
        invitation: None,
        website: String::new(),
    }
}

/// What `survey_responses` holds, for the checks: (state, person_key).
pub type StoredResponse = (String, Option<String>);

impl TestApp {
    pub async fn answer(&self, slug: &str, request: &ResponseRequest) -> Response {
        self.post_json(
            &paths::survey_responses(&crate::survey_responses_fixture::slug(slug)),
            request,
        )
        .await
    }

    pub async fn confirm_response(&self, token: &str) -> Response {
        self.post_json(paths::SURVEY_RESPONSE_CONFIRM, &TokenRequest { token: token.into() })
            .await
    }

    pub async fn responses(&self, slug: &str) -> Vec<StoredResponse> {
        sqlx::query_as(
            "SELECT r.state, r.person_key FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
             WHERE s.slug = $1 ORDER BY r.id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }

    pub async fn all_responses(&self) -> i64 {
        self.scalar("SELECT COUNT(*) FROM survey_responses").await
    }
}
