//! The donations bundle: the same site, with the donate page and the
//! thank-you page, which the other bundles leave out.

fn main() {
    console_error_panic_hook::set_once();
    civic_web::start(civic_api::site::FirstData::from_donations_json);
    leptos::mount::mount_to_body(civic_web::DonationsApp);
    civic_web::started();
}
