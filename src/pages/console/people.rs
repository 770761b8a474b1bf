//! People and roles (admins): accounts found by part of their address,
//! staff first, each with what the console may do to it.

use civic_api::staff::StaffAccount;
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff};
use crate::dates::format_date;
use crate::form_kit::FormKit;
use crate::i18n::{self, td_string};
use crate::pages::console::account_actions::AccountActions;
use crate::pages::console::search_form::SearchForm;
use crate::pages::console::texts::{Said, role_option};
use crate::plural::is_singular;
use crate::request::Request;
use crate::ui_locale;

pub const PEOPLE_HEADING_ID: &str = "people-heading";

/// The accounts shown, and the section's words on what the last action
/// came to; each row acts through it.
#[derive(Debug, Clone, Copy)]
pub struct PeopleList {
    pub accounts: RwSignal<Vec<StaffAccount>>,
    notice: RwSignal<Option<Said>>,
    problem: RwSignal<Option<Said>>,
    /// Searches again for what the list shows, to show it as it is now.
    pub reload: Callback<()>,
}

impl PeopleList {
    /// The account as the server answered it after a change.
    pub fn replace(self, account: StaffAccount) {
        self.accounts.update(|list| {
            if let Some(shown) = list.iter_mut().find(|shown| shown.id == account.id) {
                *shown = account;
            }
        });
    }

    pub fn remove(self, id: i64) {
        self.accounts.update(|list| list.retain(|shown| shown.id != id));
    }

    /// What an action came to, in the section's status.
    pub fn done(self, text: Said) {
        self.problem.set(None);
        self.notice.set(Some(text));
    }

    /// Why an action did not go through, in the section's alert.
    pub fn failed(self, text: Said) {
        self.notice.set(None);
        self.problem.set(Some(text));
    }

    pub fn clear(self) {
        self.notice.set(None);
        self.problem.set(None);
    }
}

/// A search checks nothing: any part of an address, or none at all.
fn anything(_: &str) -> Option<FieldError> {
    None
}

/// `me`: the admin's own address; `first`: the list drawn with the page.
#[component]
pub fn People(locale: Locale, me: String, first: Option<Vec<StaffAccount>>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let search = kit.field("q", "people-search", anything);
    // What the list shows: the answer to this text.
    let shown_text = StoredValue::new(String::new());
    let accounts = RwSignal::new(Vec::<StaffAccount>::new());
    let answered = RwSignal::new(false);
    let send = Request::<(String, Result<Vec<StaffAccount>, ApiError>)>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some((text, result)) = send.answer().get() else {
            return;
        };
        if let Some(found) = kit.answer(result) {
            shown_text.set_value(text);
            accounts.set(found);
            answered.set(true);
        }
    });
    let find = move |text: String| {
        let base = base.get_value();
        send.send(async move {
            let result = staff::accounts(&base, &text, None).await;
            (text, result)
        });
    };
    let list = PeopleList {
        accounts,
        notice: RwSignal::new(None),
        problem: RwSignal::new(None),
        reload: Callback::new(move |()| find(shown_text.get_value())),
    };
    let submit = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        // What shows answered another search: it goes until this one's
        // answer comes, so that nobody acts on an account it did not find.
        answered.set(false);
        accounts.set(Vec::new());
        list.clear();
        find(search.text().trim().to_owned());
    });
    // Staff first, before anything is typed: drawn with the page, or asked for.
    match first {
        Some(found) => {
            accounts.set(found);
            answered.set(true);
        }
        None => find(String::new()),
    }
    let me = StoredValue::new(me);
    // Whether there is a list to show; a memo, so that a row's change
    // redraws that row only, not the whole list.
    let shown = Memo::new(move |_| (answered.get(), accounts.with(Vec::is_empty)));
    view! {
        <section class="console-section people" aria-labelledby=PEOPLE_HEADING_ID>
            <h2 id=PEOPLE_HEADING_ID tabindex="-1">{td_string!(ui, console.people_heading)}</h2>
            <SearchForm
                locale
                kit
                field=search
                pending
                label=td_string!(ui, console.search_label)
                hint=td_string!(ui, console.search_hint)
                button=td_string!(ui, console.search_submit)
                submit=submit
            />
            <div class="console-status" role="status">
                {move || list.notice.get().map(|text| view! { <p class="success">{text.into_view()}</p> })}
            </div>
            <div class="console-alert" role="alert">
                {move || list.problem.get().map(|text| view! { <p>{text.into_view()}</p> })}
            </div>
            {move || match shown.get() {
                (false, _) => None,
                (true, true) => Some(view! { <p>{td_string!(ui, console.no_account)}</p> }.into_any()),
                (true, false) => Some(
                    view! {
                        <ul class="people-list">
                            <For
                                each=move || accounts.get()
                                key=|account| account.id
                                children=move |account| {
                                    let own = account.email.eq_ignore_ascii_case(&me.get_value());
                                    view! { <PersonRow locale id=account.id own list /> }
                                }
                            />
                        </ul>
                    }
                    .into_any(),
                ),
            }}
        </section>
    }
}

/// One account: what it is, and what may be done to it (nothing, from
/// here, to the admin's own).
#[component]
fn PersonRow(locale: Locale, id: i64, own: bool, list: PeopleList) -> impl IntoView {
    let ui = ui_locale(locale);
    // Read from the list, so that a change the server answered shows here
    // without drawing the row's controls again (focus stays where it is).
    let account = Memo::new(move |_| list.accounts.with(|all| all.iter().find(|each| each.id == id).cloned()));
    let Some(first) = account.get_untracked() else {
        return ().into_any();
    };
    let facts = move || account.get().map(|account| facts(ui, &account)).unwrap_or_default();
    view! {
        <li class="person">
            <p class="person-who">
                <strong dir="ltr">{first.email.clone()}</strong>
                <br />
                <span>{first.name.clone()}</span>
            </p>
            <ul class="person-facts">
                {move || facts().into_iter().map(|fact| view! { <li>{fact}</li> }).collect_view()}
            </ul>
            {if own {
                view! { <p class="note">{td_string!(ui, console.own_row)}</p> }.into_any()
            } else {
                view! { <AccountActions locale id email=first.email.clone() account list /> }.into_any()
            }}
        </li>
    }
    .into_any()
}

/// The row's facts: role, day joined, whether it is open, and how many
/// browsers and passkeys it has.
fn facts(ui: i18n::Locale, account: &StaffAccount) -> Vec<String> {
    let day = format_date(ui, &account.joined).unwrap_or_else(|| account.joined.clone());
    let sessions = account.sessions;
    let passkeys = account.passkeys;
    let mut facts = vec![
        td_string!(ui, console.row_role, role = role_option(ui, account.role)),
        td_string!(ui, console.row_joined, day = day),
    ];
    if !account.confirmed {
        facts.push(td_string!(ui, console.row_not_open).to_owned());
    }
    facts.push(match is_singular(ui, u64::from(sessions)) {
        true => td_string!(ui, console.row_sessions_one, count = sessions),
        false => td_string!(ui, console.row_sessions_other, count = sessions),
    });
    facts.push(match is_singular(ui, u64::from(passkeys)) {
        true => td_string!(ui, console.row_passkeys_one, count = passkeys),
        false => td_string!(ui, console.row_passkeys_other, count = passkeys),
    });
    facts
}
