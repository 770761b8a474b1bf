//! Pages (editors and admins): the site's written pages (home, about, the
//! privacy policy…), each with its address, whether it is for members
//! only and whether it was edited here, and the button that opens it in
//! the editor. The server does not draw the list with the console: the
//! app asks for it. It stays in the page, hidden, while a page is edited.

use civic_api::Locale;
use civic_api::page_editing::{EditablePage, PageLine};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_pages};
use crate::browser::focus_element;
use crate::i18n::{self, td_string};
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::page_editor::{PageEditor, english_title};
use crate::pages::console::page_words::{facts_view, page_failure};
use crate::pages::console::petition_words::with_title;
use crate::pages::console::texts::ADDRESS;
use crate::request::Request;
use crate::ui_locale;

pub const PAGES_HEADING_ID: &str = "pages-heading";

fn edit_button_id(line: &PageLine) -> String {
    format!("page-edit-{}", line.slug.as_str())
}

#[component]
pub fn Pages(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let lines = RwSignal::new(Vec::<PageLine>::new());
    let asked = Request::<Result<Vec<PageLine>, ApiError>>::new();
    let loaded = RwSignal::new(None::<Result<(), ApiError>>);
    Effect::new(move || match asked.answer().get() {
        Some(Ok(found)) => {
            lines.set(found);
            loaded.set(Some(Ok(())));
        }
        Some(Err(error)) => loaded.set(Some(Err(error))),
        None => {}
    });
    // Never drawn by the server: the app asks once it runs.
    if cfg!(target_arch = "wasm32") {
        asked.load(move |abort| {
            let base = base.get_value();
            async move { staff_pages::pages(&base, abort.as_ref()).await }
        });
    }
    let retry = move || {
        let base = base.get_value();
        asked.send(async move { staff_pages::pages(&base, None).await });
    };
    let opened = RwSignal::new(None::<PageLine>);
    // A new version of a page, from the editor: its line shows it.
    let on_change = Callback::new(move |page: EditablePage| {
        lines.update(|lines| {
            if let Some(shown) = lines.iter_mut().find(|shown| shown.slug == page.slug) {
                shown.title = english_title(&page);
                shown.members_only = page.members_only;
                shown.edited = true;
            }
        });
    });
    let open = Callback::new(move |line: PageLine| opened.set(Some(line)));
    let on_close = Callback::new(move |()| {
        let Some(closed) = opened.get_untracked() else { return };
        opened.set(None);
        // Back to the button that opened it, once the list shows again.
        request_animation_frame(move || focus_element(&edit_button_id(&closed)));
    });
    let editing = Memo::new(move |_| opened.with(Option::is_some));
    let empty = Memo::new(move |_| lines.with(Vec::is_empty));
    let list = view! {
        <LoadedView
            ui
            state=move || loaded.get()
            pending=asked.pending()
            loading=td_string!(ui, console.pages_loading)
            failure=load_failure
            retry=Callback::new(move |()| retry())
            let:_loaded
        >
            {match empty.get() {
                true => view! { <p>{td_string!(ui, console.pages_none)}</p> }.into_any(),
                false => view! {
                    <ul class="page-list">
                        <For
                            each=move || lines.get()
                            key=|line| (line.slug.clone(), line.title.clone(), line.members_only, line.edited)
                            children=move |line| view! { <PageRow ui line open /> }
                        />
                    </ul>
                }
                .into_any(),
            }}
        </LoadedView>
    };
    view! {
        <section class="console-section pages" aria-labelledby=PAGES_HEADING_ID>
            <h2 id=PAGES_HEADING_ID tabindex="-1">{td_string!(ui, console.pages_heading)}</h2>
            <div class="pages-overview" hidden=move || editing.get()>
                <p>{td_string!(ui, console.pages_intro)}</p>
                {list}
            </div>
            {move || {
                opened
                    .get()
                    .map(|line| {
                        view! { <PageEditor locale slug=line.slug title=line.title on_change on_close /> }
                    })
            }}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.pages_load_failed),
        _ => page_failure(ui, error),
    }
}

#[component]
fn PageRow(ui: i18n::Locale, line: PageLine, open: Callback<PageLine>) -> impl IntoView {
    let edit = with_title(
        td_string!(ui, console.page_edit, title = ADDRESS),
        line.title.clone(),
        true,
    );
    let id = edit_button_id(&line);
    let facts = facts_view(ui, &line);
    let title = line.title.clone();
    view! {
        <li class="page-line">
            <p class="page-line-title">
                <strong lang="en" dir="auto">
                    {title}
                </strong>
            </p>
            <ul class="page-facts">{facts}</ul>
            <button type="button" class="secondary" id=id on:click=move |_| open.run(line.clone())>
                {edit}
            </button>
        </li>
    }
}
