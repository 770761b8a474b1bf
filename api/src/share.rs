//! The share buttons' networks, named once for the SPA (which builds the
//! links) and the server (which counts share clicks by network).

use serde::{Deserialize, Serialize};

/// Where a shared link is posted. The `source` names go back to us as
/// `?source=` when someone opens the shared link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
// Serde goes through `source()`; `rename_all` and `rename` tell the
// schema the same names.
#[serde(rename_all = "lowercase")]
pub enum Network {
    X,
    Facebook,
    LinkedIn,
    WhatsApp,
    Telegram,
    Bluesky,
    Mastodon,
    Email,
    /// The "copy link" button.
    Link,
    /// The browser's own share sheet.
    #[serde(rename = "share")]
    Native,
}

impl Network {
    pub const ALL: [Network; 10] = [
        Network::X,
        Network::Facebook,
        Network::LinkedIn,
        Network::WhatsApp,
        Network::Telegram,
        Network::Bluesky,
        Network::Mastodon,
        Network::Email,
        Network::Link,
        Network::Native,
    ];

    /// The networks that are a plain link; Mastodon needs the visitor's
    /// server first, and copying or the share sheet are buttons.
    pub const LINKS: [Network; 7] = [
        Network::X,
        Network::Facebook,
        Network::LinkedIn,
        Network::WhatsApp,
        Network::Telegram,
        Network::Bluesky,
        Network::Email,
    ];

    /// The `?source=` value (which `petition::Source` accepts), also the
    /// network's name in the API and in statistics.
    pub fn source(self) -> &'static str {
        match self {
            Network::X => "x",
            Network::Facebook => "facebook",
            Network::LinkedIn => "linkedin",
            Network::WhatsApp => "whatsapp",
            Network::Telegram => "telegram",
            Network::Bluesky => "bluesky",
            Network::Mastodon => "mastodon",
            Network::Email => "email",
            Network::Link => "link",
            Network::Native => "share",
        }
    }

    /// The network's own name, the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Network::X => "X",
            Network::Facebook => "Facebook",
            Network::LinkedIn => "LinkedIn",
            Network::WhatsApp => "WhatsApp",
            Network::Telegram => "Telegram",
            Network::Bluesky => "Bluesky",
            Network::Mastodon => "Mastodon",
            Network::Email => "E-mail",
            Network::Link => "Link",
            Network::Native => "Share",
        }
    }

    pub fn parse(input: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|network| network.source() == input)
    }
}

impl TryFrom<String> for Network {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Network::parse(&value).ok_or_else(|| format!("unknown network `{value}`"))
    }
}

impl From<Network> for String {
    fn from(value: Network) -> Self {
        value.source().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::petition::Source;

    #[test]
    fn every_network_round_trips_and_is_a_valid_source() {
        for network in Network::ALL {
            assert_eq!(Network::parse(network.source()), Some(network));
            assert!(Source::parse(network.source()).is_ok(), "{network:?}");
            let json = serde_json::to_string(&network).unwrap();
            assert_eq!(serde_json::from_str::<Network>(&json).unwrap(), network);
        }
        assert_eq!(Network::parse("myspace"), None);
    }
}
