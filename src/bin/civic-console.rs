//! The console bundle: the same site, with the staff console, which the
//! other bundles leave out and visitors never download.

fn main() {
    console_error_panic_hook::set_once();
    // The server draws nothing of the console's page (it is personal), so
    // the page brings no data; the accounts' reader is the one for such
    // pages.
    civic_web::start(civic_api::site::FirstData::from_accounts_json);
    leptos::mount::mount_to_body(civic_web::ConsoleApp);
    civic_web::started();
}
