// The consent banner from a visitor's side: a first visit in each
// language, choosing category by category, the keyboard, the remembered
// language and member that only consent allows, withdrawing from "Cookie
// settings", the privacy page's list of what is stored, and the banner
// scanned with axe and measured for layout shift.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import {
  ALL_ACCEPTED,
  ALL_REJECTED,
  LANGUAGES,
  NATIVE_NAMES,
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  eventually,
  fill,
  launchBrowser,
  pagesOf,
  pathFor,
  policyRevision,
  stored,
  storedKeys,
  startApp,
  strings,
  visit,
  waitForHeading,
} from './helpers.mjs';

const repo = new URL('../../', import.meta.url);
const STORAGE_KEYS = ['civic.consent', 'civic.session', 'civic.survey-tab', 'civic.language', 'civic.member', 'civic.survey-drafts'];
const SIGN_SLUG = 'clean-air-near-schools';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const pageOf = (lang, key) => pagesOf(lang).find((page) => page.key === key);
const banner = (page, lang) => page.getByRole('region', { name: strings(lang).consent.region, exact: true });

/**
 * Waits for the decision that `act` takes and returns it as the server
 * has it: the app's log request, or, where no app takes it (the reading
 * pages), the banner's form the browser posted, which the server answers
 * by storing the decision and sending the visitor back to the page.
 */
async function decision(page, lang, act) {
  const answered = page.waitForResponse(
    (response) => response.url() === `${baseUrl}/api/consents` || response.request().method() === 'POST',
  );
  await act();
  const response = await answered;
  if (response.url() === `${baseUrl}/api/consents`) {
    assert.equal(response.status(), 204, 'the server logs the decision');
    await banner(page, lang).waitFor({ state: 'detached' });
    return { posted: false, ...JSON.parse(response.request().postData()) };
  }
  assert.equal(response.status(), 303, 'the posted banner sends the visitor back');
  const back = new URL(response.headers().location, baseUrl);
  assert.equal(back.pathname, new URL(page.url()).pathname, 'to the page they were reading');
  await page.waitForURL((url) => url.pathname === back.pathname && !url.search.includes('cookie-settings'));
  await banner(page, lang).waitFor({ state: 'detached' });
  const record = JSON.parse(await stored(page, 'civic.consent'));
  return { posted: true, consent_id: record.id, choices: record.choices, revision: record.revision, signal: null };
}

/** Clicks a button of the banner and returns the decision. */
function decide(page, lang, label) {
  return decision(page, lang, () => banner(page, lang).getByRole('button', { name: label, exact: true }).click());
}

/** Presses Tab until the focused element's text is `text`. */
async function tabTo(page, text, limit = 15) {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (focused === text) return;
  }
  assert.fail(`Tab never reached "${text}"`);
}

async function focusedId(page) {
  // A page on its way out has no focus to read.
  return page.evaluate(() => document.activeElement?.id ?? null).catch(() => null);
}

for (const lang of LANGUAGES) {
  test(`a first visit in ${lang} shows the banner, and "Reject all" is logged and closes it for good`, async () => {
    const ui = strings(lang).consent;
    const context = await browser.newContext({ consent: null });
    try {
      const home = pageOf(lang, 'home');
      const { page, seen } = await visit(context, home);
      const region = banner(page, lang);
      await region.waitFor();
      for (const name of [ui.accept_all, ui.reject_all, ui.choose]) {
        assert.equal(await region.getByRole('button', { name, exact: true }).count(), 1, name);
      }
      const policy = region.getByRole('link', { name: ui.policy_link, exact: true });
      assert.equal(await policy.getAttribute('href'), pathFor(lang, 'privacy'));

      const { posted, ...logged } = await decide(page, lang, ui.reject_all);
      assert.ok(posted, 'the home page runs no consent code: the browser posts the banner');
      const record = JSON.parse(await stored(page, 'civic.consent'));
      assert.deepEqual(logged, { consent_id: record.id, choices: ALL_REJECTED, revision: policyRevision(), signal: null });
      assert.equal(record.revision, policyRevision());

      await page.reload();
      await waitForHeading(page, home.h1);
      assert.equal(await banner(page, lang).count(), 0, 'a decided visitor is not asked again');
      assert.deepEqual(await storedKeys(page), ['civic.consent']);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
}

test('"Choose" lists every category with its purpose and storage keys, and saves only what was ticked', async () => {
  const lang = 'en';
  const ui = strings(lang).consent;
  const context = await browser.newContext({ consent: null });
  try {
    const { page, seen } = await visit(context, pageOf(lang, 'about'));
    await banner(page, lang).getByRole('button', { name: ui.choose, exact: true }).click();
    await eventually(() => focusedId(page), 'consent-heading', 'focus moves to the settings');
    const region = banner(page, lang);
    const necessary = region.getByRole('checkbox', { name: `${ui.necessary_name} ${ui.always_on}`, exact: true });
    assert.ok((await necessary.isChecked()) && (await necessary.isDisabled()), 'necessary is always on');
    for (const name of [ui.preferences_name, ui.analytics_name, ui.external_media_name]) {
      const box = region.getByRole('checkbox', { name, exact: true });
      assert.equal(await box.isChecked(), false, `${name} is not ticked in advance`);
    }
    for (const purpose of [ui.necessary_purpose, ui.preferences_purpose, ui.analytics_purpose, ui.external_media_purpose]) {
      await region.getByText(purpose, { exact: true }).waitFor();
    }
    assert.deepEqual(await region.locator('.storage-table code').allInnerTexts(), STORAGE_KEYS);

    await region.getByRole('checkbox', { name: ui.preferences_name, exact: true }).check();
    const logged = await decide(page, lang, ui.save);
    assert.deepEqual(logged.choices, { ...ALL_REJECTED, preferences: true });
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('the banner works with the keyboard alone, right after the skip link', async () => {
  const lang = 'fr';
  const ui = strings(lang).consent;
  const context = await browser.newContext({ consent: null });
  try {
    const { page } = await visit(context, pageOf(lang, 'home'));
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link', 'the skip link stays first');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement.closest('section')?.getAttribute('aria-label')),
      ui.region,
      'the next Tab lands in the banner',
    );
    await tabTo(page, ui.choose);
    await page.keyboard.press('Enter');
    await eventually(() => focusedId(page), 'consent-heading', 'focus moves to the settings');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(page), 'consent-preferences', 'the disabled necessary box is skipped');
    await page.keyboard.press('Space');
    await tabTo(page, ui.save);
    const logged = await decision(page, lang, () => page.keyboard.press('Enter'));
    assert.deepEqual(logged.choices, { ...ALL_REJECTED, preferences: true });
  } finally {
    await context.close();
  }
});

test('a remembered language needs consent, and withdrawing it from "Cookie settings" deletes it', async () => {
  const ui = { en: strings('en'), fr: strings('fr') };
  const context = await browser.newContext({ consent: null });
  try {
    const { page, seen } = await visit(context, pageOf('en', 'about'));
    const switcher = (lang) => page.getByRole('navigation', { name: ui[lang].layout.language_nav, exact: true });
    // Before any decision, choosing a language is not remembered.
    await switcher('en').getByRole('link', { name: NATIVE_NAMES.fr, exact: true }).click();
    await waitForHeading(page, pageOf('fr', 'about').h1);
    assert.deepEqual(await storedKeys(page), []);
    await decide(page, 'fr', ui.fr.consent.accept_all);
    await switcher('fr').getByRole('link', { name: NATIVE_NAMES.fr, exact: true }).click();
    await eventually(() => stored(page, 'civic.language'), 'fr', 'the language is remembered');
    // Statistics are on now: let the page view reach the server before leaving.
    await page.waitForLoadState('networkidle');

    await page.goto(`${baseUrl}/`);
    await waitForHeading(page, pageOf('fr', 'home').h1);
    assert.equal(new URL(page.url()).pathname, '/fr/', 'the English home page leads to the remembered language');

    const settings = page
      .getByRole('contentinfo')
      .getByRole('button', { name: ui.fr.consent.cookie_settings, exact: true });
    await settings.click();
    await eventually(() => focusedId(page), 'consent-heading', 'focus moves to the settings');
    const region = banner(page, 'fr');
    await region.getByRole('checkbox', { name: ui.fr.consent.preferences_name, exact: true }).uncheck();
    const logged = await decide(page, 'fr', ui.fr.consent.save);
    assert.deepEqual(logged.choices, { ...ALL_ACCEPTED, preferences: false });
    await eventually(() => storedKeys(page), ['civic.consent'], 'the remembered language is deleted at once');
    await page.waitForLoadState('networkidle');

    await page.goto(`${baseUrl}/`);
    await waitForHeading(page, pageOf('en', 'home').h1);
    assert.equal(new URL(page.url()).pathname, '/');
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('where the app runs, the banner decides in place: logged, announced, and focus goes back to "Cookie settings"', async () => {
  const lang = 'es';
  const ui = strings(lang).consent;
  const context = await browser.newContext({ consent: null });
  try {
    const { page, seen } = await visit(context, pageOf(lang, 'report-a-problem'));
    // The report page belongs to the main bundle, whose app takes the banner
    // over once the visitor reaches for the form.
    await startApp(page);
    await page.waitForLoadState('networkidle');
    const { posted, ...logged } = await decide(page, lang, ui.accept_all);
    assert.ok(!posted, 'the app takes the decision without leaving the page');
    assert.deepEqual(logged.choices, ALL_ACCEPTED);
    await page.getByRole('status').filter({ hasText: ui.saved }).waitFor();

    const settings = page.getByRole('contentinfo').getByRole('button', { name: ui.cookie_settings, exact: true });
    await settings.click();
    await eventually(() => focusedId(page), 'consent-heading', 'focus moves to the settings');
    assert.equal(new URL(page.url()).search, '', 'the settings open in place');
    await banner(page, lang).getByRole('checkbox', { name: ui.analytics_name, exact: true }).uncheck();
    const changed = await decide(page, lang, ui.save);
    assert.equal(changed.consent_id, logged.consent_id, 'a change of mind is logged against what it changes');
    assert.deepEqual(changed.choices, { ...ALL_ACCEPTED, analytics: false });
    await eventually(
      () => page.evaluate(() => document.activeElement?.textContent),
      ui.cookie_settings,
      'focus returns to "Cookie settings"',
    );
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('with JavaScript off the banner still asks, saves only what was ticked, and can be changed from "Cookie settings"', async () => {
  const lang = 'ar';
  const ui = strings(lang).consent;
  const context = await browser.newContext({ consent: null, javaScriptEnabled: false });
  try {
    const home = pageOf(lang, 'home');
    const { page } = await visit(context, home);
    await banner(page, lang).getByRole('button', { name: ui.choose, exact: true }).click();
    await banner(page, lang).getByRole('heading', { name: ui.settings_heading, exact: true }).waitFor();
    assert.equal(await focusedId(page), 'consent-heading', 'the settings drawn for the address take the focus');
    const box = (name) => banner(page, lang).getByRole('checkbox', { name, exact: true });
    await box(ui.analytics_name).check();
    const first = await decide(page, lang, ui.save);
    assert.ok(first.posted);
    assert.deepEqual(first.choices, { ...ALL_REJECTED, analytics: true });
    assert.equal(first.revision, policyRevision());
    await waitForHeading(page, home.h1);

    await page.getByRole('contentinfo').getByRole('button', { name: ui.cookie_settings, exact: true }).click();
    await banner(page, lang).getByRole('heading', { name: ui.settings_heading, exact: true }).waitFor();
    assert.equal(await box(ui.analytics_name).isChecked(), true, 'the settings start from the last decision');
    assert.equal(await box(ui.preferences_name).isChecked(), false);
    const second = await decide(page, lang, ui.reject_all);
    assert.equal(second.consent_id, first.consent_id, 'the change of mind keeps the decision\'s id');
    assert.deepEqual(second.choices, ALL_REJECTED);
    assert.deepEqual(await storedKeys(page), ['civic.consent']);
  } finally {
    await context.close();
  }
});

/** A signed link from a thank-you e-mail, for a new confirmed signer. */
async function trackedLink() {
  const post = (path, body) =>
    fetch(baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const email = `consent-${Date.now()}@example.org`;
  const sign = await post(`/api/petitions/${SIGN_SLUG}/signatures`, {
    idempotency_key: `consent-${Date.now()}`,
    locale: 'en',
    name: 'Ada Tester',
    email,
    country: 'IE',
  });
  assert.equal(sign.status, 202);
  const find = async (pattern) => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const outbox = await (await fetch(`${baseUrl}/dev/outbox.json`)).json();
      const found = outbox.find((mail) => mail.to === email && pattern.test(mail.text));
      if (found) return found.text.match(pattern)[0];
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.fail(`no e-mail to ${email} matching ${pattern}`);
  };
  const confirm = new URL(await find(/https?:\/\/\S+\/confirm-signature\?t=c\.[A-Za-z0-9_.-]+/));
  assert.equal((await post('/api/signatures/confirm', { token: confirm.searchParams.get('t') })).status, 200);
  return find(/https?:\/\/\S+\/petitions\/[a-z0-9-]+\?t=p\.[A-Za-z0-9_.-]+/);
}

test('with consent to preferences a signer is recognised on a later visit, and "Not you?" forgets them', async () => {
  const ui = strings('en');
  const link = await trackedLink();
  const petitionPath = new URL(link).pathname;
  const context = await browser.newContext({ consent: ALL_ACCEPTED });
  try {
    const page = await context.newPage();
    await page.goto(link);
    const greeting = page.getByRole('status').filter({ hasText: fill(ui.sign.greeting, { name: 'Ada' }) });
    await greeting.waitFor();
    await eventually(async () => (await stored(page, 'civic.member'))?.startsWith('p.'), true, 'the link is remembered');

    await page.goto(baseUrl + petitionPath);
    await greeting.waitFor();
    await page.getByRole('button', { name: ui.sign.not_you, exact: true }).click();
    await eventually(() => stored(page, 'civic.member'), null, '"Not you?" deletes the remembered link');
  } finally {
    await context.close();
  }
  const refused = await browser.newContext({ consent: ALL_REJECTED });
  try {
    const page = await refused.newPage();
    await page.goto(link);
    await page.getByRole('status').filter({ hasText: fill(ui.sign.greeting, { name: 'Ada' }) }).waitFor();
    assert.deepEqual(await storedKeys(page), ['civic.consent'], 'without consent the link is not remembered');
  } finally {
    await refused.close();
  }
});

/** A front matter field of the privacy policy in one language. */
function privacyField(lang, name) {
  const text = readFileSync(new URL(`content/pages/${lang}/privacy.md`, repo), 'utf8');
  const front = text.split(/^\+\+\+\s*$/m)[1] ?? '';
  const match = front.match(new RegExp(`^${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm'));
  return match && JSON.parse(`"${match[1]}"`);
}

for (const lang of LANGUAGES) {
  test(`the privacy page in ${lang} shows what changed and lists every storage key by category`, async () => {
    const ui = strings(lang);
    const context = await browser.newContext();
    try {
      const { page, seen } = await visit(context, pageOf(lang, 'privacy'));
      const article = page.locator('article');
      await article.locator('.revision').filter({ hasText: String(policyRevision()) }).waitFor();
      const changes = await article.locator('.changes').innerText();
      assert.equal(changes.replace(/\s+/g, ' '), `${ui.consent.changes_label} ${privacyField(lang, 'changes')}`);
      const details = page.getByRole('region', { name: ui.privacy_details.heading, exact: true });
      const categories = [ui.consent.necessary_name, ui.consent.preferences_name, ui.consent.analytics_name, ui.consent.external_media_name];
      assert.deepEqual(await details.locator('h3').allInnerTexts(), categories);
      assert.deepEqual(await details.locator('.storage-table code').allInnerTexts(), STORAGE_KEYS);

      await details.getByRole('button', { name: ui.consent.cookie_settings, exact: true }).click();
      await banner(page, lang).waitFor();
      assert.deepEqual(await banner(page, lang).locator('.storage-table code').allInnerTexts(), STORAGE_KEYS, 'the banner lists the same keys');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
}

for (const lang of LANGUAGES) {
  test(`axe finds nothing wrong in ${lang} with the banner open and with its settings open`, async () => {
    const ui = strings(lang).consent;
    const context = await browser.newContext({ consent: null });
    try {
      const { page } = await visit(context, pageOf(lang, 'home'));
      await banner(page, lang).waitFor();
      assert.deepEqual(await axeScan(page), [], 'with the banner open');
      await banner(page, lang).getByRole('button', { name: ui.choose, exact: true }).click();
      await banner(page, lang).getByRole('checkbox', { name: ui.preferences_name, exact: true }).waitFor();
      assert.deepEqual(await axeScan(page), [], 'with the settings open');
    } finally {
      await context.close();
    }
  });
}

test('on a phone the banner is compact, scans clean and shifts nothing', async () => {
  const context = await browser.newContext({ consent: null, viewport: { width: 360, height: 740 }, isMobile: true });
  try {
    await context.addInitScript(() => {
      window.__layoutShift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const { page } = await visit(context, pageOf('es', 'home'));
    await page.waitForLoadState('networkidle');
    const region = banner(page, 'es');
    const { height } = await region.boundingBox();
    assert.ok(height <= 740 / 2, `the banner takes ${height}px of a 740px screen`);
    const shift = await page.evaluate(() => window.__layoutShift);
    assert.ok(shift < 0.1, `cumulative layout shift ${shift.toFixed(3)}`);
    assert.deepEqual(await axeScan(page), []);
  } finally {
    await context.close();
  }
});
