fn main() {
    console_error_panic_hook::set_once();
    civic_web::start();
    leptos::mount::mount_to_body(civic_web::App);
    civic_web::started();
}
