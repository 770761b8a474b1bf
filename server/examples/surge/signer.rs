//! The n-th person of a run: a sign request nobody else in the run sends,
//! and the client address it comes from.

use std::net::Ipv4Addr;

use civic_api::petition::SignRequest;
use civic_api::{Country, Locale};

const FIRST_NAMES: [&str; 12] = [
    "Ana", "Jean", "Amara", "Mei", "Søren", "Fatima", "Diego", "Ngozi", "Élise", "Kenji", "Olga", "Tomás",
];
const LAST_NAMES: [&str; 10] = [
    "López", "Dupont", "Okafor", "Chen", "Hansen", "Haddad", "Silva", "Nowak", "Moreau", "Ivanova",
];
const SOURCES: [Option<&str>; 5] = [None, Some("x"), Some("whatsapp"), Some("email"), Some("mastodon")];

pub struct People {
    /// Tells this run's signers from earlier runs on the same database.
    run: String,
    countries: Vec<Country>,
}

impl People {
    pub fn new(run: String) -> People {
        People {
            run,
            countries: Country::all().collect(),
        }
    }

    /// Unique in the run after `Email::dedupe_key` too: no dots, no `+`.
    pub fn email(&self, n: u64) -> String {
        format!("s{}n{n}@surge.example", self.run)
    }

    pub fn request(&self, n: u64) -> SignRequest {
        let i = n as usize;
        SignRequest {
            idempotency_key: format!("surge-{}-{n:012}", self.run),
            locale: Some(Locale::ALL[i % Locale::ALL.len()]),
            name: format!(
                "{} {}",
                FIRST_NAMES[i % FIRST_NAMES.len()],
                LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()]
            ),
            email: self.email(n),
            country: self.countries[i % self.countries.len()].code().to_owned(),
            comment: String::new(),
            newsletter: n.is_multiple_of(3),
            news: n.is_multiple_of(2),
            source: SOURCES[i % SOURCES.len()].map(str::to_owned),
            referral: None,
            token: None,
            website: String::new(),
        }
    }
}

/// A different address for each of the first 16 million people, in 10/8.
pub fn client_address(n: u64) -> Ipv4Addr {
    let [_, b, c, d] = ((n + 1) as u32).to_be_bytes();
    Ipv4Addr::new(10, b, c, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_is_valid_and_people_differ() {
        let people = People::new("t1".to_owned());
        let mut keys = std::collections::HashSet::new();
        for n in 0..500 {
            let signature = people.request(n).validate().expect("a valid sign request");
            assert!(keys.insert(signature.email.dedupe_key()));
        }
        assert_ne!(client_address(0), client_address(1));
        assert_eq!(client_address(255), Ipv4Addr::new(10, 0, 1, 0));
    }
}
