//! Exports (staff): a period's files as CSV, downloaded by plain forms
//! that work without any script; each download is a line of the audit log
//! before the file is sent. The payments are the admins' only.

use civic_api::{Locale, paths};
use leptos::prelude::*;

use crate::api;
use crate::i18n::{self, td_string};
use crate::ui_locale;

pub const EXPORTS_HEADING_ID: &str = "exports-heading";

#[component]
pub fn Exports(locale: Locale, admin: bool) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = api::api_base();
    let (from, to) = this_year_so_far();
    let consents = PeriodExport {
        action: format!("{base}{}", paths::STAFF_CONSENTS_CSV),
        id: "consents",
        submit: td_string!(ui, console.consents_submit),
        note: td_string!(ui, console.consents_note),
    };
    let payments = PeriodExport {
        action: format!("{base}{}", paths::STAFF_PAYMENTS_CSV),
        id: "payments",
        submit: td_string!(ui, console.payments_submit),
        note: td_string!(ui, console.payments_note),
    };
    view! {
        <section class="console-section exports" aria-labelledby=EXPORTS_HEADING_ID>
            <h2 id=EXPORTS_HEADING_ID tabindex="-1">{td_string!(ui, console.exports_heading)}</h2>
            <p>{td_string!(ui, console.exports_intro)}</p>
            {period_form(ui, consents, &from, &to)}
            {admin.then(|| period_form(ui, payments, &from, &to))}
        </section>
    }
}

/// One file of a period: where the form goes, the prefix of its
/// elements' ids, and its words.
struct PeriodExport {
    action: String,
    id: &'static str,
    submit: &'static str,
    note: &'static str,
}

fn period_form(ui: i18n::Locale, export: PeriodExport, from: &str, to: &str) -> impl IntoView + use<> {
    let id = export.id;
    let note_id = format!("{id}-note");
    view! {
        <form class="period-form" method="get" action=export.action>
            <div class="period-days">
                <div class="field">
                    <label for=format!("{id}-from")>{td_string!(ui, console.from_label)}</label>
                    <input id=format!("{id}-from") name="from" type="date" required value=from.to_owned() />
                </div>
                <div class="field">
                    <label for=format!("{id}-to")>{td_string!(ui, console.to_label)}</label>
                    <input id=format!("{id}-to") name="to" type="date" required value=to.to_owned() />
                </div>
            </div>
            <button type="submit" aria-describedby=note_id.clone()>
                {export.submit}
            </button>
            <p class="hint" id=note_id>
                {export.note}
            </p>
        </form>
    }
}

/// The first day of this year and today, `YYYY-MM-DD` (UTC, as the server
/// reads a period's days).
fn this_year_so_far() -> (String, String) {
    let (year, month, day) = crate::browser::today_utc();
    (format!("{year:04}-01-01"), format!("{year:04}-{month:02}-{day:02}"))
}
