//! A petition's news by e-mail: the message an update becomes for one
//! signer, in their language, with the link that stops that petition's
//! news for their address (and RFC 8058's one-click headers); and what
//! following that link does.

use civic_api::newsletter::email_hint;
use civic_api::petition_news::{NewsFollowing, NewsText};
use civic_api::{Email, Locale, PersonName, SiteRoute, Target, paths};
use time::OffsetDateTime;

use super::mails::Mails;
use super::registry::Petition;
use crate::db::Pool;
use crate::mail::OutgoingMail;
use crate::mail::compose::{framed_html, linkify};
use crate::refused::Refused;
use crate::site::shell::escape;
use crate::storage::petition_news::{self as storage, Follower};
use crate::tokens::{self, NEWS_STOP_TTL, Purpose};

/// What a news e-mail's link asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewsAction {
    Stop,
    Restart,
}

/// One update, in each language it was written in, with its bodies
/// rendered.
pub struct Update<'a> {
    pub texts: &'a [(NewsText, String)],
}

impl Update<'_> {
    /// The text in `locale`, or in English where it was not written in it.
    fn text(&self, locale: Locale) -> &(NewsText, String) {
        self.texts
            .iter()
            .find(|(text, _)| text.locale == locale)
            .or_else(|| self.texts.iter().find(|(text, _)| text.locale == Locale::DEFAULT))
            .unwrap_or(&self.texts[0])
    }
}

impl Mails {
    /// `update` for `to`, in their language where both the petition and
    /// the update have it.
    pub fn news(
        &self,
        to: &Follower,
        petition: &Petition,
        update: &Update<'_>,
        now: OffsetDateTime,
    ) -> anyhow::Result<OutgoingMail> {
        let email = Email::parse(&to.email).map_err(|error| anyhow::anyhow!("A follower's address: {error:?}"))?;
        let locale = Locale::parse(&to.locale).unwrap_or(Locale::DEFAULT);
        let (news, body_html) = update.text(locale);
        let all = self.texts(locale);
        let texts = &all.news;
        let title = petition.text(locale).title.as_str();
        let token = tokens::issue_bound(
            &self.key,
            Purpose::PetitionNews,
            to.id,
            to.email_key.as_bytes(),
            NEWS_STOP_TTL,
            now,
        );
        let stop_page = format!(
            "{}{}?t={token}",
            self.public_url,
            SiteRoute {
                locale,
                target: Target::PetitionNews
            }
            .path()
        );
        let one_click = format!("{}{}?t={token}", self.public_url, paths::PETITION_NEWS_ONE_CLICK);
        let page = format!(
            "{}{}",
            self.public_url,
            SiteRoute::petition(locale, petition.slug().clone()).path()
        );
        let fill = |text: &str| {
            text.replace("{title}", title)
                .replace("{news_title}", &news.title)
                .replace("{stop}", &stop_page)
        };
        let subject = fill(&texts.subject);
        let name = PersonName::parse(&to.name).map_err(|error| anyhow::anyhow!("A follower's name: {error:?}"))?;
        let greeting = all.greeting.replace("{first_name}", name.first_name());
        let intro = fill(&texts.intro);
        let footer = fill(&texts.footer);
        let text = format!(
            "{greeting}\n\n{intro}\n\n{}\n\n{}\n\n{}\n{page}\n\n-- \n{footer}\n",
            news.title,
            news.body_markdown.trim_end(),
            texts.action
        );
        // The update's own language may not be the mail's: say so.
        let (lang, dir) = (news.locale.as_str(), news.locale.dir());
        let body = format!(
            "<p style=\"margin:0 0 16px 0;\">{}</p>\n<p style=\"margin:0 0 16px 0;\">{}</p>\n\
             <div lang=\"{lang}\" dir=\"{dir}\">\n<h2 style=\"font-size:20px;margin:24px 0 12px 0;\">{}</h2>\n{body_html}</div>\n\
             <p style=\"margin:24px 0;\"><a href=\"{}\" style=\"color:#1d4ed8;font-weight:bold;\">{}</a></p>\n",
            linkify(&greeting),
            linkify(&intro),
            escape(&news.title),
            escape(&page),
            escape(&texts.action),
        );
        Ok(OutgoingMail {
            to: email,
            locale,
            html: framed_html(locale, &subject, &body, &footer),
            subject,
            text,
            headers: vec![
                ("List-Unsubscribe".to_owned(), format!("<{one_click}>")),
                (
                    "List-Unsubscribe-Post".to_owned(),
                    "List-Unsubscribe=One-Click".to_owned(),
                ),
            ],
            reply_to: None,
        })
    }
}

impl super::Petitions {
    /// Stops or starts again the news of the petition the `f.` token's
    /// signature was given on. Doing it twice answers the same. `NotFound`
    /// for a token that is not genuine, has expired, was made for
    /// something else, or whose signature or address is gone.
    pub async fn follow_news(&self, pool: &Pool, action: NewsAction, token: &str) -> Result<NewsFollowing, Refused> {
        let token = token.trim();
        let now = OffsetDateTime::now_utc();
        let claimed = tokens::claimed_subject(Purpose::PetitionNews, token).ok_or(Refused::NotFound)?;
        let signature = storage::subscription(pool, claimed).await?.ok_or(Refused::NotFound)?;
        tokens::verify_bound(
            &self.key,
            Purpose::PetitionNews,
            token,
            signature.email_key.as_bytes(),
            now,
        )
        .ok_or(Refused::NotFound)?;
        let petition = self
            .registry()
            .by_id(signature.petition_id)
            .cloned()
            .ok_or(Refused::NotFound)?;
        let following = action == NewsAction::Restart;
        if bool::from(signature.news) != following {
            storage::set_following(pool, signature.id, following).await?;
            tracing::info!(petition = %petition.slug(), following, "a signer changed whether they get a petition's news");
        }
        let locale = Locale::parse(&signature.locale).unwrap_or(Locale::DEFAULT);
        let email = Email::parse(&signature.email).map_err(|_| Refused::NotFound)?;
        Ok(NewsFollowing {
            following,
            petition_title: petition.text(locale).title.clone(),
            email_hint: email_hint(&email),
            locale,
        })
    }
}
