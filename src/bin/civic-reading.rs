//! The reading bundle: the written pages, the campaign list, the
//! statistics and the survey list, the pages most first visits open. The server draws them,
//! and this bundle only brings their live parts to life (see
//! `civic_web::enhance_drawn_page`), so its download is the smallest.

fn main() {
    console_error_panic_hook::set_once();
    civic_web::start(civic_api::site::FirstData::from_reading_json);
    civic_web::enhance_drawn_page();
}
