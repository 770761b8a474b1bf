//! `GET /api/statistics`: the public figures, what they leave out and how
//! they are cached.

use civic_api::Country;
use civic_api::analytics::{
    COUNTRY_THRESHOLD, ConsentRates, EventKind, Funnel, NetworkCount, PathCount, STATISTICS_DAYS, Statistics,
};
use civic_api::consent::{Choices, ConsentLogRequest, PrivacySignal};
use civic_api::paths;
use civic_api::petition::CountryCount;
use civic_api::share::Network;
use time::macros::format_description;
use time::{Duration, OffsetDateTime};

use crate::analytics::{PETITION, event, today};
use crate::consent::decision;
use crate::helpers::{TestApp, spawn_app};

impl TestApp {
    pub async fn statistics(&self) -> Statistics {
        let response = self.get(paths::STATISTICS).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn store_count(&self, day: &str, event: &str, path: &str, country: &str, count: i64) {
        sqlx::query(
            "INSERT INTO analytics_daily (day, event, path, network, country, count) VALUES ($1, $2, $3, '', $4, $5)",
        )
        .bind(day)
        .bind(event)
        .bind(path)
        .bind(country)
        .bind(count)
        .execute(&self.pool)
        .await
        .unwrap();
    }
}

fn days_ago(days: i64) -> String {
    (OffsetDateTime::now_utc().date() - Duration::days(days))
        .format(format_description!("[year]-[month]-[day]"))
        .unwrap()
}

#[tokio::test]
async fn an_empty_site_has_thirty_zero_days_and_a_one_minute_cache() {
    let app = spawn_app().await;

    let response = app.get(paths::STATISTICS).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    let statistics: Statistics = response.json().await.unwrap();
    assert_eq!(statistics.page_views.len(), STATISTICS_DAYS as usize);
    assert!(statistics.page_views.iter().all(|day| day.count == 0));
    assert_eq!(statistics.to, today());
    assert_eq!(statistics.from, days_ago(i64::from(STATISTICS_DAYS) - 1));
    assert_eq!(
        statistics.page_views.first().map(|d| d.day.as_str()),
        Some(statistics.from.as_str())
    );
    assert_eq!(
        statistics.page_views.last().map(|d| d.day.as_str()),
        Some(statistics.to.as_str())
    );
    assert!(statistics.top_pages.is_empty() && statistics.shares.is_empty());
    assert!(statistics.page_views_by_country.is_empty() && statistics.signatures_by_country.is_empty());
    assert_eq!(statistics.page_views_other_countries, 0);
    assert_eq!(statistics.funnel, Funnel::default());
    assert_eq!(statistics.consent, ConsentRates::default());
}

#[tokio::test]
async fn recorded_events_and_decisions_show_up_in_the_statistics() {
    let app = spawn_app().await;
    let events = [
        event(EventKind::PageView, "/", None),
        event(EventKind::PageView, "/", None),
        event(EventKind::PageView, "/fr/about", None),
        event(EventKind::Share, PETITION, Some(Network::X)),
        event(EventKind::Share, PETITION, Some(Network::Mastodon)),
        event(
            EventKind::Share,
            "/fr/petitions/clean-air-near-schools",
            Some(Network::Mastodon),
        ),
        event(EventKind::PetitionViewed, PETITION, None),
        event(EventKind::PetitionViewed, PETITION, None),
        event(EventKind::PetitionSigned, PETITION, None),
        event(EventKind::PetitionConfirmed, PETITION, None),
    ];
    for request in &events {
        assert_eq!(app.post_event(request).await.status(), 204);
    }
    let revision = app.policy_revision().await;
    let decisions = [
        decision(Choices::ALL_ACCEPTED, revision),
        decision(Choices::ALL_REJECTED, revision),
        ConsentLogRequest {
            signal: Some(PrivacySignal::GlobalPrivacyControl),
            ..decision(Choices::ALL_ACCEPTED, revision)
        },
    ];
    for request in &decisions {
        assert_eq!(app.post_consent(request).await.status(), 204);
    }

    let statistics = app.statistics().await;

    assert_eq!(statistics.page_views.last().map(|day| day.count), Some(3));
    assert_eq!(
        statistics.top_pages,
        [
            PathCount {
                path: "/".into(),
                count: 2
            },
            PathCount {
                path: "/fr/about".into(),
                count: 1
            }
        ]
    );
    assert_eq!(
        statistics.shares,
        [
            NetworkCount {
                network: Network::Mastodon,
                count: 2
            },
            NetworkCount {
                network: Network::X,
                count: 1
            }
        ]
    );
    assert_eq!(
        statistics.funnel,
        Funnel {
            viewed: 2,
            signed: 1,
            confirmed: 1
        }
    );
    assert_eq!(
        statistics.consent,
        ConsentRates {
            decisions: 3,
            preferences: 2,
            analytics: 1,
            external_media: 1,
            rejected_all: 1,
            with_signal: 1,
        }
    );
    assert_eq!(statistics.page_views_other_countries, 3, "no proxy named a country");
}

#[tokio::test]
async fn days_outside_the_period_are_left_out_and_quiet_days_are_zero() {
    let app = spawn_app().await;
    app.store_count(&days_ago(3), "page_view", "/", "", 5).await;
    app.store_count(&days_ago(i64::from(STATISTICS_DAYS)), "page_view", "/", "", 100)
        .await;

    let statistics = app.statistics().await;

    let counts: Vec<u64> = statistics.page_views.iter().map(|day| day.count).collect();
    assert_eq!(counts.iter().sum::<u64>(), 5);
    assert_eq!(counts[counts.len() - 4], 5);
    assert_eq!(
        statistics.top_pages,
        [PathCount {
            path: "/".into(),
            count: 5
        }]
    );
}

#[tokio::test]
async fn countries_below_the_threshold_are_only_counted_among_other_countries() {
    let app = spawn_app().await;
    let rare = i64::try_from(COUNTRY_THRESHOLD).unwrap() - 1;
    app.store_count(&today(), "page_view", "/", "FR", 8).await;
    app.store_count(&days_ago(1), "page_view", "/fr/about", "FR", 4).await;
    app.store_count(&today(), "page_view", "/", "IS", rare).await;
    app.store_count(&today(), "page_view", "/", "", 4).await;
    app.store_count(&today(), "petition_viewed", PETITION, "LI", 50).await;

    let statistics = app.statistics().await;

    let france = Country::parse("FR").unwrap();
    assert_eq!(
        statistics.page_views_by_country,
        [CountryCount {
            country: france,
            count: 12
        }]
    );
    assert_eq!(statistics.page_views_other_countries, u64::try_from(rare).unwrap() + 4);
}

#[tokio::test]
async fn confirmed_signatures_are_shown_by_country_for_every_petition_together() {
    let app = spawn_app().await;
    let store = |slug: &'static str, country: &'static str, signatures: i64| {
        let pool = app.pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO petition_country_counts (petition_id, country, signatures)
                 SELECT id, $2, $3 FROM petitions WHERE slug = $1",
            )
            .bind(slug)
            .bind(country)
            .bind(signatures)
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    store("clean-air-near-schools", "FR", 3).await;
    store("right-to-protest", "FR", 2).await;
    store("right-to-protest", "ES", 4).await;
    store("right-to-protest", "DE", 0).await;

    let statistics = app.statistics().await;

    let country = |code: &str| Country::parse(code).unwrap();
    assert_eq!(
        statistics.signatures_by_country,
        [
            CountryCount {
                country: country("FR"),
                count: 5
            },
            CountryCount {
                country: country("ES"),
                count: 4
            }
        ]
    );
}

#[tokio::test]
async fn staff_see_each_petition_s_funnel_in_every_language_together_and_the_sources_of_signatures() {
    let app = crate::petitions_fixture::spawn_petitions_app().await;
    let today = days_ago(0);
    for (path, event, count) in [
        ("/petitions/clean-air", "petition_viewed", 30),
        ("/fr/petitions/clean-air", "petition_viewed", 12),
        ("/fr/petitions/clean-air", "petition_signed", 5),
        ("/petitions/open-data", "petition_viewed", 7),
        ("/petitions/gone-petition", "petition_viewed", 2),
        ("/about", "page_view", 99),
    ] {
        app.store_count(&today, event, path, "", count).await;
    }
    app.store_count(&days_ago(40), "petition_viewed", "/petitions/clean-air", "", 1000)
        .await;
    let mut flyer =
        crate::petitions_fixture::sign_request("Ada Lovelace", "ada@example.org", "GB", civic_api::Locale::En);
    flyer.source = Some("flyer".to_owned());
    app.sign_and_confirm("clean-air", &flyer).await;
    app.sign_and_confirm(
        "clean-air",
        &crate::petitions_fixture::sign_request("Bo Direct", "bo@example.org", "FR", civic_api::Locale::Fr),
    )
    .await;

    // Staff only: a visitor gets 401; the public page shows none of it.
    assert_eq!(app.get(paths::STAFF_STATISTICS).await.status(), 401);
    let cookie =
        crate::passkeys::staff_with_passkey(&app, "eve.editor@example.org", civic_api::account::Role::Editor).await;
    let response = crate::accounts::get_with_cookie(&app, paths::STAFF_STATISTICS, &cookie).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let staff: civic_api::analytics::StaffStatistics = response.json().await.unwrap();
    let slugs: Vec<&str> = staff
        .funnel_by_petition
        .iter()
        .map(|petition| petition.slug.as_str())
        .collect();
    assert_eq!(
        slugs,
        ["clean-air", "open-data", "gone-petition"],
        "most viewed first, other pages left out"
    );
    let titles: Vec<&str> = staff
        .funnel_by_petition
        .iter()
        .map(|petition| petition.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Clean air near schools", "Open data", ""],
        "named in English; a petition no longer stored by its address alone"
    );
    assert_eq!(
        staff.funnel_by_petition[0].funnel,
        Funnel {
            viewed: 42,
            signed: 5,
            confirmed: 0
        },
        "both languages together, the period only"
    );
    let sources: Vec<(&str, u64)> = staff
        .sources
        .iter()
        .map(|source| (source.source.as_str(), source.count))
        .collect();
    assert_eq!(sources, [("direct", 1), ("flyer", 1)]);
    assert_eq!(
        staff.public.funnel,
        app.statistics().await.funnel,
        "the public figures are the same"
    );
}
