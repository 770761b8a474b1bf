//! What the database holds about one member, table by table: read for
//! "download my data", erased (or, for confirmed signatures, stripped of
//! name, address and comment) for "delete my account".
//!
//! Addresses are matched as `Email::dedupe_key` where a table keeps one,
//! and case-insensitively where it keeps only the address as typed.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::Email;
use sqlx::Row;

use crate::db::{Connection, Pool};

/// How a table's rows about the member are found.
#[derive(Debug, Clone, Copy)]
enum Whose {
    /// `column = account id`.
    Account(&'static str),
    /// `email_key = the address's dedupe key`.
    EmailKey,
    /// Any of these columns holds the address, in any case.
    Address(&'static [&'static str]),
}

/// One table's part of the export: which columns (a name, or a name and
/// the SQL that gives it), whose rows.
struct Part {
    table: &'static str,
    columns: &'static [(&'static str, &'static str)],
    whose: Whose,
}

const PARTS: &[Part] = &[
    Part {
        table: "accounts",
        columns: &[
            ("email", "email"),
            ("name", "name"),
            ("country", "country"),
            ("locale", "locale"),
            ("role", "role"),
            ("newsletter_wanted", "newsletter_wanted"),
            ("created_at", "created_at"),
            ("confirmed_at", "confirmed_at"),
            ("pending_email", "pending_email"),
        ],
        whose: Whose::Account("id"),
    },
    // Names and days only: the public keys and counters are the
    // authenticators' technical data, not about the member.
    // Whether and when: the secret is sealed, and not about the member.
    Part {
        table: "account_authenticators",
        columns: &[("created_at", "created_at"), ("confirmed_at", "confirmed_at")],
        whose: Whose::Account("account_id"),
    },
    Part {
        table: "passkeys",
        columns: &[
            ("name", "name"),
            ("created_at", "created_at"),
            ("last_used_at", "last_used_at"),
        ],
        whose: Whose::Account("account_id"),
    },
    Part {
        table: "account_sessions",
        columns: &[
            ("device", "device"),
            ("created_at", "created_at"),
            ("last_seen_at", "last_seen_at"),
            ("expires_at", "expires_at"),
        ],
        whose: Whose::Account("account_id"),
    },
    Part {
        table: "signatures",
        columns: &[
            (
                "petition",
                "(SELECT slug FROM petitions WHERE petitions.id = signatures.petition_id)",
            ),
            ("name", "name"),
            ("email", "email"),
            ("country", "country"),
            ("comment", "comment"),
            ("newsletter", "newsletter"),
            ("news", "news"),
            ("locale", "locale"),
            ("source", "source"),
            ("referral_code", "referral_code"),
            ("created_at", "created_at"),
            ("confirmed_at", "confirmed_at"),
        ],
        whose: Whose::EmailKey,
    },
    Part {
        table: "newsletter_subscribers",
        columns: &[
            ("email", "email"),
            ("locale", "locale"),
            ("state", "state"),
            ("source", "source"),
            ("created_at", "created_at"),
            ("confirmed_at", "confirmed_at"),
            ("unsubscribed_at", "unsubscribed_at"),
        ],
        whose: Whose::EmailKey,
    },
    Part {
        table: "mail_outbox",
        columns: &[
            ("recipient", "recipient"),
            ("reply_to", "reply_to"),
            ("subject", "subject"),
            ("text_body", "text_body"),
            ("status", "status"),
            ("created_at", "created_at"),
            ("sent_at", "sent_at"),
        ],
        whose: Whose::Address(&["recipient", "reply_to"]),
    },
    Part {
        table: "contact_messages",
        columns: &[
            ("reference", "reference"),
            ("name", "name"),
            ("email", "email"),
            ("subject", "subject"),
            ("message", "message"),
            ("locale", "locale"),
            ("created_at", "created_at"),
        ],
        whose: Whose::Address(&["email"]),
    },
    // Gifts and dues, and the payments the provider confirmed: kept after
    // an account is erased, as accounting law asks (see `erase`).
    Part {
        table: "donations",
        columns: &[
            ("reference", "reference"),
            ("email", "email"),
            ("currency", "currency"),
            ("amount", "amount"),
            ("frequency", "frequency"),
            ("tier", "tier"),
            ("dedication", "dedication"),
            ("status", "status"),
            ("created_at", "created_at"),
        ],
        whose: Whose::Address(&["email"]),
    },
    Part {
        table: "payments",
        columns: &[
            ("gift", "donation_reference"),
            ("amount", "amount"),
            ("currency", "currency"),
            ("email", "email"),
            ("paid_at", "paid_at"),
        ],
        whose: Whose::Address(&["email"]),
    },
    Part {
        table: "problem_reports",
        columns: &[
            ("reference", "reference"),
            ("page", "page"),
            ("description", "description"),
            ("email", "email"),
            ("created_at", "created_at"),
        ],
        whose: Whose::Address(&["email"]),
    },
];

/// The member whose data it is.
pub struct Member<'a> {
    pub account_id: i64,
    pub email: &'a Email,
}

impl Whose {
    /// The `WHERE` clause, with `$1` for what `bind` binds.
    fn clause(self) -> String {
        match self {
            Whose::Account(column) => format!("{column} = $1"),
            Whose::EmailKey => "email_key = $1".to_owned(),
            Whose::Address(columns) => columns
                .iter()
                .map(|column| format!("LOWER({column}) = $1"))
                .collect::<Vec<_>>()
                .join(" OR "),
        }
    }
}

fn bind<'q>(
    query: sqlx::query::Query<'q, crate::db::Db, sqlx::any::AnyArguments<'q>>,
    whose: Whose,
    member: &Member<'_>,
) -> sqlx::query::Query<'q, crate::db::Db, sqlx::any::AnyArguments<'q>> {
    match whose {
        Whose::Account(_) => query.bind(member.account_id),
        Whose::EmailKey => query.bind(member.email.dedupe_key()),
        Whose::Address(_) => query.bind(member.email.as_str().to_lowercase()),
    }
}

pub type Rows = Vec<BTreeMap<String, Option<String>>>;

/// Every row about the member, by table; tables without any are left out.
pub async fn export(pool: &Pool, member: &Member<'_>) -> anyhow::Result<BTreeMap<String, Rows>> {
    let mut tables = BTreeMap::new();
    for part in PARTS {
        let selected = part
            .columns
            .iter()
            .map(|(name, sql)| format!("CAST({sql} AS TEXT) AS {name}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT {selected} FROM {} WHERE {}", part.table, part.whose.clause());
        let rows = bind(sqlx::query(&sql), part.whose, member)
            .fetch_all(pool)
            .await
            .with_context(|| format!("Failed to export {}", part.table))?;
        let rows: Rows = rows
            .iter()
            .map(|row| {
                part.columns
                    .iter()
                    .enumerate()
                    .map(|(index, (name, _))| Ok(((*name).to_owned(), row.try_get::<Option<String>, _>(index)?)))
                    .collect::<Result<BTreeMap<_, _>, sqlx::Error>>()
            })
            .collect::<Result<_, _>>()
            .with_context(|| format!("Failed to read an exported row of {}", part.table))?;
        if !rows.is_empty() {
            tables.insert(part.table.to_owned(), rows);
        }
    }
    Ok(tables)
}

/// Erases the member from every table, inside the caller's transaction.
/// Confirmed signatures stay counted (the petition's total and its
/// country's count do not change), without name, address or comment;
/// unconfirmed ones, which count for nothing, go.
pub async fn erase(conn: &mut Connection, member: &Member<'_>) -> anyhow::Result<()> {
    let key = member.email.dedupe_key();
    let address = member.email.as_str().to_lowercase();
    let statements: [(&str, Bind<'_>); 16] = [
        // The payments stay in the accounts, as the law asks of a
        // treasurer, but no longer tied to an account.
        (
            "UPDATE donations SET account_id = NULL WHERE account_id = $1",
            Bind::Id(member.account_id),
        ),
        (
            "DELETE FROM account_sessions WHERE account_id = $1",
            Bind::Id(member.account_id),
        ),
        (
            "DELETE FROM passkeys WHERE account_id = $1",
            Bind::Id(member.account_id),
        ),
        (
            "DELETE FROM account_authenticators WHERE account_id = $1",
            Bind::Id(member.account_id),
        ),
        (
            "DELETE FROM passkey_ceremonies WHERE account_id = $1",
            Bind::Id(member.account_id),
        ),
        ("DELETE FROM accounts WHERE id = $1", Bind::Id(member.account_id)),
        (
            "DELETE FROM newsletter_deliveries WHERE subscriber_id IN (SELECT id FROM newsletter_subscribers WHERE email_key = $1)",
            Bind::Text(&key),
        ),
        (
            "DELETE FROM newsletter_subscribers WHERE email_key = $1",
            Bind::Text(&key),
        ),
        (
            "DELETE FROM signatures WHERE email_key = $1 AND confirmed_at IS NULL",
            Bind::Text(&key),
        ),
        // The key must stay unique per petition: the row's own id keeps it so.
        (
            "UPDATE signatures SET name = '', email = '', comment = NULL, news = 0,
                 email_key = 'erased:' || CAST(id AS TEXT)
             WHERE email_key = $1",
            Bind::Text(&key),
        ),
        // A mailing's figures lose the erased person's mails with them.
        (
            "DELETE FROM newsletter_issue_mails WHERE mail_id IN (
                 SELECT id FROM mail_outbox WHERE LOWER(recipient) = $1)",
            Bind::Text(&address),
        ),
        (
            "DELETE FROM mail_outbox WHERE LOWER(recipient) = $1 OR LOWER(reply_to) = $1",
            Bind::Text(&address),
        ),
        // What staff wrote about their messages and reports goes with them.
        (
            "DELETE FROM inbox_entries WHERE reference IN (
                 SELECT reference FROM contact_messages WHERE LOWER(email) = $1
                 UNION SELECT reference FROM problem_reports WHERE LOWER(email) = $1)",
            Bind::Text(&address),
        ),
        (
            "DELETE FROM inbox_threads WHERE reference IN (
                 SELECT reference FROM contact_messages WHERE LOWER(email) = $1
                 UNION SELECT reference FROM problem_reports WHERE LOWER(email) = $1)",
            Bind::Text(&address),
        ),
        (
            "DELETE FROM contact_messages WHERE LOWER(email) = $1",
            Bind::Text(&address),
        ),
        (
            "DELETE FROM problem_reports WHERE LOWER(email) = $1",
            Bind::Text(&address),
        ),
    ];
    for (sql, value) in statements {
        let query = sqlx::query(sql);
        let query = match value {
            Bind::Id(id) => query.bind(id),
            Bind::Text(text) => query.bind(text),
        };
        query
            .execute(&mut *conn)
            .await
            .with_context(|| format!("Failed to erase a member: {sql}"))?;
    }
    Ok(())
}

enum Bind<'a> {
    Id(i64),
    Text(&'a str),
}
