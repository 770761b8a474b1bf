//! First-party statistics: the events the SPA reports (with the visitor's
//! consent) and the aggregate figures anyone can read. Nothing here names a
//! person, a browser or an address.

use serde::{Deserialize, Serialize};

use crate::petition::CountryCount;
use crate::share::Network;
use crate::{FieldError, FieldErrors, SiteRoute, Target};

/// The public statistics cover this many days, today included.
pub const STATISTICS_DAYS: u32 = 30;
/// Countries with fewer page views than this in the period are shown only
/// inside "other countries", so a rare visitor's country does not stand out.
pub const COUNTRY_THRESHOLD: u64 = 10;

/// What happened.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    PageView,
    /// A share button was used; `network` says which.
    Share,
    /// The petition funnel, on the petition's own path.
    PetitionViewed,
    PetitionSigned,
    PetitionConfirmed,
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [
        EventKind::PageView,
        EventKind::Share,
        EventKind::PetitionViewed,
        EventKind::PetitionSigned,
        EventKind::PetitionConfirmed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::PageView => "page_view",
            EventKind::Share => "share",
            EventKind::PetitionViewed => "petition_viewed",
            EventKind::PetitionSigned => "petition_signed",
            EventKind::PetitionConfirmed => "petition_confirmed",
        }
    }

    pub fn parse(input: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|kind| kind.as_str() == input)
    }

    fn needs_petition(self) -> bool {
        matches!(
            self,
            EventKind::PetitionViewed | EventKind::PetitionSigned | EventKind::PetitionConfirmed
        )
    }
}

/// `POST /api/analytics/events`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRequest {
    pub kind: EventKind,
    /// The canonical path of the page (`/fr/petitions/clean-air`): no query,
    /// no fragment, so no token or campaign code can ride along.
    pub path: String,
    /// Only with `share`.
    #[serde(default)]
    pub network: Option<Network>,
}

/// An event whose fields have been checked. The server still checks that the
/// page exists before counting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    pub route: SiteRoute,
    pub network: Option<Network>,
}

impl Event {
    /// The canonical path it is counted under.
    pub fn path(&self) -> String {
        self.route.path()
    }
}

impl EventRequest {
    pub fn validate(&self) -> Result<Event, FieldErrors> {
        let mut errors = FieldErrors::new();
        let route = SiteRoute::resolve(&self.path).filter(|route| route.path() == self.path);
        match &route {
            None => {
                errors.insert("path".to_owned(), FieldError::Invalid);
            }
            Some(route) if self.kind.needs_petition() && !matches!(route.target, Target::Petition(_)) => {
                errors.insert("path".to_owned(), FieldError::Invalid);
            }
            Some(_) => {}
        }
        match (self.kind, self.network) {
            (EventKind::Share, None) => {
                errors.insert("network".to_owned(), FieldError::Required);
            }
            (EventKind::Share, Some(_)) | (_, None) => {}
            (_, Some(_)) => {
                errors.insert("network".to_owned(), FieldError::Invalid);
            }
        }
        match route {
            Some(route) if errors.is_empty() => Ok(Event {
                kind: self.kind,
                route,
                network: self.network,
            }),
            _ => Err(errors),
        }
    }
}

/// One day's count (`day` is `YYYY-MM-DD`, UTC).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: String,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathCount {
    pub path: String,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkCount {
    pub network: Network,
    pub count: u64,
}

/// Petition funnel totals over the period, every petition together.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Funnel {
    pub viewed: u64,
    pub signed: u64,
    pub confirmed: u64,
}

/// Consent decisions logged in the period (a change of mind counts again).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ConsentRates {
    pub decisions: u64,
    pub preferences: u64,
    pub analytics: u64,
    pub external_media: u64,
    /// Every optional category refused.
    pub rejected_all: u64,
    /// Decisions from browsers that sent Global Privacy Control or Do Not Track.
    pub with_signal: u64,
}

/// `GET /api/statistics`: everything the site counts, for the public
/// transparency page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    /// First and last day covered, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    /// Every day of the period, oldest first, zero days included.
    pub page_views: Vec<DayCount>,
    /// Most viewed first, at most 10.
    pub top_pages: Vec<PathCount>,
    /// Most used first; networks never used are left out.
    pub shares: Vec<NetworkCount>,
    pub funnel: Funnel,
    /// Countries at or above `COUNTRY_THRESHOLD`, most first.
    pub page_views_by_country: Vec<CountryCount>,
    /// Page views whose country is below the threshold or unknown.
    pub page_views_other_countries: u64,
    /// Confirmed signatures of every petition, by country, most first (all
    /// time: the same figures each petition page publishes).
    pub signatures_by_country: Vec<CountryCount>,
    pub consent: ConsentRates,
}

/// One petition's funnel in the period, for staff: its page seen, the
/// sign form sent, the address confirmed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionFunnel {
    pub slug: crate::Slug,
    /// Its English title (empty for a petition no longer stored), so the
    /// console names it however it was reached.
    #[serde(default)]
    pub title: String,
    pub funnel: Funnel,
}

/// Confirmed signatures of the period by the `?source=` they came from
/// (`direct` for none), every petition together.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceTotal {
    pub source: String,
    pub count: u64,
}

/// `GET /api/staff/statistics`: the public statistics and what only staff
/// see: the funnel of each petition and where signatures came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffStatistics {
    pub public: Statistics,
    /// Most viewed first.
    pub funnel_by_petition: Vec<PetitionFunnel>,
    /// Most first.
    pub sources: Vec<SourceTotal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: EventKind, path: &str, network: Option<Network>) -> EventRequest {
        EventRequest {
            kind,
            path: path.to_owned(),
            network,
        }
    }

    #[test]
    fn page_views_take_canonical_paths_only() {
        assert!(request(EventKind::PageView, "/fr/about", None).validate().is_ok());
        assert!(request(EventKind::PageView, "/", None).validate().is_ok());
        for path in [
            "/about/",
            "/about?t=p.secret",
            "/about#x",
            "https://evil.example/",
            "/en/about",
            "",
        ] {
            let errors = request(EventKind::PageView, path, None).validate().unwrap_err();
            assert_eq!(errors.get("path"), Some(&FieldError::Invalid), "{path}");
        }
    }

    #[test]
    fn funnel_events_name_a_petition() {
        assert!(
            request(EventKind::PetitionSigned, "/petitions/clean-air", None)
                .validate()
                .is_ok()
        );
        assert!(
            request(EventKind::PetitionViewed, "/campaigns", None)
                .validate()
                .is_err()
        );
    }

    #[test]
    fn a_network_goes_with_shares_and_nothing_else() {
        let share = request(EventKind::Share, "/petitions/clean-air", Some(Network::Mastodon));
        assert_eq!(share.validate().unwrap().network, Some(Network::Mastodon));
        let missing = request(EventKind::Share, "/", None).validate().unwrap_err();
        assert_eq!(missing.get("network"), Some(&FieldError::Required));
        let extra = request(EventKind::PageView, "/", Some(Network::X))
            .validate()
            .unwrap_err();
        assert_eq!(extra.get("network"), Some(&FieldError::Invalid));
    }

    #[test]
    fn event_kinds_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }
}
