//! The console bundle: the same site, with the staff console, which the
//! other bundles leave out and visitors never download.

fn main() {
    console_error_panic_hook::set_once();
    civic_web::start(civic_api::site::FirstData::from_console_json);
    leptos::mount::mount_to_body(civic_web::ConsoleApp);
    civic_web::started();
}
