//! Share buttons that respect the privacy policy: plain links to each
//! network, so nothing loads from anyone else until the visitor clicks.

use std::sync::atomic::{AtomicUsize, Ordering};

use civic_api::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::analytics::use_analytics;
use crate::browser::{can_share, copy_to_clipboard, open_in_new_tab, share};
use crate::components::share_links::{MastodonInstance, Network, Shared};
use crate::i18n::td_string;
use crate::ui_locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    Done,
    Refused,
}

/// Ids for the form controls, unique when a page has several groups.
fn next_id() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[component]
pub fn ShareButtons(
    /// The language of the page the buttons are on.
    locale: Locale,
    /// The absolute address of the page to share.
    #[prop(into)]
    url: String,
    /// The subject of an e-mail.
    #[prop(into)]
    title: String,
    /// The sentence that goes with the link.
    #[prop(into)]
    text: String,
    /// The sharer's referral code, carried by every link.
    #[prop(optional)]
    referral: Option<String>,
    /// The group's visible heading.
    heading: &'static str,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let analytics = use_analytics();
    let id = next_id();
    let heading_id = format!("share-{id}");
    let shared = StoredValue::new(Shared {
        url,
        title,
        text,
        referral,
    });
    let links = Network::LINKS
        .into_iter()
        .map(|network| {
            let href = shared.with_value(|shared| shared.link(network)).unwrap_or_default();
            let name = match network {
                Network::Email => td_string!(ui, share.email),
                other => other.name(),
            };
            // A mail program opens on its own; a network opens beside the page.
            let beside = network != Network::Email;
            view! {
                <li>
                    <a
                        class="share-link"
                        href=href
                        target=beside.then_some("_blank")
                        rel=beside.then_some("noopener noreferrer")
                        data-network=network.source()
                        on:click=move |_| analytics.share(network)
                    >
                        {name}
                        {beside
                            .then(|| {
                                view! { <span class="visually-hidden">" " {td_string!(ui, share.new_tab)}</span> }
                            })}
                    </a>
                </li>
            }
        })
        .collect_view();

    let copied = RwSignal::new(None::<Copied>);
    let copy_url = shared.with_value(|shared| shared.tracked_url(Network::Link));
    let copy = {
        let copy_url = copy_url.clone();
        move |_| {
            let copy_url = copy_url.clone();
            analytics.share(Network::Link);
            copied.set(None);
            spawn_local(async move {
                let done = copy_to_clipboard(&copy_url).await;
                copied.try_set(Some(if done { Copied::Done } else { Copied::Refused }));
            });
        }
    };
    let copy_status = move || match copied.get() {
        Some(Copied::Done) => Some(view! { <p>{td_string!(ui, share.copied)}</p> }.into_any()),
        Some(Copied::Refused) => {
            let manual_id = format!("share-{id}-manual");
            Some(
                view! {
                    <label for=manual_id.clone()>{td_string!(ui, share.copy_failed)}</label>
                    <input id=manual_id type="text" readonly value=copy_url.clone() class="manual-copy" />
                }
                .into_any(),
            )
        }
        None => None,
    };
    let native = can_share().then(|| {
        let open_sheet = move |_| {
            analytics.share(Network::Native);
            let (title, text, url) = shared.with_value(|shared| {
                (
                    shared.title.clone(),
                    shared.text.clone(),
                    shared.tracked_url(Network::Native),
                )
            });
            spawn_local(async move { share(&title, &text, &url).await });
        };
        view! {
            <li>
                <button type="button" class="share-button" on:click=open_sheet>
                    {td_string!(ui, share.native)}
                </button>
            </li>
        }
    });
    let labelled_by = heading_id.clone();
    view! {
        <section class="share" aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            <ul class="share-links">
                {links}
                <li>
                    <button type="button" class="share-button" on:click=copy>
                        {td_string!(ui, share.copy)}
                    </button>
                </li>
                {native}
            </ul>
            <div class="copy-status" role="status" aria-live="polite">
                {copy_status}
            </div>
            <MastodonShare locale id shared />
        </section>
    }
}

/// Mastodon has no single site: the visitor names their server first.
#[component]
fn MastodonShare(locale: Locale, id: usize, shared: StoredValue<Shared>) -> impl IntoView {
    let ui = ui_locale(locale);
    let analytics = use_analytics();
    let input_id = format!("share-{id}-mastodon");
    let hint_id = format!("{input_id}-hint");
    let error_id = format!("{input_id}-error");
    let server = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let submit = {
        let input_id = input_id.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            match MastodonInstance::parse(&server.get_untracked()) {
                Some(instance) => {
                    invalid.set(false);
                    analytics.share(Network::Mastodon);
                    open_in_new_tab(&shared.with_value(|shared| shared.mastodon_link(&instance)));
                }
                None => {
                    invalid.set(true);
                    crate::browser::focus_element(&input_id);
                }
            }
        }
    };
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match invalid.get() {
            true => format!("{hint_id} {error_id}"),
            false => hint_id.clone(),
        }
    };
    view! {
        <details class="share-mastodon">
            <summary>{Network::Mastodon.name()}</summary>
            <form novalidate on:submit=submit>
                <label for=input_id.clone()>{td_string!(ui, share.mastodon_label)}</label>
                <p class="hint" id=hint_id>
                    {td_string!(ui, share.mastodon_hint)}
                </p>
                <div class="inline-form">
                    <input
                        id=input_id
                        type="text"
                        inputmode="url"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || server.get()
                        on:input=move |event| {
                            server.set(event_target_value(&event));
                            invalid.set(false);
                        }
                        aria-invalid=move || invalid.get().then_some("true")
                        aria-describedby=described_by
                    />
                    <button type="submit">{td_string!(ui, share.mastodon_submit)}</button>
                </div>
                {move || {
                    invalid
                        .get()
                        .then(|| {
                            view! {
                                <p class="field-error" id=error_id.clone()>
                                    {td_string!(ui, share.mastodon_invalid)}
                                </p>
                            }
                        })
                }}
            </form>
        </details>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;

    use super::ShareButtons;
    use crate::components::share_links::{Network, Shared};
    use crate::components::site_context::SiteContext;
    use crate::test_support::{all, container, find, open};

    wasm_bindgen_test_configure!(run_in_browser);

    /// Every resource the page has loaded, by address.
    fn loaded_resources() -> Vec<String> {
        let performance = js_sys::Reflect::get(&window(), &"performance".into()).expect("performance");
        let entries = js_sys::Reflect::get(&performance, &"getEntriesByType".into())
            .expect("getEntriesByType")
            .unchecked_into::<js_sys::Function>()
            .call1(&performance, &JsValue::from_str("resource"))
            .expect("resource entries");
        js_sys::Array::from(&entries)
            .iter()
            .filter_map(|entry| js_sys::Reflect::get(&entry, &"name".into()).ok()?.as_string())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn share_buttons_are_plain_links_that_load_nothing_from_the_networks() {
        open("/fr/petitions/clean-air");
        // Other tests in this page may have made requests of their own.
        let before = loaded_resources();
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! {
                <Router>
                    <SiteContext>
                        <ShareButtons
                            url="https://civic.example/fr/petitions/clean-air"
                            title="Air pur"
                            text="Signez : air pur & écoles"
                            locale=civic_api::Locale::Fr
                            referral="Kq3x9Tab".to_owned()
                            heading="Partager"
                        />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;

        let shared = Shared {
            url: "https://civic.example/fr/petitions/clean-air".into(),
            title: "Air pur".into(),
            text: "Signez : air pur & écoles".into(),
            referral: Some("Kq3x9Tab".into()),
        };
        let links = all(&root, "a.share-link");
        assert_eq!(links.len(), Network::LINKS.len(), "one link per network");
        for (link, network) in links.iter().zip(Network::LINKS) {
            let href = link.get_attribute("href").unwrap_or_default();
            assert_eq!(Some(href.clone()), shared.link(network), "{network:?}");
            assert!(href.contains("ref%3DKq3x9Tab"), "{href} carries the referral");
            if network != Network::Email {
                assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
                assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
            }
        }
        let email = find(&root, "a[data-network=\"email\"]").expect("an e-mail link");
        assert!(email.text_content().unwrap_or_default().starts_with("E-mail"));
        assert!(
            find(&root, ".share-mastodon summary").is_some(),
            "Mastodon asks for a server"
        );
        assert!(
            find(&root, "img, script, iframe, link, object, embed").is_none(),
            "no embedded third-party content"
        );
        let origin = window().location().origin().expect("an origin");
        let foreign: Vec<String> = loaded_resources()
            .into_iter()
            .filter(|url| !url.starts_with(&origin) && !before.contains(url))
            .collect();
        assert!(foreign.is_empty(), "requests to other origins: {foreign:?}");
    }

    #[wasm_bindgen_test]
    async fn a_mastodon_server_that_is_not_a_host_name_is_refused_with_a_message() {
        open("/petitions/clean-air");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! {
                <Router>
                    <SiteContext>
                        <ShareButtons
                            url="https://civic.example/petitions/clean-air"
                            title="Clean air"
                            text="Sign: clean air"
                            locale=civic_api::Locale::En
                            heading="Share"
                        />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;
        let input = find(&root, ".share-mastodon input").expect("a server field");
        input
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .set_value("not a server");
        crate::test_support::fire(&input, "input", true);
        let form = find(&root, ".share-mastodon form").expect("a form");
        crate::test_support::fire(&form, "submit", true);
        leptos::task::tick().await;
        let error = find(&root, ".share-mastodon .field-error").expect("an error");
        assert_eq!(
            error.text_content().as_deref(),
            Some("Enter the name of your server, such as mastodon.social.")
        );
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    }
}
