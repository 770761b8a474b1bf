fn main() {
    console_error_panic_hook::set_once();
    civic_web::start(civic_api::site::FirstData::from_main_json);
    leptos::mount::mount_to_body(civic_web::App);
    civic_web::started();
}
