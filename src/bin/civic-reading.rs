//! The reading bundle: the same site with only the written pages and the
//! campaign list, the pages most first visits open, in the smallest
//! download.

fn main() {
    console_error_panic_hook::set_once();
    civic_web::start(civic_api::site::FirstData::from_main_json);
    leptos::mount::mount_to_body(civic_web::ReadingApp);
    civic_web::started();
}
