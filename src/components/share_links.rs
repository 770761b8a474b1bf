//! The addresses behind the share buttons, built without the browser so
//! they can be tested natively. Every link is a plain URL on the network's
//! own site: nothing is fetched until the visitor follows it.

pub use civic_api::share::Network;

/// What is shared: an absolute page address, a title (the e-mail subject)
/// and a sentence to go with the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub url: String,
    pub title: String,
    pub text: String,
    /// The sharer's referral code, so signatures through the link count
    /// for them.
    pub referral: Option<String>,
}

impl Shared {
    /// The page address as posted on `network`: it says where the visitor
    /// came from and, for a signer's share, whose link it was.
    pub fn tracked_url(&self, network: Network) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        let mut url = format!("{}{separator}source={}", self.url, network.source());
        if let Some(code) = &self.referral {
            url.push_str("&ref=");
            url.push_str(&encode(code));
        }
        url
    }

    /// The address that opens `network`'s share dialog with the page in it.
    /// `None` for the networks that are not a plain link.
    pub fn link(&self, network: Network) -> Option<String> {
        let url = encode(&self.tracked_url(network));
        let text = encode(&self.text);
        let text_and_url = encode(&format!("{} {}", self.text, self.tracked_url(network)));
        Some(match network {
            Network::X => format!("https://x.com/intent/tweet?text={text}&url={url}"),
            Network::Facebook => format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
            Network::LinkedIn => format!("https://www.linkedin.com/sharing/share-offsite/?url={url}"),
            Network::WhatsApp => format!("https://wa.me/?text={text_and_url}"),
            Network::Telegram => format!("https://t.me/share/url?url={url}&text={text}"),
            Network::Bluesky => format!("https://bsky.app/intent/compose?text={text_and_url}"),
            Network::Email => {
                let body = encode(&format!("{}\n\n{}", self.text, self.tracked_url(network)));
                format!("mailto:?subject={}&body={body}", encode(&self.title))
            }
            Network::Mastodon | Network::Link | Network::Native => return None,
        })
    }

    /// The share page of the visitor's own Mastodon server.
    pub fn mastodon_link(&self, instance: &MastodonInstance) -> String {
        let text = encode(&format!("{} {}", self.text, self.tracked_url(Network::Mastodon)));
        format!("https://{}/share?text={text}", instance.as_str())
    }
}

/// The host name of a Mastodon server, as the visitor typed it: a bare
/// domain, an address such as `https://mastodon.social/`, or a handle such
/// as `@ana@mastodon.social`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MastodonInstance(String);

impl MastodonInstance {
    pub fn parse(input: &str) -> Option<MastodonInstance> {
        let input = input.trim();
        let input = input
            .strip_prefix("https://")
            .or_else(|| input.strip_prefix("http://"))
            .unwrap_or(input);
        let input = input.trim_end_matches('/');
        let host = input.rsplit('@').next().unwrap_or(input).to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        let well_formed = host.len() <= 253
            && labels.len() >= 2
            && labels.iter().all(|label| {
                (1..=63).contains(&label.len())
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
            && labels
                .last()
                .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()));
        well_formed.then_some(MastodonInstance(host))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Percent-encodes everything but the characters that `encodeURIComponent`
/// leaves alone, so the result is safe in any part of a URL (and in a
/// `mailto:`, where `+` would not mean a space).
pub fn encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' => {
                out.push(byte as char)
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 0xF)] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(referral: Option<&str>) -> Shared {
        Shared {
            url: "https://civic.example/fr/petitions/clean-air".into(),
            title: "Air pur & écoles".into(),
            text: "J'ai signé : air pur?".into(),
            referral: referral.map(str::to_owned),
        }
    }

    #[test]
    fn encoding_matches_encode_uri_component() {
        assert_eq!(encode("a b&c=d/é?#+"), "a%20b%26c%3Dd%2F%C3%A9%3F%23%2B");
        assert_eq!(encode("Az09-_.!~*'()"), "Az09-_.!~*'()");
    }

    #[test]
    fn tracked_urls_name_the_network_and_the_sharer() {
        let with_code = shared(Some("Kq3x9Tab"));
        assert_eq!(
            with_code.tracked_url(Network::Telegram),
            "https://civic.example/fr/petitions/clean-air?source=telegram&ref=Kq3x9Tab"
        );
        assert_eq!(
            shared(None).tracked_url(Network::Link),
            "https://civic.example/fr/petitions/clean-air?source=link"
        );
        let with_query = Shared {
            url: "https://civic.example/about?x=1".into(),
            ..shared(None)
        };
        assert_eq!(
            with_query.tracked_url(Network::X),
            "https://civic.example/about?x=1&source=x"
        );
    }

    #[test]
    fn every_source_is_one_the_api_accepts() {
        for network in Network::LINKS
            .into_iter()
            .chain([Network::Mastodon, Network::Link, Network::Native])
        {
            let source = civic_api::petition::Source::parse(network.source()).expect("a valid source");
            assert_eq!(source.as_str(), network.source());
        }
    }

    #[test]
    fn each_network_gets_its_own_share_address_with_the_page_encoded() {
        let shared = shared(Some("Kq3x9Tab"));
        let page = |network: Network| encode(&shared.tracked_url(network));
        let cases = [
            (
                Network::X,
                format!(
                    "https://x.com/intent/tweet?text=J'ai%20sign%C3%A9%20%3A%20air%20pur%3F&url={}",
                    page(Network::X)
                ),
            ),
            (
                Network::Facebook,
                format!(
                    "https://www.facebook.com/sharer/sharer.php?u={}",
                    page(Network::Facebook)
                ),
            ),
            (
                Network::LinkedIn,
                format!(
                    "https://www.linkedin.com/sharing/share-offsite/?url={}",
                    page(Network::LinkedIn)
                ),
            ),
            (
                Network::Telegram,
                format!(
                    "https://t.me/share/url?url={}&text=J'ai%20sign%C3%A9%20%3A%20air%20pur%3F",
                    page(Network::Telegram)
                ),
            ),
        ];
        for (network, expected) in cases {
            assert_eq!(shared.link(network).as_deref(), Some(expected.as_str()), "{network:?}");
        }
        let whatsapp = shared.link(Network::WhatsApp).unwrap();
        assert!(
            whatsapp.starts_with("https://wa.me/?text=J'ai%20sign%C3%A9"),
            "{whatsapp}"
        );
        assert!(
            whatsapp.ends_with("%3Fsource%3Dwhatsapp%26ref%3DKq3x9Tab"),
            "{whatsapp}"
        );
        let bluesky = shared.link(Network::Bluesky).unwrap();
        assert!(
            bluesky.starts_with("https://bsky.app/intent/compose?text="),
            "{bluesky}"
        );
        assert!(bluesky.contains("source%3Dbluesky"), "{bluesky}");
        assert_eq!(shared.link(Network::Mastodon), None);
    }

    #[test]
    fn the_mail_link_has_a_subject_and_a_body_with_the_address() {
        let link = shared(None).link(Network::Email).unwrap();
        assert_eq!(
            link,
            "mailto:?subject=Air%20pur%20%26%20%C3%A9coles&body=J'ai%20sign%C3%A9%20%3A%20air%20pur%3F%0A%0A\
             https%3A%2F%2Fcivic.example%2Ffr%2Fpetitions%2Fclean-air%3Fsource%3Demail"
        );
    }

    #[test]
    fn mastodon_servers_are_read_from_what_people_type() {
        let cases = [
            ("mastodon.social", Some("mastodon.social")),
            ("  Mastodon.Social ", Some("mastodon.social")),
            ("https://mastodon.social/", Some("mastodon.social")),
            ("@ana@piaille.fr", Some("piaille.fr")),
            ("social.coop", Some("social.coop")),
            ("", None),
            ("localhost", None),
            ("evil.com/phish?x=", None),
            ("a..b", None),
            ("-bad.example", None),
            ("127.0.0.1", None),
            ("exa mple.org", None),
            ("javascript:alert(1)", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                MastodonInstance::parse(input).as_ref().map(MastodonInstance::as_str),
                expected,
                "{input:?}"
            );
        }
        let instance = MastodonInstance::parse("piaille.fr").unwrap();
        assert_eq!(
            shared(Some("Kq3x9Tab")).mastodon_link(&instance),
            format!(
                "https://piaille.fr/share?text={}",
                encode(
                    "J'ai signé : air pur? https://civic.example/fr/petitions/clean-air?source=mastodon&ref=Kq3x9Tab"
                )
            )
        );
    }
}
