//! The audit log (admins): every staff action, newest first, searchable
//! by address or action, a page at a time, and as CSV.

use std::collections::BTreeSet;

use civic_api::staff::{AUDIT_PAGE, AuditAccount, AuditEntry};
use civic_api::{FieldError, Locale};
use leptos::html::Div;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff};
use crate::form_kit::FormKit;
use crate::i18n::{self, td_string};
use crate::pages::console::search_form::SearchForm;
use crate::pages::console::texts::action_name;
use crate::request::Request;
use crate::ui_locale;

pub const AUDIT_HEADING_ID: &str = "audit-heading";

/// A search checks nothing: any words, or none at all.
fn anything(_: &str) -> Option<FieldError> {
    None
}

/// One page of the log: the search it answers, the line it follows (none
/// for the first page), and the lines.
type Page = (String, Option<i64>, Result<Vec<AuditEntry>, ApiError>);

/// `first`: the newest page, where the server drew it with the console.
#[component]
pub fn AuditLog(locale: Locale, first: Option<Vec<AuditEntry>>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let search = kit.field("q", "audit-search", anything);
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let answered = RwSignal::new(false);
    let more = RwSignal::new(false);
    // The search the table answers, for the next page and the CSV.
    let shown_text = RwSignal::new(String::new());
    let last_asked = StoredValue::new((String::new(), None::<i64>));
    let table = NodeRef::<Div>::new();
    let send = Request::<Page>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some((text, before, result)) = send.answer().get() else {
            return;
        };
        let Some(page) = kit.answer(result) else { return };
        more.set(page.len() >= AUDIT_PAGE);
        match before {
            None => {
                shown_text.set(text);
                entries.set(page);
                answered.set(true);
            }
            Some(_) => {
                entries.update(|shown| shown.extend(page));
                // The button pressed is gone with the last page: the focus
                // goes to the table it added to.
                if !more.get_untracked()
                    && let Some(table) = table.get_untracked()
                {
                    let _ = table.focus();
                }
            }
        }
    });
    let ask = move |text: String, before: Option<i64>| {
        if pending.get_untracked() {
            return;
        }
        last_asked.set_value((text.clone(), before));
        let base = base.get_value();
        send.send(async move {
            let result = staff::audit(&base, &text, before, None).await;
            (text, before, result)
        });
    };
    let submit = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        // The lines shown answered another search: they go until this
        // one's answer comes.
        answered.set(false);
        entries.set(Vec::new());
        more.set(false);
        ask(search.text().trim().to_owned(), None);
    });
    let retry = Callback::new(move |()| {
        let (text, before) = last_asked.get_value();
        ask(text, before);
    });
    let older = move |_| {
        let oldest = entries.with_untracked(|shown| shown.last().map(|entry| entry.id));
        ask(shown_text.get_untracked(), oldest);
    };
    match first {
        Some(page) => {
            more.set(page.len() >= AUDIT_PAGE);
            entries.set(page);
            answered.set(true);
        }
        None => ask(String::new(), None),
    }
    let csv = move || staff::audit_csv(&base.get_value(), &shown_text.get());
    let shown = Memo::new(move |_| (answered.get(), entries.with(Vec::is_empty)));
    view! {
        <section class="console-section audit" aria-labelledby=AUDIT_HEADING_ID>
            <h2 id=AUDIT_HEADING_ID tabindex="-1">{td_string!(ui, console.audit_heading)}</h2>
            <p>{td_string!(ui, console.audit_intro)}</p>
            <SearchForm
                locale
                kit
                field=search
                pending
                label=td_string!(ui, console.audit_search_label)
                hint=td_string!(ui, console.audit_search_hint)
                button=td_string!(ui, console.audit_search_submit)
                submit
                retry
            />
            {move || match shown.get() {
                (false, _) => None,
                (true, true) => Some(view! { <p>{td_string!(ui, console.audit_none)}</p> }.into_any()),
                (true, false) => Some(
                    view! {
                        <div
                            class="table-scroll"
                            tabindex="0"
                            role="region"
                            // Not the section's name: two regions named alike
                            // could not be told apart.
                            aria-label=td_string!(ui, console.audit_caption)
                            node_ref=table
                        >
                            <table class="audit-table">
                                <caption>{td_string!(ui, console.audit_caption)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{td_string!(ui, console.audit_when)}</th>
                                        <th scope="col">{td_string!(ui, console.audit_who)}</th>
                                        <th scope="col">{td_string!(ui, console.audit_what)}</th>
                                        <th scope="col">{td_string!(ui, console.audit_account)}</th>
                                        <th scope="col">{td_string!(ui, console.audit_change)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    <For
                                        each=move || entries.get()
                                        key=|entry| entry.id
                                        children=move |entry| view! { <AuditRow ui entry /> }
                                    />
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                ),
            }}
            <p class="audit-more">
                {move || {
                    more.get()
                        .then(|| {
                            view! {
                                <button type="button" class="secondary" disabled=move || pending.get() on:click=older>
                                    {td_string!(ui, console.audit_more)}
                                </button>
                            }
                        })
                }}
            </p>
            <p>
                <a href=csv download="">
                    {td_string!(ui, console.audit_csv)}
                </a>
            </p>
        </section>
    }
}

#[component]
fn AuditRow(ui: i18n::Locale, entry: AuditEntry) -> impl IntoView {
    let account = match &entry.account {
        Some(account) => who(ui, account),
        None if !entry.subject.is_empty() => entry.subject.clone(),
        None => "—".to_owned(),
    };
    let changes = changes(&entry)
        .into_iter()
        .enumerate()
        .map(|(index, change)| {
            view! {
                {(index > 0).then(|| view! { <br /> })}
                <span class="change" dir="ltr">
                    {change}
                </span>
            }
        })
        .collect_view();
    view! {
        <tr>
            // Digits and letters that an Arabic page would reorder.
            <td class="audit-when">
                <span dir="ltr">{readable_time(&entry.at)}</span>
            </td>
            // Each in its own direction: an address, or words.
            <td>
                <bdi>{who(ui, &entry.actor)}</bdi>
            </td>
            <td>{action_name(ui, entry.action)}</td>
            <td>
                <bdi>{account}</bdi>
            </td>
            <td>{changes}</td>
        </tr>
    }
}

/// An account's address, or its number once it was erased.
fn who(ui: i18n::Locale, account: &AuditAccount) -> String {
    match &account.email {
        Some(email) => email.clone(),
        None => td_string!(ui, console.erased_account, id = account.id),
    }
}

/// `2026-12-04T21:30:12.123456Z` as `2026-12-04 21:30 UTC`; anything else
/// as it is.
pub fn readable_time(at: &str) -> String {
    let utc = at.ends_with('Z') || at.ends_with("+00:00");
    match (at.get(..10), at.get(10..11), at.get(11..16)) {
        (Some(day), Some("T"), Some(time)) if utc => format!("{day} {time} UTC"),
        _ => at.to_owned(),
    }
}

/// What changed, one line per field: `role: member → editor`, with `—`
/// for a side that has no value.
pub fn changes(entry: &AuditEntry) -> Vec<String> {
    let fields: BTreeSet<&String> = entry.before.keys().chain(entry.after.keys()).collect();
    fields
        .into_iter()
        .map(|field| {
            let side = |values: &std::collections::BTreeMap<String, String>| {
                values.get(field).cloned().unwrap_or_else(|| "—".to_owned())
            };
            format!("{field}: {} → {}", side(&entry.before), side(&entry.after))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use civic_api::staff::AuditAction;

    use super::*;

    fn entry(before: &[(&str, &str)], after: &[(&str, &str)]) -> AuditEntry {
        let map = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        AuditEntry {
            id: 1,
            at: "2026-12-04T21:30:12.123456Z".to_owned(),
            actor: AuditAccount { id: 1, email: None },
            action: AuditAction::RoleChanged,
            account: None,
            subject: String::new(),
            before: map(before),
            after: map(after),
        }
    }

    #[test]
    fn a_change_reads_field_before_and_after() {
        assert_eq!(
            changes(&entry(&[("role", "member")], &[("role", "editor")])),
            ["role: member → editor"]
        );
        assert_eq!(
            changes(&entry(
                &[("confirmed", "true"), ("role", "admin")],
                &[("erased", "true")]
            )),
            ["confirmed: true → —", "erased: — → true", "role: admin → —"]
        );
        assert!(changes(&entry(&[], &[])).is_empty());
    }

    #[test]
    fn a_time_reads_as_its_day_and_minute_in_utc() {
        assert_eq!(readable_time("2026-12-04T21:30:12.123456Z"), "2026-12-04 21:30 UTC");
        assert_eq!(readable_time("2026-12-04T09:05:00+00:00"), "2026-12-04 09:05 UTC");
        assert_eq!(readable_time("yesterday"), "yesterday");
        assert_eq!(readable_time("2026-12-04T21:30:12+02:00"), "2026-12-04T21:30:12+02:00");
    }
}
