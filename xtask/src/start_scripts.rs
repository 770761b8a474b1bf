//! When each bundle's page starts its wasm. trunk writes a page that
//! preloads the wasm and starts it at once; the build rewrites that start
//! so a first visit downloads only what the visitor uses:
//!
//! - the reading bundle (`Bundle::only_enhances`) starts once the page the
//!   server drew is painted (`waiting_for_the_page`);
//! - the bundles whose app draws its pages (the main one and the surveys')
//!   start the reading bundle the same way, for what lives on every page
//!   (the language links, the counted view), and their own app only when
//!   the visitor reaches for one of the page's forms, or at once where the
//!   server drew no page (`waiting_for_the_visitor`).

use anyhow::{Context, Result};

/// `html`, the page of a bundle that only brings a page the server drew to
/// life, made to wait for that page: without the `<link rel="preload">`
/// trunk writes for the wasm, and with trunk's start-up script fetching
/// it only once the page has been painted. The page is read before the
/// wasm arrives; fetched earlier, the wasm would take a phone's bandwidth
/// from the page's own pictures and count toward its largest paint.
pub fn waiting_for_the_page(html: &str) -> Result<String> {
    let html = without_wasm_preload(html)?;
    insert_before(&html, WASM_START, AFTER_FIRST_PAINT)
}

/// `app`, the page of a bundle whose app draws its pages, made to start
/// the reading bundle's wasm as `reading` (already `waiting_for_the_page`)
/// does, and its own only once the visitor focuses or presses on a form or
/// a button of the page the server drew (any but those in `data-plain`,
/// which the browser sends as well as any app would: the consent
/// banner's). Until then the page is the server's, its forms posted by the
/// browser. What the browser cannot do without the app (send a form with
/// no `method`, a survey's; press a button such as "Copy link") is held
/// meanwhile, and done again through the app. Neither the app's wasm nor
/// its JavaScript is fetched before: most visitors read and leave.
pub fn waiting_for_the_visitor(app: &str, reading: &str) -> Result<String> {
    let reading_start = element(reading, "<script type=\"module\">", "</script>")
        .context("the reading bundle's page has no start-up script")?;
    let reading_preload = element(reading, "<link rel=\"modulepreload\"", ">")
        .context("the reading bundle's page has no modulepreload link")?;
    let app = without_wasm_preload(app)?;
    let import = element(&app, APP_IMPORT, "';\n").context("trunk's start-up script imports its module otherwise")?;
    let module = &import[APP_IMPORT.len()..import.len() - "';\n".len()];
    let preload = element(&app, &format!("<link rel=\"modulepreload\" href=\"{module}\""), ">")
        .context("trunk wrote no modulepreload link for the app's module")?;
    let app = app.replacen(preload, "", 1).replacen(import, "", 1);
    let load = format!("const bindings = await import('{module}');\nconst init = bindings.default;\n");
    let app = insert_before(&app, WASM_START, &format!("{UNTIL_THE_VISITOR_REACHES}{load}"))?;
    let started = app.find(WASM_START).expect("just found") + WASM_START.len();
    let line_end = started + app[started..].find('\n').context("trunk's start-up line has no end")? + 1;
    let app = format!("{}{DO_WHAT_WAS_HELD}{}", &app[..line_end], &app[line_end..]);
    insert_before(&app, "</head>", &format!("{reading_start}\n{reading_preload}\n"))
}

/// How trunk's start-up script begins its line importing the bundle's
/// JavaScript module (the path follows, then `';`).
const APP_IMPORT: &str = "import init, * as bindings from '";

/// The line of trunk's start-up script that fetches and starts the wasm.
const WASM_START: &str = "const wasm = await init(";

/// Resolves once the browser has reported the page's first contentful
/// paint (reported after the frame is on screen, which the frame after the
/// script ran may not yet be), or after three seconds where it reports no
/// paints.
const AFTER_FIRST_PAINT: &str = "await new Promise((painted) => { \
const go = () => setTimeout(painted); setTimeout(go, 3000); \
if (performance.getEntriesByName('first-contentful-paint').length) return go(); \
new PerformanceObserver((list, seen) => { if (list.getEntriesByName('first-contentful-paint').length) { seen.disconnect(); go(); } })\
.observe({ type: 'paint', buffered: true }); });\n";

/// Holds what only an app can do (sending a form with no `method`, a
/// survey's; pressing a `type="button"` button, "Copy link"), each by its
/// place among the page's forms or buttons, and resolves when the visitor
/// focuses or presses on a form or button of the drawn page
/// (`civic-first-page`, `civic_api::site::FIRST_PAGE_ELEMENT_ID`), when
/// the reading bundle asks for the app at once (`civic-app-wanted`: a
/// petition that greets a signer, see civic-web's `enhanced_page`), or at
/// once where the server drew no page.
const UNTIL_THE_VISITOR_REACHES: &str = "const held = [];\n\
const place = (selector, element) => [...document.querySelectorAll(selector)].indexOf(element);\n\
const hold = (event) => { if (!(event.target instanceof Element) || event.target.closest('[data-plain]')) return; \
if (event.type === 'submit' && !event.target.hasAttribute('method')) { event.preventDefault(); held.push(['form', place('form', event.target)]); } \
const button = event.type === 'click' && event.target.closest('button[type=\"button\"]'); \
if (button) held.push(['button', place('button', button)]); };\n\
addEventListener('submit', hold, true);\n\
addEventListener('click', hold, true);\n\
await new Promise((reached) => { \
if (!document.getElementById('civic-first-page')) return reached(); \
const kinds = ['focusin', 'pointerdown']; \
const reach = (event) => { if (!(event.target instanceof Element) || !event.target.closest('form, button') \
|| event.target.closest('[data-plain]')) return; \
kinds.forEach((kind) => removeEventListener(kind, reach, true)); reached(); }; \
kinds.forEach((kind) => addEventListener(kind, reach, true)); addEventListener('civic-app-wanted', reached); });\n";

/// Once the app has started (it puts its page in the server's in a task
/// of its own, before any timer): does what was held, through the app's
/// form or button in the same place.
const DO_WHAT_WAS_HELD: &str = "removeEventListener('submit', hold, true);\n\
removeEventListener('click', hold, true);\n\
setTimeout(() => held.forEach(([selector, index]) => { const element = document.querySelectorAll(selector)[index]; \
if (selector === 'form') element?.requestSubmit(); else element?.click(); }));\n";

/// `html` without the `<link rel="preload">` trunk writes for the wasm.
fn without_wasm_preload(html: &str) -> Result<String> {
    let preload = html
        .match_indices("<link rel=\"preload\"")
        .map(|(start, _)| start)
        .find_map(|start| {
            let end = start + html[start..].find('>')? + 1;
            html[start..end].contains("_bg.wasm\"").then_some(start..end)
        })
        .context("trunk wrote no preload link for the wasm")?;
    Ok(format!("{}{}", &html[..preload.start], &html[preload.end..]))
}

/// `html` with `text` inserted before the first `marker`.
fn insert_before(html: &str, marker: &str, text: &str) -> Result<String> {
    let at = html
        .find(marker)
        .with_context(|| format!("the page has no `{marker}` as trunk writes it"))?;
    Ok(format!("{}{text}{}", &html[..at], &html[at..]))
}

/// The first element of `html` from `open` to the first `close` after it.
fn element<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let end = start + html[start..].find(close)? + close.len();
    Some(&html[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trunk_page(name: &str) -> String {
        format!(
            concat!(
                "<head><script type=\"module\">\nimport init, * as bindings from '/{0}-1f.js';\n",
                "const wasm = await init({{ module_or_path: '/{0}-1f_bg.wasm' }});\nwindow.wasmBindings = bindings;\n</script>",
                "<link rel=\"modulepreload\" href=\"/{0}-1f.js\" integrity=\"sha384-a\">",
                "<link rel=\"preload\" href=\"/{0}-1f_bg.wasm\" integrity=\"sha384-b\" as=\"fetch\" type=\"application/wasm\">",
                "</head>"
            ),
            name
        )
    }

    #[test]
    fn an_enhancing_bundle_fetches_its_wasm_after_the_first_paint_and_nothing_else_changes() {
        assert_eq!(
            waiting_for_the_page(&trunk_page("civic-reading")).unwrap(),
            concat!(
                "<head><script type=\"module\">\nimport init, * as bindings from '/civic-reading-1f.js';\n",
                "await new Promise((painted) => { const go = () => setTimeout(painted); setTimeout(go, 3000); ",
                "if (performance.getEntriesByName('first-contentful-paint').length) return go(); ",
                "new PerformanceObserver((list, seen) => { if (list.getEntriesByName('first-contentful-paint').length) ",
                "{ seen.disconnect(); go(); } }).observe({ type: 'paint', buffered: true }); });\n",
                "const wasm = await init({ module_or_path: '/civic-reading-1f_bg.wasm' });\nwindow.wasmBindings = bindings;\n</script>",
                r#"<link rel="modulepreload" href="/civic-reading-1f.js" integrity="sha384-a"></head>"#,
            )
        );
        assert!(
            waiting_for_the_page("<head></head>").is_err(),
            "a build that changed shape is noticed"
        );
    }

    #[test]
    fn an_app_bundle_starts_the_reading_bundle_and_its_own_app_once_the_visitor_reaches_for_a_form() {
        let reading = waiting_for_the_page(&trunk_page("civic-reading")).unwrap();
        let page = waiting_for_the_visitor(&trunk_page("civic-web"), &reading).unwrap();
        let (app, rest) = page.split_once("</script>").unwrap();
        let wait = app
            .find(UNTIL_THE_VISITOR_REACHES)
            .expect("the app waits for the visitor");
        let import = app
            .find("const bindings = await import('/civic-web-1f.js');\nconst init = bindings.default;\n")
            .expect("the app's module is imported once the visitor reaches");
        let start = app.find(WASM_START).unwrap();
        let send = app.find(DO_WHAT_WAS_HELD).expect("held forms are sent");
        assert!(
            wait < import && import < start && start < send,
            "wait, import, start, then send what was held:\n{app}"
        );
        assert!(!app.contains("import init"), "no import before the wait:\n{app}");
        assert!(
            app.contains("window.wasmBindings = bindings;"),
            "trunk's own lines are kept"
        );
        assert!(
            !page.contains("civic-web-1f_bg.wasm\" integrity"),
            "the app's wasm is not preloaded"
        );
        assert!(!page.contains("href=\"/civic-web-1f.js\""), "nor its module");
        assert!(
            rest.contains("import init, * as bindings from '/civic-reading-1f.js';"),
            "the reading bundle starts too"
        );
        assert!(rest.contains(AFTER_FIRST_PAINT), "once the page is painted");
        assert!(rest.contains(r#"<link rel="modulepreload" href="/civic-reading-1f.js""#));
        assert!(
            !rest.contains("civic-reading-1f_bg.wasm\" integrity"),
            "nor is the reading wasm"
        );
        assert!(page.ends_with("</head>"));
        assert!(
            waiting_for_the_visitor(&trunk_page("civic-web"), "<head></head>").is_err(),
            "a reading page that changed shape is noticed"
        );
    }
}
