//! Petitions the tests control: the repository's pages beside three
//! petitions written here (one open with an image in three languages, one
//! open in English and French only, one closed), and helpers to sign them.

use std::path::{Path, PathBuf};

use civic_api::petition::{Confirmation, PetitionCount, SignRequest, TokenRequest};
use civic_api::{Locale, paths};
use reqwest::Response;
use reqwest::header::CONTENT_TYPE;
use serde::Serialize;

use crate::fixture::CONTENT_DIR;
use crate::helpers::{Setup, TestApp, setup};

pub const OPEN: &str = "clean-air";
pub const ENGLISH_FRENCH: &str = "open-data";
pub const CLOSED: &str = "old-park";

const CLEAN_AIR: &str = "goal = 10\nopened_on = \"2026-10-01\"\nclosed = false\n\
    image = \"/images/petitions/clean-air.jpg\"\nimage_width = 1200\nimage_height = 630\n";
const OPEN_DATA: &str = "goal = 500\nopened_on = \"2026-09-01\"\n";
const OLD_PARK: &str = "goal = 100\nopened_on = \"2026-12-01\"\nclosed = true\n";

fn text(title: &str, summary: &str, addressed_to: &str, alt: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"{summary}\"\naddressed_to = \"{addressed_to}\"\nimage_alt = \"{alt}\"\n+++\n{body}\n"
    )
}

/// Writes the fixture content into `dir/content` and returns that folder.
pub fn write_content(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    let petitions = content.join("petitions");
    std::fs::create_dir_all(&petitions).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(Path::new(CONTENT_DIR).join("pages"), content.join("pages")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        Path::new(CONTENT_DIR).join("donations.toml"),
        content.join("donations.toml"),
    )
    .unwrap();
    let files = [
        ("clean-air/petition.toml", CLEAN_AIR.to_owned()),
        (
            "clean-air/en.md",
            text(
                "Clean air near schools",
                "Cleaner air where children learn.",
                "The Mayor",
                "A school yard",
                "We ask for **clean air**.",
            ),
        ),
        (
            "clean-air/fr.md",
            text(
                "De l'air pur près des écoles",
                "Un air plus pur là où les enfants apprennent.",
                "La maire",
                "Une cour d'école",
                "Nous demandons de l'air pur.",
            ),
        ),
        (
            "clean-air/es.md",
            text(
                "Aire limpio cerca de las escuelas",
                "Aire más limpio donde aprenden los niños.",
                "La alcaldesa",
                "Un patio escolar",
                "Pedimos aire limpio.",
            ),
        ),
        ("open-data/petition.toml", OPEN_DATA.to_owned()),
        (
            "open-data/en.md",
            text(
                "Open data",
                "Publish the city's data.",
                "The Council",
                "",
                "Publish it.",
            ),
        ),
        (
            "open-data/fr.md",
            text(
                "Données ouvertes",
                "Publiez les données de la ville.",
                "Le conseil",
                "",
                "Publiez-les.",
            ),
        ),
        ("old-park/petition.toml", OLD_PARK.to_owned()),
        (
            "old-park/en.md",
            text(
                "Save the old park",
                "Keep the park green.",
                "The Council",
                "",
                "Keep it.",
            ),
        ),
        (
            "old-park/fr.md",
            text(
                "Sauvons le vieux parc",
                "Gardons le parc vert.",
                "Le conseil",
                "",
                "Gardons-le.",
            ),
        ),
        (
            "old-park/es.md",
            text(
                "Salvemos el parque",
                "Mantengamos el parque verde.",
                "El concejo",
                "",
                "Mantengámoslo.",
            ),
        ),
    ];
    for (path, source) in files {
        let path = petitions.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, source).unwrap();
    }
    content
}

pub fn petitions_setup() -> Setup {
    let mut setup = setup();
    setup.config.content = write_content(setup.dir());
    setup
}

pub async fn spawn_petitions_app() -> TestApp {
    petitions_setup().spawn().await
}

pub fn idempotency_key() -> String {
    format!("sign-{:016x}{:016x}", rand::random::<u64>(), rand::random::<u64>())
}

pub fn sign_request(name: &str, email: &str, country: &str, locale: Locale) -> SignRequest {
    SignRequest {
        idempotency_key: idempotency_key(),
        locale: Some(locale),
        name: name.into(),
        email: email.into(),
        country: country.into(),
        ..SignRequest::default()
    }
}

/// The `t` parameter of a link from a mail.
pub fn token_of(link: &str) -> String {
    link.split_once("?t=")
        .map(|(_, token)| token.to_owned())
        .expect("a link with ?t=")
}

impl TestApp {
    pub async fn post_json(&self, path: &str, body: &impl Serialize) -> Response {
        self.client
            .post(self.url(path))
            .header(CONTENT_TYPE, "application/json")
            .body(serde_json::to_string(body).unwrap())
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn sign(&self, slug: &str, request: &SignRequest) -> Response {
        self.post_json(&format!("/api/petitions/{slug}/signatures"), request)
            .await
    }

    pub async fn confirm(&self, token: &str) -> Response {
        self.post_json(paths::SIGNATURE_CONFIRM, &TokenRequest { token: token.into() })
            .await
    }

    pub async fn signer(&self, slug: &str, token: &str) -> Response {
        self.post_json(
            &format!("/api/petitions/{slug}/signer"),
            &TokenRequest { token: token.into() },
        )
        .await
    }

    pub async fn count(&self, slug: &str) -> PetitionCount {
        let response = self.get(&format!("/api/petitions/{slug}/count")).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// The confirm token of the newest confirmation mail to `email`.
    pub async fn confirm_token_for(&self, email: &str) -> String {
        token_of(&self.link_in_latest_mail_to(email, "/confirm-signature?t=").await)
    }

    /// Signs without a token, confirms from the mail, returns the answer.
    pub async fn sign_and_confirm(&self, slug: &str, request: &SignRequest) -> Confirmation {
        assert_eq!(self.sign(slug, request).await.status(), 202);
        let token = self.confirm_token_for(&request.email).await;
        let response = self.confirm(&token).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }

    pub async fn stored_count(&self, slug: &str) -> i64 {
        sqlx::query_scalar("SELECT signature_count FROM petitions WHERE slug = $1")
            .bind(slug)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}
