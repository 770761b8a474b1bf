//! A mailing's times in the visitor's own time zone: the API speaks
//! RFC 3339 in UTC, while a person schedules and reads in their local
//! time (`<input type="datetime-local">`), whose zone only the browser
//! knows. The server, which has no visitor, writes times in UTC.

use civic_api::FieldError;
#[cfg(target_arch = "wasm32")]
use civic_api::newsletter_mailing::SCHEDULE_DAYS_MAX;
#[cfg(target_arch = "wasm32")]
use js_sys::Date;

use crate::i18n;
#[cfg(target_arch = "wasm32")]
use crate::i18n::td_string;
use crate::pages::console::petition_signatures_words::time_text;

/// "10 December 2026, 09:30 (Europe/Paris)": `at` (RFC 3339) as the
/// visitor's clock reads it.
pub fn local_time(ui: i18n::Locale, at: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = browser_time(ui, at) {
        return text;
    }
    time_text(ui, at)
}

#[cfg(target_arch = "wasm32")]
fn browser_time(ui: i18n::Locale, at: &str) -> Option<String> {
    let date = Date::new(&wasm_bindgen::JsValue::from_str(at));
    if date.get_time().is_nan() {
        return None;
    }
    let iso = format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    );
    let day = crate::dates::format_date(ui, &iso)?;
    let time = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
    Some(match local_zone() {
        Some(zone) => td_string!(ui, console.mailing_local_time, day = day, time = time, zone = zone),
        None => td_string!(ui, console.mailing_local_time_no_zone, day = day, time = time),
    })
}

/// The visitor's time zone as the browser names it ("Europe/Paris").
pub fn local_zone() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        let zone = js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?;
        zone.as_string().filter(|zone| !zone.is_empty())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// `at` (RFC 3339) as a datetime-local input holds it: "2026-12-10T09:30"
/// on the visitor's clock.
pub fn local_input(at: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let date = Date::new(&wasm_bindgen::JsValue::from_str(at));
        (!date.get_time().is_nan()).then(|| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                date.get_full_year(),
                date.get_month() + 1,
                date.get_date(),
                date.get_hours(),
                date.get_minutes()
            )
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = at;
        None
    }
}

/// What a datetime-local input holds ("2026-12-10T09:30", on the
/// visitor's clock) as the API takes it: RFC 3339 in UTC.
pub fn utc_from_local(text: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let date = parse_local(text)?;
        Some(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            date.get_utc_full_year(),
            date.get_utc_month() + 1,
            date.get_utc_date(),
            date.get_utc_hours(),
            date.get_utc_minutes(),
            date.get_utc_seconds()
        ))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        None
    }
}

/// The contract's rule for when a mailing goes out, as it is typed: a
/// time in the future, at most `SCHEDULE_DAYS_MAX` days ahead.
pub fn check_send_at(text: &str) -> Option<FieldError> {
    if text.trim().is_empty() {
        return Some(FieldError::Required);
    }
    #[cfg(target_arch = "wasm32")]
    {
        let Some(date) = parse_local(text) else {
            return Some(FieldError::Invalid);
        };
        let (at, now) = (date.get_time(), Date::now());
        let latest = now + SCHEDULE_DAYS_MAX as f64 * 86_400_000.0;
        if at <= now || at > latest {
            return Some(FieldError::Invalid);
        }
    }
    None
}

/// "2026-12-10T09:30" (seconds, and their fraction, may follow) on the
/// visitor's clock; `None` for anything else, or a day that does not
/// exist (31 February), which `Date` would roll over into the next month.
#[cfg(target_arch = "wasm32")]
fn parse_local(text: &str) -> Option<Date> {
    let (day, time) = text.trim().split_once('T')?;
    let number = |part: Option<&str>, digits: usize| {
        part.filter(|part| part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u32>().ok())
    };
    let mut days = day.split('-');
    let (year, month, date) = (
        number(days.next(), 4)?,
        number(days.next(), 2)?,
        number(days.next(), 2)?,
    );
    let mut times = time.split(':');
    let (hour, minute) = (number(times.next(), 2)?, number(times.next(), 2)?);
    let second = match times.next() {
        Some(second) => number(second.get(..2), 2)?,
        None => 0,
    };
    if days.next().is_some() || times.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let parsed = Date::new_with_year_month_day_hr_min_sec(
        year,
        month as i32 - 1,
        date as i32,
        hour as i32,
        minute as i32,
        second as i32,
    );
    let same_day = parsed.get_full_year() == year && parsed.get_month() + 1 == month && parsed.get_date() == date;
    same_day.then_some(parsed)
}
