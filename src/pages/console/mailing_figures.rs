//! A mailing that went out: its subject in each language and its English
//! text, no longer edited; and what became of its mails, in aggregate
//! only: how many went, failed or wait, how many left the list from it,
//! and its opens by language, never by person.

use civic_api::Locale;
use civic_api::newsletter_mailing::{LanguageFigures, MailingFigures};
use leptos::prelude::*;

use crate::api::{self, staff_newsletter};
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::mailing_editor::Desk;
use crate::pages::console::markdown_preview::MarkdownPreview;
use crate::pages::console::newsletter_words::mailing_failure;
use crate::pages::console::petition_words::language_name;
use crate::ui_locale;

pub const MAILING_FIGURES_HEADING_ID: &str = "mailing-figures-heading";

/// What went out, and its figures.
#[component]
pub fn SentMailing(locale: Locale, desk: Desk) -> impl IntoView {
    let ui = ui_locale(locale);
    let texts = Memo::new(move |_| {
        desk.mailing.with(|mailing| {
            mailing
                .as_ref()
                .map(|mailing| mailing.texts.clone())
                .unwrap_or_default()
        })
    });
    let english = Signal::derive(move || {
        texts.with(|texts| {
            texts
                .iter()
                .find(|text| text.locale == Locale::DEFAULT)
                .map(|text| text.body_markdown.clone())
                .unwrap_or_default()
        })
    });
    let subjects = move || {
        Locale::ALL
            .into_iter()
            .map(|text_locale| {
                let subject = texts.with(|texts| {
                    texts
                        .iter()
                        .find(|text| text.locale == text_locale && !text.title.trim().is_empty())
                        .map(|text| text.title.clone())
                });
                let said = match subject {
                    Some(subject) => view! {
                        <dd lang=text_locale.as_str() dir=text_locale.dir()>
                            {subject}
                        </dd>
                    }
                    .into_any(),
                    None => view! { <dd class="hint">{td_string!(ui, console.mailing_not_written)}</dd> }.into_any(),
                };
                view! {
                    <div>
                        <dt id=format!("mailing-sent-{text_locale}")>{language_name(text_locale)}</dt>
                        {said}
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <section class="mailing-sent" aria-labelledby="mailing-sent-heading">
            <h3 id="mailing-sent-heading">{td_string!(ui, console.mailing_sent_texts_heading)}</h3>
            <dl class="mailing-subjects">{subjects}</dl>
            <MarkdownPreview
                locale
                text_locale=Locale::DEFAULT
                markdown=english
                label=td_string!(ui, console.mailing_sent_text)
                id="mailing-sent-preview".to_owned()
                labelled_by=format!("mailing-sent-{}", Locale::DEFAULT)
            />
        </section>
        <MailingFiguresView locale desk />
    }
}

/// The figures, and the button that asks for them again.
#[component]
fn MailingFiguresView(locale: Locale, desk: Desk) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let figures = Memo::new(move |_| {
        desk.mailing.with(|mailing| {
            mailing
                .as_ref()
                .map(|mailing| mailing.figures.clone())
                .unwrap_or_default()
        })
    });
    let refreshing = RwSignal::new(false);
    let refreshed = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let refresh = move |_| {
        let Some(id) = desk.id() else { return };
        if refreshing.get_untracked() {
            return;
        }
        refreshing.set(true);
        refreshed.set(false);
        problem.set(None);
        desk.notice.set(None);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_newsletter::mailing(&base, id, None).await;
            // Gone meanwhile: nothing to show it in.
            if refreshing.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(mailing) => {
                    desk.show(mailing);
                    refreshed.set(true);
                }
                Err(error) => problem.set(Some(mailing_failure(ui, &error))),
            }
        });
    };
    view! {
        <section class="mailing-figures" aria-labelledby=MAILING_FIGURES_HEADING_ID>
            <h3 id=MAILING_FIGURES_HEADING_ID tabindex="-1">
                {td_string!(ui, console.mailing_figures_heading)}
            </h3>
            {move || figures.with(|figures| totals(ui, figures))}
            {move || figures.with(|figures| opens_table(ui, &figures.languages))}
            <p class="hint">{td_string!(ui, console.mailing_opens_note)}</p>
            <p>
                <button type="button" class="secondary" disabled=move || refreshing.get() on:click=refresh>
                    {move || match refreshing.get() {
                        true => td_string!(ui, console.mailing_refreshing),
                        false => td_string!(ui, console.mailing_refresh),
                    }}
                </button>
            </p>
            <div class="console-status" role="status">
                {move || refreshed.get().then(|| view! { <p class="success">{td_string!(ui, console.mailing_refreshed)}</p> })}
            </div>
            <div class="console-alert" role="alert">
                {move || problem.get().map(|text| view! { <p>{text}</p> })}
            </div>
        </section>
    }
}

/// "Recipients: 1,234", "Sent: 1,230", …
fn totals(ui: i18n::Locale, figures: &MailingFigures) -> impl IntoView + use<> {
    let number = |count: u64| format_number(ui, count);
    let lines = [
        td_string!(
            ui,
            console.mailing_figure_recipients,
            count = number(figures.recipients)
        ),
        td_string!(ui, console.mailing_figure_sent, count = number(figures.sent)),
        td_string!(ui, console.mailing_figure_failed, count = number(figures.failed)),
        td_string!(ui, console.mailing_figure_waiting, count = number(figures.waiting)),
        td_string!(
            ui,
            console.mailing_figure_unsubscribes,
            count = number(figures.unsubscribes)
        ),
    ];
    let items = lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view();
    view! { <ul class="mailing-totals">{items}</ul> }
}

/// Each language written, how many it went to and how often it was
/// opened, in a box of its own that scrolls sideways on a phone.
fn opens_table(ui: i18n::Locale, languages: &[LanguageFigures]) -> AnyView {
    if languages.is_empty() {
        return view! { <p>{td_string!(ui, console.mailing_opens_none)}</p> }.into_any();
    }
    let rows = languages
        .iter()
        .map(|each| {
            view! {
                <tr>
                    <th scope="row">{language_name(each.locale)}</th>
                    <td>{format_number(ui, each.recipients)}</td>
                    <td>{format_number(ui, each.opens)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="mailing-opens-caption">
            <table class="chart-table mailing-opens-table">
                <caption id="mailing-opens-caption">{td_string!(ui, console.mailing_opens_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(ui, console.mailing_language_column)}</th>
                        <th scope="col">{td_string!(ui, console.mailing_recipients_column)}</th>
                        <th scope="col">{td_string!(ui, console.mailing_opens_column)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
