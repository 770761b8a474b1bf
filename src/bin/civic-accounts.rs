//! The accounts bundle: the same site, with joining, signing in and the
//! member area, which the other bundles leave out.

fn main() {
    console_error_panic_hook::set_once();
    civic_web::start(civic_api::site::FirstData::from_accounts_json);
    leptos::mount::mount_to_body(civic_web::AccountsApp);
    civic_web::started();
}
