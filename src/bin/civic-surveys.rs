//! The survey bundle: the same site, with the survey engine that the main
//! bundle leaves out so that it does not weigh on every visitor.

fn main() {
    console_error_panic_hook::set_once();
    civic_web::start(civic_api::site::FirstData::from_surveys_json);
    leptos::mount::mount_to_body(civic_web::SurveysApp);
    civic_web::started();
}
