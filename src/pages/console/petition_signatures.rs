//! A published petition's signatures as staff see them: how many are
//! counted, waiting or invalidated; the counted ones by day, country and
//! source; the CSV download; and invalidation in bulk after fraud, with
//! the past invalidations and their undo.

use civic_api::Locale;
use civic_api::signature_review::{Invalidation, SignatureSummary};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_petitions};
use crate::i18n::{self, td_string};
use crate::pages::console::invalidation_form::InvalidationForm;
use crate::pages::console::petition_signatures_history::PastInvalidations;
use crate::pages::console::petition_signatures_tables::SignatureTables;
use crate::pages::console::petition_signatures_words::{Counted, counted};
use crate::pages::console::petition_words::{count_line, petition_failure, refusal};
use crate::pages::console::texts::LoadFailed;
use crate::request::Request;
use crate::ui_locale;

pub const SIGNATURES_HEADING_ID: &str = "petition-signatures-heading";

/// What the section's parts share. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct SignatureReview {
    /// The petition's id.
    pub petition: i64,
    /// The summary as the server last answered it, once it has.
    pub summary: RwSignal<Option<SignatureSummary>>,
    /// The counts changed (an invalidation, an undo): the summary is asked
    /// for again, and the editor hears of it.
    pub changed: Callback<()>,
}

impl SignatureReview {
    /// An invalidation as the server answered it, shown at once in its
    /// place (or first, a new one) until the summary comes again.
    pub fn show_invalidation(self, invalidation: Invalidation) {
        self.summary.try_update(|summary| {
            let Some(summary) = summary else { return };
            match summary
                .invalidations
                .iter_mut()
                .find(|shown| shown.id == invalidation.id)
            {
                Some(shown) => *shown = invalidation,
                None => summary.invalidations.insert(0, invalidation),
            }
        });
    }
}

/// Where the section stands: the first summary is on its way, did not
/// come, or is shown (a later failure is said above it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Loading,
    Failed,
    Shown,
}

/// The petition `id`'s signatures. `first`: the summary where the console
/// has it already (nothing is asked for then); `admin`: whether the CSV
/// holds the addresses; `on_change` hears that the counts changed.
#[component]
pub fn PetitionSignatures(
    locale: Locale,
    id: i64,
    #[prop(optional)] admin: bool,
    #[prop(optional)] first: Option<SignatureSummary>,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let summary = RwSignal::new(None::<SignatureSummary>);
    let failure = RwSignal::new(None::<ApiError>);
    let asked = Request::<Result<SignatureSummary, ApiError>>::new();
    Effect::new(move || match asked.answer().get() {
        Some(Ok(found)) => {
            failure.set(None);
            summary.set(Some(found));
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    let load = move || {
        let base = base.get_value();
        asked.send(async move { staff_petitions::signatures(&base, id, None).await });
    };
    match first {
        Some(found) => summary.set(Some(found)),
        // Never drawn by the server, which has no browser to ask with.
        None if cfg!(target_arch = "wasm32") => asked.load(move |abort| {
            let base = base.get_value();
            async move { staff_petitions::signatures(&base, id, abort.as_ref()).await }
        }),
        None => {}
    }
    let review = SignatureReview {
        petition: id,
        summary,
        changed: Callback::new(move |()| {
            load();
            if let Some(on_change) = on_change {
                on_change.run(());
            }
        }),
    };
    let stage = Memo::new(
        move |_| match (summary.with(Option::is_some), failure.with(Option::is_some)) {
            (true, _) => Stage::Shown,
            (false, true) => Stage::Failed,
            (false, false) => Stage::Loading,
        },
    );
    let problem = move || {
        failure.get().map(|error| {
            view! {
                <LoadFailed
                    ui
                    text=load_failure(ui, &error)
                    offer_retry=refusal(ui, &error).is_none()
                    pending=asked.pending()
                    retry=Callback::new(move |()| load())
                />
            }
        })
    };
    let body = move || match stage.get() {
        Stage::Loading => {
            view! { <p class="loading" role="status">{td_string!(ui, console.signatures_loading)}</p> }.into_any()
        }
        Stage::Failed => ().into_any(),
        // Drawn once: the form keeps what is typed while the counts change.
        Stage::Shown => view! {
            <SignatureCounts ui summary />
            <SignatureTables locale summary />
            <CsvDownload ui id admin />
            <InvalidationForm locale review />
            <PastInvalidations locale review />
        }
        .into_any(),
    };
    view! {
        <section class="petition-signatures" aria-labelledby=SIGNATURES_HEADING_ID>
            <h4 id=SIGNATURES_HEADING_ID>{td_string!(ui, console.signatures_heading)}</h4>
            {problem}
            {body}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.signatures_load_failed),
        _ => petition_failure(ui, error),
    }
}

#[component]
fn SignatureCounts(ui: i18n::Locale, summary: RwSignal<Option<SignatureSummary>>) -> impl IntoView {
    let counts = Memo::new(move |_| {
        summary.with(|summary| {
            summary
                .as_ref()
                .map(|summary| (summary.confirmed, summary.pending, summary.invalidated))
        })
    });
    move || {
        counts.get().map(|(confirmed, pending, invalidated)| {
            view! {
                <ul class="signature-counts">
                    <li>{count_line(ui, confirmed)}</li>
                    <li>{counted(ui, Counted::Pending, pending)}</li>
                    <li>{counted(ui, Counted::Invalidated, invalidated)}</li>
                </ul>
            }
        })
    }
}

/// The signatures as a file: a plain link, which the browser downloads
/// with the session's cookie; the server records it in the audit log.
#[component]
fn CsvDownload(ui: i18n::Locale, id: i64, admin: bool) -> impl IntoView {
    let href = staff_petitions::signatures_csv(&api::api_base(), id);
    let note = match admin {
        true => td_string!(ui, console.signatures_csv_admin),
        false => td_string!(ui, console.signatures_csv_staff),
    };
    view! {
        <div class="signatures-csv">
            <p>
                <a href=href download="" aria-describedby="signatures-csv-note">
                    {td_string!(ui, console.signatures_csv)}
                </a>
            </p>
            <p class="hint" id="signatures-csv-note">
                {note}
            </p>
        </div>
    }
}
