//! What an admin does to one account from its row: give it another role,
//! sign it out everywhere, or erase it once they have confirmed. Each
//! request keeps its retry key until it went through, so a request whose
//! answer was lost is done once however often it is sent again.

use civic_api::account::Role;
use civic_api::staff::{AccountAction, RoleChange, StaffAccount};
use civic_api::{ErrorCode, Locale};
use leptos::ev::SubmitEvent;
use leptos::html::{Button, P};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff};
use crate::browser::focus_element;
use crate::form_kit::FormKit;
use crate::i18n::td_string;
use crate::pages::console::people::{PEOPLE_HEADING_ID, PeopleList};
use crate::pages::console::texts::{ADDRESS, Said, action_failure, role_name, role_option, shows_stale_account};
use crate::ui_locale;

/// The request on its way, whose button says so; the others wait for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doing {
    Role,
    Sessions,
    Erase,
}

const ROLES: [Role; 3] = [Role::Member, Role::Editor, Role::Admin];

#[component]
pub fn AccountActions(
    locale: Locale,
    id: i64,
    email: String,
    account: Memo<Option<StaffAccount>>,
    list: PeopleList,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let email = StoredValue::new(email);
    // A sentence about this account, from its text filled with `ADDRESS`.
    let about = move |text: String| email.with_value(|email| Said::with(text, email));
    let doing = RwSignal::new(None::<Doing>);
    let busy = move || doing.get().is_some();
    // A button's words, or that its request is on its way.
    let says = move |what: Doing, label: Said| {
        move || match doing.get() == Some(what) {
            true => td_string!(ui, console.saving).into_any(),
            false => label.clone().into_view(),
        }
    };
    let role_kit = FormKit::new();
    let sessions_kit = FormKit::new();
    let erase_kit = FormKit::new();
    let fail = move |error: ApiError| {
        list.failed(Said::plain(action_failure(ui, &error)));
        if shows_stale_account(&error) {
            list.reload.run(());
        }
    };

    // The role list starts from the role shown, and again whenever the
    // account is shown anew (after a change, or someone else's).
    let shown_role = Memo::new(move |_| account.with(|account| account.as_ref().map(|account| account.role)));
    let initial = shown_role.get_untracked().unwrap_or(Role::Member);
    let chosen = RwSignal::new(initial);
    Effect::new(move || {
        if let Some(role) = shown_role.get() {
            chosen.set(role);
        }
    });
    let change_role = move |event: SubmitEvent| {
        event.prevent_default();
        let Some(current) = account.get_untracked() else { return };
        if doing.get_untracked().is_some() {
            return;
        }
        let to = chosen.get_untracked();
        if to == current.role {
            let role = role_name(ui, to);
            list.done(about(td_string!(ui, console.role_same, email = ADDRESS, role = role)));
            return;
        }
        let request = RoleChange {
            from: current.role,
            to,
            idempotency_key: role_kit.key_for_request(),
        };
        doing.set(Some(Doing::Role));
        list.clear();
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff::change_role(&base, id, &request).await;
            doing.try_set(None);
            match result {
                Ok(changed) => {
                    role_kit.answer(Ok(()));
                    let role = role_name(ui, changed.role);
                    list.done(about(td_string!(
                        ui,
                        console.role_changed,
                        email = ADDRESS,
                        role = role
                    )));
                    list.replace(changed);
                }
                // The server also refuses staff roles to an account not open
                // yet; the row said it is not.
                Err(ApiError::Server(body))
                    if body.code == ErrorCode::Conflict && !current.confirmed && to != Role::Member =>
                {
                    list.failed(Said::plain(td_string!(ui, console.role_not_open)));
                    list.reload.run(());
                }
                Err(error) => fail(error),
            }
        });
    };

    let end_sessions = move |_| {
        if doing.get_untracked().is_some() {
            return;
        }
        let request = AccountAction {
            idempotency_key: sessions_kit.key_for_request(),
        };
        doing.set(Some(Doing::Sessions));
        list.clear();
        let base = base.get_value();
        let ended = about(td_string!(ui, console.sessions_ended, email = ADDRESS));
        leptos::task::spawn_local(async move {
            let result = staff::end_sessions(&base, id, &request).await;
            doing.try_set(None);
            match result {
                Ok(account) => {
                    sessions_kit.answer(Ok(()));
                    list.done(ended);
                    list.replace(account);
                }
                Err(error) => fail(error),
            }
        });
    };

    let confirming = RwSignal::new(false);
    let erase_button = NodeRef::<Button>::new();
    let question = NodeRef::<P>::new();
    // The question takes focus as it appears, so that it is read out.
    Effect::new(move || {
        if let Some(question) = question.get() {
            request_animation_frame(move || {
                let _ = question.focus();
            });
        }
    });
    let keep = move |_| {
        confirming.set(false);
        if let Some(button) = erase_button.get_untracked() {
            let _ = button.focus();
        }
    };
    let erase = move |_| {
        if doing.get_untracked().is_some() {
            return;
        }
        let request = AccountAction {
            idempotency_key: erase_kit.key_for_request(),
        };
        doing.set(Some(Doing::Erase));
        list.clear();
        let base = base.get_value();
        let erased = about(td_string!(ui, console.erased, email = ADDRESS));
        leptos::task::spawn_local(async move {
            let result = staff::erase(&base, id, &request).await;
            doing.try_set(None);
            match result {
                Ok(()) => {
                    list.done(erased);
                    // The row goes, and the focus that was in it with it.
                    list.remove(id);
                    focus_element(PEOPLE_HEADING_ID);
                }
                Err(error) => fail(error),
            }
        });
    };

    let select_id = format!("role-{id}");
    let question_id = format!("erase-question-{id}");
    let options = ROLES
        .into_iter()
        .map(|role| {
            view! {
                <option value=role.as_str() selected=role == initial>
                    {role_option(ui, role)}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="role-form" on:submit=change_role>
            <label for=select_id.clone()>{about(td_string!(ui, console.role_label, email = ADDRESS)).into_view()}</label>
            <div class="role-choice">
                <select
                    id=select_id
                    name="role"
                    prop:value=move || chosen.get().as_str()
                    on:change=move |event| {
                        if let Some(role) = Role::parse(&event_target_value(&event)) {
                            chosen.set(role);
                            role_kit.changed();
                        }
                    }
                >
                    {options}
                </select>
                <button type="submit" disabled=busy>
                    {says(Doing::Role, about(td_string!(ui, console.role_submit, email = ADDRESS)))}
                </button>
            </div>
        </form>
        <div class="person-actions">
            <button type="button" class="secondary" disabled=busy on:click=end_sessions>
                {says(Doing::Sessions, about(td_string!(ui, console.end_sessions, email = ADDRESS)))}
            </button>
            <button
                type="button"
                class="secondary danger-outline"
                node_ref=erase_button
                disabled=busy
                aria-expanded=move || confirming.get().to_string()
                on:click=move |_| confirming.set(true)
            >
                {about(td_string!(ui, console.erase, email = ADDRESS)).into_view()}
            </button>
        </div>
        {move || {
            confirming
                .get()
                .then(|| {
                    view! {
                        <div class="erase-confirm" role="group" aria-labelledby=question_id.clone()>
                            <p id=question_id.clone() tabindex="-1" node_ref=question>
                                {about(td_string!(ui, console.erase_confirm, email = ADDRESS)).into_view()}
                            </p>
                            <div class="actions">
                                <button type="button" class="danger" disabled=busy on:click=erase>
                                    {says(Doing::Erase, about(td_string!(ui, console.erase_yes, email = ADDRESS)))}
                                </button>
                                <button type="button" class="secondary" disabled=busy on:click=keep>
                                    {td_string!(ui, console.erase_no)}
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
    }
}
