//! Invitation addresses taken from a file on the device (a list kept in a
//! spreadsheet or a mail program, saved as text or CSV). The browser reads
//! it and hands its text to the "Addresses" box, in place of what was
//! there: nothing is sent from here, so the check of pasted lines
//! (`read_addresses`) applies to the file's lines when they are sent.

use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::texts::{ADDRESS, Said};

const FILE_ID: &str = "survey-invite-file";
const HINT_ID: &str = "survey-invite-file-hint";
const ERROR_ID: &str = "survey-invite-file-error";
/// Text and CSV files, by name and by type: a browser may know a CSV file
/// by either (Windows calls it a spreadsheet).
const ACCEPTED: &str = ".txt,.csv,text/plain,text/csv";
const MEGABYTE: u64 = 1024 * 1024;
/// The largest file read: the most addresses sent at once
/// (`INVITATIONS_MAX`) take a few hundred kilobytes.
const FILE_MAX_BYTES: u64 = MEGABYTE;

/// Why a file's text was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    TooLarge,
    /// The browser could not read it, or it is not UTF-8 text.
    Unreadable,
}

fn problem_text(ui: i18n::Locale, problem: FileProblem) -> String {
    match problem {
        FileProblem::TooLarge => td_string!(
            ui,
            console.survey_invite_file_too_large,
            mb = format_number(ui, FILE_MAX_BYTES / MEGABYTE)
        ),
        FileProblem::Unreadable => td_string!(ui, console.survey_invite_file_unreadable).to_owned(),
    }
}

/// The text of `file`, read in the browser. Its type is not asked: the
/// browser often knows none, or calls a CSV file a spreadsheet.
pub async fn file_text(file: &web_sys::File) -> Result<String, FileProblem> {
    if file.size() > FILE_MAX_BYTES as f64 {
        return Err(FileProblem::TooLarge);
    }
    let read = JsFuture::from(file.text()).await.map_err(|_| FileProblem::Unreadable)?;
    let text = read.as_string().ok_or(FileProblem::Unreadable)?;
    match is_text(&text) {
        true => Ok(text),
        false => Err(FileProblem::Unreadable),
    }
}

/// `Blob.text()` reads any bytes as UTF-8, with U+FFFD where they are not:
/// that, or a NUL, is a file of another kind (a workbook, a picture) or
/// text in another encoding, whose lines would all be wrong.
fn is_text(text: &str) -> bool {
    !text.contains(['\0', '\u{FFFD}'])
}

/// The file control, its refusals, and which file was taken. `taken`
/// names the file whose text is in the box (the form forgets it once the
/// addresses are sent); `on_read` gets the text.
#[component]
pub fn AddressesFile(ui: i18n::Locale, taken: RwSignal<Option<String>>, on_read: Callback<String>) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let problem = RwSignal::new(None::<FileProblem>);
    // The file chosen last: an earlier one read more slowly is dropped.
    let choice = StoredValue::new(0_u32);
    let read = move |_| {
        problem.set(None);
        let Some(field) = input.get_untracked() else {
            return;
        };
        let Some(file) = field.files().and_then(|files| files.get(0)) else {
            return;
        };
        taken.set(None);
        let this = choice.get_value().wrapping_add(1);
        choice.set_value(this);
        leptos::task::spawn_local(async move {
            let result = file_text(&file).await;
            if choice.try_get_value() != Some(this) {
                return;
            }
            match result {
                Ok(text) => {
                    // Ready for another file, or the same one again.
                    field.set_value("");
                    taken.try_set(Some(file.name()));
                    on_read.run(text);
                }
                Err(found) => {
                    problem.try_set(Some(found));
                }
            }
        });
    };
    let described_by = move || match problem.get() {
        Some(_) => format!("{HINT_ID} {ERROR_ID}"),
        None => HINT_ID.to_owned(),
    };
    view! {
        <div class="field">
            <label for=FILE_ID>{td_string!(ui, console.survey_invite_file_label)}</label>
            <p class="hint" id=HINT_ID>
                {td_string!(ui, console.survey_invite_file_hint)}
            </p>
            <input
                id=FILE_ID
                type="file"
                accept=ACCEPTED
                node_ref=input
                aria-invalid=move || problem.get().map(|_| "true")
                aria-describedby=described_by
                on:change=read
            />
            {move || {
                problem
                    .get()
                    .map(|found| {
                        view! {
                            <p class="field-error" id=ERROR_ID role="alert">
                                {problem_text(ui, found)}
                            </p>
                        }
                    })
            }}
            <div class="console-status" role="status">
                {move || {
                    taken
                        .get()
                        .map(|name| {
                            let said = td_string!(ui, console.survey_invite_file_taken, file = ADDRESS);
                            view! { <p>{Said::with(said, &name).into_view()}</p> }
                        })
                }}
            </div>
        </div>
    }
}
