//! Surveys the tests control: the repository's pages beside two surveys
//! written here (a public one with every type of question in English and
//! French, and a private one in English only), and a way to store
//! responses without the submit route.

use std::path::{Path, PathBuf};

use crate::fixture::CONTENT_DIR;
use crate::helpers::{Setup, TestApp, setup};

pub const PUBLIC: &str = "our-streets";
pub const PRIVATE: &str = "staff-only";

pub const STREETS_STRUCTURE: &str = r#"
opened_on = "2026-11-01"
results = "public"

[[sections]]
id = "travel"

[[sections.questions]]
id = "transport"
type = "single_choice"
required = true
choices = ["walk", "bike", "car"]

[[sections.questions]]
id = "why-car"
type = "long_text"
show_if = { question = "transport", any_of = ["car"] }

[[sections.questions]]
id = "safe"
type = "yes_no"

[[sections.questions]]
id = "priorities"
type = "multiple_choice"
choices = ["trees", "benches", "lights"]
max = 2

[[sections.questions]]
id = "district"
type = "dropdown"
choices = ["north", "south"]

[[sections]]
id = "ratings"

[[sections.questions]]
id = "satisfaction"
type = "rating"

[[sections.questions]]
id = "recommend"
type = "scale"

[[sections.questions]]
id = "streets"
type = "matrix"
rows = ["safety", "noise"]
columns = ["poor", "good"]

[[sections.questions]]
id = "name-a-street"
type = "short_text"
"#;

pub const STREETS_EN: &str = r#"
title = "Our streets"
summary = "How you get around, and what would make it better."
thanks = "Thank you!"

[sections.travel]
title = "Getting around"
intro = "About your usual trips."

[sections.ratings]
title = "Your street"

[questions.transport]
text = "How do you usually travel?"
help = "Pick the one you use most."
choices = { walk = "Walk, mostly", bike = "By bike", car = 'By "car"' }

[questions.why-car]
text = "Why the car?"

[questions.safe]
text = "Do you feel safe?"

[questions.priorities]
text = "What should we ask for?"
choices = { trees = "Trees", benches = "Benches", lights = "Lights" }

[questions.district]
text = "Where do you live?"
choices = { north = "North", south = "South" }

[questions.satisfaction]
text = "How happy are you with your street?"
low = "Not at all"
high = "Very"

[questions.recommend]
text = "Would you recommend your street?"
low = "Never"
high = "Certainly"

[questions.streets]
text = "Rate your street"
rows = { safety = "Safety", noise = "Noise" }
columns = { poor = "Poor", good = "Good" }

[questions.name-a-street]
text = "Which street needs help most?"
"#;

pub const STREETS_FR: &str = r#"
title = "Nos rues"
summary = "Comment vous vous déplacez, et ce qui l'améliorerait."
thanks = "Merci !"

[sections.travel]
title = "Se déplacer"

[sections.ratings]
title = "Votre rue"

[questions.transport]
text = "Comment vous déplacez-vous d'habitude ?"
choices = { walk = "À pied, surtout", bike = "À vélo", car = "En voiture" }

[questions.why-car]
text = "Pourquoi la voiture ?"

[questions.safe]
text = "Vous sentez-vous en sécurité ?"

[questions.priorities]
text = "Que devons-nous demander ?"
choices = { trees = "Des arbres", benches = "Des bancs", lights = "De l'éclairage" }

[questions.district]
text = "Où habitez-vous ?"
choices = { north = "Nord", south = "Sud" }

[questions.satisfaction]
text = "Êtes-vous satisfait de votre rue ?"
low = "Pas du tout"
high = "Très"

[questions.recommend]
text = "Recommanderiez-vous votre rue ?"
low = "Jamais"
high = "Certainement"

[questions.streets]
text = "Notez votre rue"
rows = { safety = "Sécurité", noise = "Bruit" }
columns = { poor = "Mauvais", good = "Bon" }

[questions.name-a-street]
text = "Quelle rue a le plus besoin d'aide ?"
"#;

pub const STAFF_STRUCTURE: &str = r#"
opened_on = "2026-10-01"
closed = true
results = "private"

[[sections]]
id = "only"

[[sections.questions]]
id = "happy"
type = "yes_no"
"#;

pub const STAFF_EN: &str = r#"
title = "Staff check-in"
summary = "For the team."
thanks = "Thanks."

[sections.only]
title = "Check-in"

[questions.happy]
text = "Are you happy?"
"#;

/// Writes `files` (paths under `surveys/`) into `dir/content`, beside the
/// repository's pages, and returns that folder.
pub fn write_surveys(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
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
    for (path, source) in files {
        let path = surveys.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, source).unwrap();
    }
    content
}

pub fn fixture_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("our-streets/survey.toml", STREETS_STRUCTURE),
        ("our-streets/en.toml", STREETS_EN),
        ("our-streets/fr.toml", STREETS_FR),
        ("staff-only/survey.toml", STAFF_STRUCTURE),
        ("staff-only/en.toml", STAFF_EN),
    ]
}

pub fn surveys_setup() -> Setup {
    let mut setup = setup();
    setup.config.content = write_surveys(setup.dir(), &fixture_files());
    setup
}

pub async fn spawn_surveys_app() -> TestApp {
    surveys_setup().spawn().await
}

impl TestApp {
    /// Stores a response as the submit route would once it is valid (and,
    /// for `pending`, before its e-mailed link is followed).
    pub async fn store_response(&self, slug: &str, state: &str, answers: serde_json::Value) {
        let survey_id: i64 = sqlx::query_scalar("SELECT id FROM surveys WHERE slug = $1")
            .bind(slug)
            .fetch_one(&self.pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO survey_responses (survey_id, idempotency_key, answers, state, person_key, submitted_on)
             VALUES ($1, $2, $3, $4, $5, '2026-11-30')",
        )
        .bind(survey_id)
        .bind(format!("test-{:032x}", rand::random::<u128>()))
        .bind(answers.to_string())
        .bind(state)
        .bind((state == "pending").then(|| format!("{:064x}", rand::random::<u128>())))
        .execute(&self.pool)
        .await
        .unwrap();
    }
}
