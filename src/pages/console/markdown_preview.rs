//! A petition's text as visitors will read it, while it is typed: the
//! server's own renderer and sanitiser make the HTML (so the preview shows
//! what the site will), asked for once typing has paused, and only the
//! answer to the latest text is shown.

use std::time::Duration;

use civic_api::Locale;
use leptos::prelude::*;

use crate::api::{self, staff_petitions};
use crate::i18n::td_string;
use crate::ui_locale;

/// How long typing must pause before the preview is asked for.
const PAUSE: Duration = Duration::from_millis(400);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    Nothing,
    /// The first preview is on its way.
    Waiting,
    Html(String),
    Failed,
}

/// `markdown`: the text as typed, in `text_locale`; `label`: the visible
/// word naming it ("Preview"); `labelled_by`: the id of the language's
/// name, which names the region after that word (four previews, told
/// apart by their names; a second form's previews by their own word).
#[component]
pub fn MarkdownPreview(
    locale: Locale,
    text_locale: Locale,
    #[prop(into)] markdown: Signal<String>,
    label: &'static str,
    id: String,
    labelled_by: String,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let shown = RwSignal::new(match markdown.with_untracked(|text| text.trim().is_empty()) {
        true => Shown::Nothing,
        false => Shown::Waiting,
    });
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // The text last asked for, and which request that was: an answer to
    // an older one arrives too late to be shown.
    let asked_text = StoredValue::new(String::new());
    let latest = StoredValue::new(0u64);
    let cancel = move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    };
    on_cleanup(cancel);
    Effect::new(move |before: Option<()>| {
        let text = markdown.get();
        // The same text again (the form refilled after a save): the
        // preview shown, or on its way, is still right.
        if asked_text.with_value(|asked| *asked == text) {
            return;
        }
        asked_text.set_value(text.clone());
        cancel();
        let asked = latest.get_value() + 1;
        latest.set_value(asked);
        if text.trim().is_empty() {
            shown.set(Shown::Nothing);
            return;
        }
        let ask = move || {
            let base = base.get_value();
            leptos::task::spawn_local(async move {
                let answer = staff_petitions::preview(&base, &text).await;
                if latest.try_get_value() != Some(asked) {
                    return;
                }
                shown.try_set(match answer {
                    Ok(preview) => Shown::Html(preview.html),
                    Err(_) => Shown::Failed,
                });
            });
        };
        // The text the editor opened with is shown at once.
        let pause = match before {
            None => Duration::ZERO,
            Some(()) => PAUSE,
        };
        timer.set_value(set_timeout_with_handle(ask, pause).ok());
    });
    let label_id = format!("{id}-label");
    let labelled_by = format!("{label_id} {labelled_by}");
    view! {
        <div class="markdown-preview" role="region" aria-labelledby=labelled_by>
            <p class="preview-label" id=label_id>
                {label}
            </p>
            {move || match shown.get() {
                Shown::Nothing => view! { <p class="hint">{td_string!(ui, console.petition_preview_empty)}</p> }
                    .into_any(),
                Shown::Waiting => ().into_any(),
                Shown::Failed => view! { <p class="hint">{td_string!(ui, console.petition_preview_failed)}</p> }
                    .into_any(),
                Shown::Html(html) => view! {
                    <div class="prose" lang=text_locale.as_str() dir=text_locale.dir() inner_html=html></div>
                }
                .into_any(),
            }}
        </div>
    }
}
