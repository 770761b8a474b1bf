//! The page catalogue: the one place that says which pages the site has,
//! where each lives, which bundle draws it, where its title and description
//! come from, and whether its address carries a secret. The SPA's router,
//! the server's page metadata, the statistics' check that a page exists and
//! the bundle hand-over all ask it.
//!
//! Adding a page: a `Target` variant, its line in `Target::page` (and in
//! `FIXED_PAGES` when its address is one fixed segment), its texts in
//! `locales/*.json`, and its component in the bundle's page chooser.

use crate::Slug;

/// A page of the site, in no particular language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A Markdown page from `content/`, by slug (`home` for the home page).
    Content(Slug),
    /// The form to report a problem with the website.
    ReportProblem,
    /// The form to write to the organisation.
    Contact,
    /// Every petition, open ones first.
    Campaigns,
    /// One petition and its sign form.
    Petition(Slug),
    /// Confirms a signature from the e-mailed link.
    ConfirmSignature,
    /// What the site counts, as charts: anyone can check it identifies no one.
    Statistics,
    /// Sign up for the newsletter.
    Newsletter,
    /// Confirms a newsletter sign-up from the e-mailed link.
    ConfirmSubscription,
    /// Unsubscribes in one click from a newsletter's link, and offers to undo.
    Unsubscribe,
    /// Stops one petition's news in one click from the link in its
    /// e-mails, and offers to undo.
    PetitionNews,
    /// Every open survey.
    Surveys,
    /// One survey's form (`?t=i.…` carries an invitation where the survey
    /// takes one answer per person).
    Survey(Slug),
    /// One survey's results so far, where its definition makes them public.
    SurveyResults(Slug),
    /// Confirms a survey answer from the e-mailed link.
    ConfirmResponse,
    /// Opening an account.
    Join,
    /// Opens a new account from the e-mailed link.
    ConfirmAccount,
    /// Moves an account to a new address from the link e-mailed there.
    ConfirmEmail,
    /// Signing in with an address and password.
    SignIn,
    /// Asking for a link to choose a new password.
    ForgotPassword,
    /// Choosing a new password from the e-mailed link.
    ResetPassword,
    /// The member area: details and sessions.
    Account,
    /// Giving: amount, currency, once or monthly, then the provider's page.
    Donate,
    /// Where the provider sends the payer back (`?ref=` the gift's
    /// reference): the gift once the provider has confirmed it.
    DonationThanks,
    /// The staff console: people and roles, the audit log, exports.
    Console,
}

/// The SPA ships as several WebAssembly bundles so that no visitor
/// downloads what their page does not use. Each page belongs to one; the
/// server serves that bundle's HTML, and each bundle hands any other page
/// back to the browser for a full load. Every page the server drew starts
/// with the reading bundle; the app of a page of another bundle is fetched
/// only when the visitor reaches for one of its forms or buttons (see
/// xtask's `start_scripts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// The written pages, the campaign list, the statistics and the survey
    /// list: what most first visits open. The server draws them, and this bundle only
    /// brings their live parts to life, so they download the least.
    Reading,
    /// Petitions and signing, the newsletter, problem reports, the contact
    /// form, and the reading bundle's pages but the survey list when a
    /// visitor moves to them in the app.
    Main,
    /// A survey's form, its results and the answer's confirmation.
    Surveys,
    /// Joining, signing in, passwords and the member area.
    Accounts,
    /// Giving, and the thank-you page the payment provider sends back to.
    Donations,
    /// The staff console, which visitors never download.
    Console,
}

impl Bundle {
    pub const ALL: [Bundle; 6] = [
        Bundle::Reading,
        Bundle::Main,
        Bundle::Surveys,
        Bundle::Accounts,
        Bundle::Donations,
        Bundle::Console,
    ];

    /// Whether this bundle's app draws the page at `target`: its own, and
    /// for the main one the reading bundle's too, so a visitor going from a
    /// petition back to the campaigns is not sent through a full load. All
    /// but the survey list, whose links all lead to the survey bundle: the
    /// main bundle carries no survey code, and loads it afresh.
    pub fn draws(self, target: &Target) -> bool {
        let pages = target.page().bundle;
        self == pages || (self == Bundle::Main && pages == Bundle::Reading && *target != Target::Surveys)
    }

    /// Whether this bundle's app only brings to life the page the server
    /// drew (the reading one: see civic-web's `enhanced_page`) instead of
    /// drawing it. A page of it the server did not draw is the main
    /// bundle's to draw.
    pub fn only_enhances(self) -> bool {
        self == Bundle::Reading
    }

    /// The sections of the UI strings (`locales/*.json`) this bundle's app
    /// reads, where it reads only some: the reading bundle's live parts are
    /// the language links and the share buttons. A page of it carries no
    /// other strings; the other bundles' pages carry all of them.
    pub fn text_sections(self) -> Option<&'static [&'static str]> {
        match self {
            Bundle::Reading => Some(&["layout", "share"]),
            Bundle::Main | Bundle::Surveys | Bundle::Accounts | Bundle::Donations | Bundle::Console => None,
        }
    }

    /// The HTML file trunk writes for this bundle in `dist/`.
    pub fn html_file(self) -> &'static str {
        match self {
            Bundle::Reading => "reading.html",
            Bundle::Main => "index.html",
            Bundle::Surveys => "surveys.html",
            Bundle::Accounts => "accounts.html",
            Bundle::Donations => "donations.html",
            Bundle::Console => "console.html",
        }
    }
}

/// Where a page lives after its language's prefix (`/fr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    /// `/{slug}`, and `/` for the home page.
    Content,
    /// One fixed segment: `/campaigns`.
    Fixed(&'static str),
    /// A segment and the item's slug: `/petitions/{slug}`.
    Item(&'static str),
    /// An item's sub-page: `/surveys/{slug}/results`.
    ItemPage(&'static str, &'static str),
}

/// Where a page's `<title>` and description are in `locales/*.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageTexts {
    pub section: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

impl PageTexts {
    /// The usual keys: `{section}.title` and `{section}.description`.
    pub const fn section(section: &'static str) -> PageTexts {
        PageTexts {
            section,
            title: "title",
            description: "description",
        }
    }
}

/// The not-found page's texts, for any address that names no page.
pub const NOT_FOUND_TEXTS: PageTexts = PageTexts::section("not_found");

/// What a written page for members says of itself to anyone not signed in.
pub const MEMBERS_ONLY_TEXTS: PageTexts = PageTexts::section("members_only");

/// Everything the site knows of a page before looking at any data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub address: Address,
    pub bundle: Bundle,
    /// Its title and description among the UI strings; `None` where they
    /// come from the content itself (a Markdown page, a petition, a survey).
    pub texts: Option<PageTexts>,
    /// Whether it exists whatever the data: `false` for pages whose slug
    /// must name a page, petition or survey (and results that are public).
    pub always_exists: bool,
    /// Its address carries a token: never indexed, never sent as `Referer`.
    pub private: bool,
    /// The server draws it in the first HTML, with the app's own
    /// components, so it reads before any script runs (and without one).
    pub prerendered: bool,
}

impl Page {
    const fn fixed(segment: &'static str, bundle: Bundle, texts: PageTexts) -> Page {
        Page {
            address: Address::Fixed(segment),
            bundle,
            texts: Some(texts),
            always_exists: true,
            private: false,
            prerendered: false,
        }
    }

    const fn private(self) -> Page {
        Page { private: true, ..self }
    }

    const fn prerendered(self) -> Page {
        Page {
            prerendered: true,
            ..self
        }
    }

    const fn of_item(address: Address, bundle: Bundle, texts: Option<PageTexts>) -> Page {
        Page {
            address,
            bundle,
            texts,
            always_exists: false,
            private: false,
            prerendered: false,
        }
    }
}

/// The pages whose address is one fixed segment, for reading paths.
pub(super) const FIXED_PAGES: [Target; 21] = [
    Target::ReportProblem,
    Target::Contact,
    Target::Campaigns,
    Target::ConfirmSignature,
    Target::Statistics,
    Target::Newsletter,
    Target::ConfirmSubscription,
    Target::Unsubscribe,
    Target::PetitionNews,
    Target::Surveys,
    Target::ConfirmResponse,
    Target::Join,
    Target::ConfirmAccount,
    Target::ConfirmEmail,
    Target::SignIn,
    Target::ForgotPassword,
    Target::ResetPassword,
    Target::Account,
    Target::Donate,
    Target::DonationThanks,
    Target::Console,
];

impl Target {
    /// The catalogue entry of this page.
    pub const fn page(&self) -> Page {
        use Bundle::{Accounts, Console, Donations, Main, Reading, Surveys};
        match self {
            Target::Content(_) => Page::of_item(Address::Content, Reading, None).prerendered(),
            Target::ReportProblem => Page::fixed("report-a-problem", Main, PageTexts::section("report")).prerendered(),
            Target::Contact => Page::fixed("contact", Main, PageTexts::section("contact")).prerendered(),
            Target::Campaigns => Page::fixed("campaigns", Reading, PageTexts::section("campaigns")).prerendered(),
            Target::Petition(_) => Page::of_item(Address::Item("petitions"), Main, None).prerendered(),
            Target::ConfirmSignature => Page::fixed("confirm-signature", Main, PageTexts::section("confirm_signature"))
                .private()
                .prerendered(),
            // Drawn once, with nothing live in it: the reading bundle's.
            Target::Statistics => Page::fixed("statistics", Reading, PageTexts::section("statistics")).prerendered(),
            Target::Newsletter => Page::fixed("newsletter", Main, PageTexts::section("newsletter")).prerendered(),
            Target::ConfirmSubscription => {
                Page::fixed("confirm-subscription", Main, PageTexts::section("confirm_subscription"))
                    .private()
                    .prerendered()
            }
            Target::Unsubscribe => Page::fixed("unsubscribe", Main, PageTexts::section("unsubscribe"))
                .private()
                .prerendered(),
            Target::PetitionNews => Page::fixed("petition-news", Main, PageTexts::section("petition_news"))
                .private()
                .prerendered(),
            Target::Surveys => Page::fixed("surveys", Reading, PageTexts::section("surveys")).prerendered(),
            Target::Survey(_) => Page::of_item(Address::Item("surveys"), Surveys, None).prerendered(),
            Target::SurveyResults(_) => Page::of_item(
                Address::ItemPage("surveys", "results"),
                Surveys,
                // The title holds `{{ title }}`, the survey's.
                Some(PageTexts {
                    section: "survey_results",
                    title: "heading",
                    description: "description",
                }),
            )
            .prerendered(),
            Target::ConfirmResponse => Page::fixed(
                "confirm-response",
                Surveys,
                PageTexts {
                    section: "surveys",
                    title: "confirm_title",
                    description: "confirm_description",
                },
            )
            .private()
            .prerendered(),
            Target::Join => Page::fixed("join", Accounts, PageTexts::section("join")).prerendered(),
            Target::ConfirmAccount => Page::fixed("confirm-account", Accounts, PageTexts::section("confirm_account"))
                .private()
                .prerendered(),
            Target::ConfirmEmail => Page::fixed("confirm-email", Accounts, PageTexts::section("confirm_email"))
                .private()
                .prerendered(),
            Target::SignIn => Page::fixed("sign-in", Accounts, PageTexts::section("sign_in")).prerendered(),
            Target::ForgotPassword => {
                Page::fixed("forgot-password", Accounts, PageTexts::section("forgot_password")).prerendered()
            }
            Target::ResetPassword => Page::fixed("reset-password", Accounts, PageTexts::section("reset_password"))
                .private()
                .prerendered(),
            // Personal: drawn in the browser only, never in a shared cache.
            Target::Account => Page::fixed("account", Accounts, PageTexts::section("account")).private(),
            Target::Donate => Page::fixed("donate", Donations, PageTexts::section("donate")).prerendered(),
            // Its address carries the gift's reference, which shows the
            // payer's address: never indexed, never a `Referer`.
            Target::DonationThanks => Page::fixed("thank-you", Donations, PageTexts::section("donation_thanks"))
                .private()
                .prerendered(),
            // Drawn for the one staff member who asks, never kept by a
            // shared cache (its HTML is `private`, as every signed-in page).
            Target::Console => Page::fixed("admin", Console, PageTexts::section("console"))
                .private()
                .prerendered(),
        }
    }

    pub const fn bundle(&self) -> Bundle {
        self.page().bundle
    }

    /// The slug of an item page (a Markdown page, petition or survey).
    pub fn slug(&self) -> Option<&Slug> {
        match self {
            Target::Content(slug) | Target::Petition(slug) | Target::Survey(slug) | Target::SurveyResults(slug) => {
                Some(slug)
            }
            _ => None,
        }
    }

    /// The item page for `slug` whose address `fits`; `None` when no page
    /// lives there.
    pub(super) fn at(slug: &Slug, fits: impl Fn(Address) -> bool) -> Option<Target> {
        Target::every(slug)
            .into_iter()
            .find(|target| target.slug().is_some() && fits(target.page().address))
    }

    /// Every page the catalogue knows, with `slug` for those that take one:
    /// for checks that must cover them all.
    pub fn every(slug: &Slug) -> Vec<Target> {
        let mut all = FIXED_PAGES.to_vec();
        all.extend([
            Target::Content(slug.clone()),
            Target::Petition(slug.clone()),
            Target::Survey(slug.clone()),
            Target::SurveyResults(slug.clone()),
        ]);
        all
    }
}
