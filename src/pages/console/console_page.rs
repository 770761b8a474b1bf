//! The staff console (`/admin`): who is signed in decides what it shows.
//! Every staff member works the inbox, writes and publishes petitions,
//! edits the written pages, writes and sends the newsletter, builds
//! surveys and reads their results, and reads the statistics; admins find
//! people and change their roles, and read the audit log; every staff
//! member downloads the exports their role allows. The server refuses
//! each request to anyone else, whatever this page shows.

use civic_api::account::{AccountView, Role};
use civic_api::staff::ConsoleStart;
use civic_api::{ErrorCode, Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{encode_uri_component, focus_element, focus_heading_after_navigation, set_document_meta};
use crate::components::authenticator_code::AuthenticatorStepUp;
use crate::first_page;
use crate::i18n::td_string;
use crate::pages::console::audit_log::{AUDIT_HEADING_ID, AuditLog};
use crate::pages::console::exports::{EXPORTS_HEADING_ID, Exports};
use crate::pages::console::inbox::{INBOX_HEADING_ID, Inbox};
use crate::pages::console::newsletter::{NEWSLETTER_HEADING_ID, Newsletter};
use crate::pages::console::pages::{PAGES_HEADING_ID, Pages};
use crate::pages::console::people::{PEOPLE_HEADING_ID, People};
use crate::pages::console::petitions::{PETITIONS_HEADING_ID, Petitions};
use crate::pages::console::staff_statistics::{STATISTICS_HEADING_ID, StaffStatisticsSection};
use crate::pages::console::surveys::{SURVEYS_HEADING_ID, Surveys};
use crate::pages::console::texts::{ADDRESS, Said, role_name};
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn ConsolePage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, console.title), Some(td_string!(ui, console.description)));
    let base = StoredValue::new(api::api_base());
    // Drawn by the server for whoever asked; come by a link, the app asks
    // who is signed in.
    let session = match first_page::take_console() {
        Some(drawn) => Request::answered(drawn.map_err(ApiError::from_body)),
        None => {
            let asked = Request::new();
            asked.load(move |_| {
                let base = base.get_value();
                async move { api::session(&base).await.map(console_start) }
            });
            asked
        }
    };
    let session = session.answer();
    let here = SiteRoute {
        locale,
        target: Target::Console,
    }
    .path();
    let sign_in = format!(
        "{}?next={}",
        SiteRoute {
            locale,
            target: Target::SignIn
        }
        .path(),
        encode_uri_component(&here)
    );
    let your_account = SiteRoute {
        locale,
        target: Target::Account,
    }
    .path();
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, console.title)}
        </h1>
        {move || match session.get() {
            None => view! { <p class="loading" role="status">{td_string!(ui, console.loading)}</p> }.into_any(),
            Some(Err(ApiError::Server(body))) if body.code == ErrorCode::Unauthorized => view! {
                <p>{td_string!(ui, console.signed_out)}</p>
                <p><a href=sign_in.clone()>{td_string!(ui, console.sign_in)}</a></p>
            }
            .into_any(),
            Some(Err(_)) => view! { <p role="alert">{td_string!(ui, console.load_failed)}</p> }.into_any(),
            Some(Ok(start)) if !start.role.is_staff() => {
                view! { <p>{td_string!(ui, console.members_only_staff)}</p> }.into_any()
            }
            Some(Ok(start)) if start.needs_passkey => view! {
                <p>{td_string!(ui, console.needs_passkey)}</p>
                <AuthenticatorStepUp locale />
                <p><a href=your_account.clone()>{td_string!(ui, console.your_account)}</a></p>
            }
            .into_any(),
            Some(Ok(start)) => view! { <StaffConsole locale start /> }.into_any(),
        }}
    }
}

/// The sections a staff member's role opens: admins have them all,
/// editors the inbox, the petitions, the pages, the newsletter, the
/// surveys, the statistics and the exports.
#[component]
fn StaffConsole(locale: Locale, start: ConsoleStart) -> impl IntoView {
    let ui = ui_locale(locale);
    let ConsoleStart {
        email,
        role,
        audit,
        people,
        petitions,
        inbox,
        statistics,
        ..
    } = start;
    let admin = role == Role::Admin;
    let signed_in = td_string!(ui, console.signed_in_as, email = ADDRESS, role = role_name(ui, role));
    let signed_in = Said::with(signed_in, &email).into_view();
    view! {
        <p>{signed_in}</p>
        <nav class="console-nav" aria-label=td_string!(ui, console.sections_label)>
            <ul>
                <li><SectionLink target=INBOX_HEADING_ID text=td_string!(ui, console.inbox_heading) /></li>
                <li><SectionLink target=PETITIONS_HEADING_ID text=td_string!(ui, console.petitions_heading) /></li>
                <li><SectionLink target=PAGES_HEADING_ID text=td_string!(ui, console.pages_heading) /></li>
                <li><SectionLink target=NEWSLETTER_HEADING_ID text=td_string!(ui, console.newsletter_heading) /></li>
                <li><SectionLink target=SURVEYS_HEADING_ID text=td_string!(ui, console.surveys_heading) /></li>
                <li><SectionLink target=STATISTICS_HEADING_ID text=td_string!(ui, console.statistics_heading) /></li>
                {admin
                    .then(|| {
                        view! {
                            <li><SectionLink target=PEOPLE_HEADING_ID text=td_string!(ui, console.people_heading) /></li>
                            <li><SectionLink target=AUDIT_HEADING_ID text=td_string!(ui, console.audit_heading) /></li>
                        }
                    })}
                <li><SectionLink target=EXPORTS_HEADING_ID text=td_string!(ui, console.exports_heading) /></li>
            </ul>
        </nav>
        <Inbox locale first=inbox />
        <Petitions locale first=petitions.clone() admin />
        <Pages locale />
        <Newsletter locale />
        <Surveys locale />
        <StaffStatisticsSection locale first=statistics />
        {admin.then(|| view! {
            <People locale me=email.clone() first=people.clone() />
            <AuditLog locale first=audit.clone() />
        })}
        <Exports locale admin />
    }
}

/// Who is signed in, as the console needs it, when the app asked.
fn console_start(account: AccountView) -> ConsoleStart {
    ConsoleStart {
        email: account.email,
        role: account.role,
        needs_passkey: account.needs_passkey,
        audit: None,
        people: None,
        petitions: None,
        inbox: None,
        statistics: None,
    }
}

/// A link to a section's heading, which takes focus (and so comes into
/// view) rather than only scrolling there.
#[component]
fn SectionLink(target: &'static str, text: &'static str) -> impl IntoView {
    view! {
        <a
            href=format!("#{target}")
            on:click=move |event| {
                event.prevent_default();
                focus_element(target);
            }
        >
            {text}
        </a>
    }
}
