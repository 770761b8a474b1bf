//! One text field of a form: its value, whether the visitor has been in it,
//! and what is wrong with it.

use civic_api::FieldError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::form_kit::state::FormKit;

/// `Copy`, so a component and its handlers can share it freely.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    kit: FormKit,
    name: &'static str,
    id: StoredValue<String>,
    value: RwSignal<String>,
    /// Once left (or once the form was sent), the field is checked as the
    /// visitor types; before, only the server's verdict shows.
    touched: RwSignal<bool>,
    check: fn(&str) -> Option<FieldError>,
}

impl Field {
    pub(super) fn new(kit: FormKit, name: &'static str, id: String, check: fn(&str) -> Option<FieldError>) -> Field {
        Field {
            kit,
            name,
            id: StoredValue::new(id),
            value: RwSignal::new(String::new()),
            touched: RwSignal::new(false),
            check,
        }
    }

    /// The field's name in the request and in the API's errors.
    pub fn name(self) -> &'static str {
        self.name
    }

    pub fn id(self) -> String {
        self.id.get_value()
    }

    pub fn hint_id(self) -> String {
        self.id.with_value(|id| format!("{id}-hint"))
    }

    pub fn error_id(self) -> String {
        self.id.with_value(|id| format!("{id}-error"))
    }

    pub fn value(self) -> RwSignal<String> {
        self.value
    }

    /// What the request carries (untracked).
    pub fn text(self) -> String {
        self.value.get_untracked()
    }

    /// A keystroke: the server's verdict on the old value no longer
    /// applies, and the request changed.
    pub fn edit(self, value: String) {
        self.value.set(value);
        self.kit.forget_error(self.name);
        self.kit.changed();
    }

    /// Sets the value for the visitor, as if they had typed it.
    pub fn set(self, value: String) {
        self.value.set(value);
        self.kit.changed();
    }

    /// Fills the field for the visitor, unless they have been in it.
    pub fn prefill(self, value: String) {
        if !self.touched.get_untracked() {
            self.set(value);
        }
    }

    pub fn touch(self) {
        self.touched.set(true);
    }

    /// The visitor left the field: from now on it is checked as they type.
    /// Not when they left it for the form's submit button: an error shown
    /// at once would push the button down between the press and the
    /// release, and the click would miss it. Sending checks every field.
    pub fn leave(self, event: &web_sys::FocusEvent) {
        let for_submit = self.kit.is_pressing()
            || event
                .related_target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlButtonElement>().ok())
                .is_some_and(|button| button.type_() == "submit");
        if !for_submit {
            self.touch();
        }
    }

    /// Empty and untouched, as on a new form.
    pub fn clear(self) {
        self.value.set(String::new());
        self.touched.set(false);
    }

    /// What is wrong (tracked): the shared rule once the field was
    /// touched, else the server's last verdict.
    pub fn error(self) -> Option<FieldError> {
        let local = match self.touched.get() {
            true => self.value.with(|text| (self.check)(text)),
            false => None,
        };
        local.or_else(|| self.kit.server_error(self.name))
    }

    pub fn error_untracked(self) -> Option<FieldError> {
        untrack(|| self.error())
    }

    /// What ties the control to its hint and, when there is one, its error.
    pub fn described_by(self) -> String {
        match self.error().is_some() {
            true => format!("{} {}", self.hint_id(), self.error_id()),
            false => self.hint_id(),
        }
    }

    pub fn invalid(self) -> Option<&'static str> {
        self.error().is_some().then_some("true")
    }
}
