// The privacy policy's promises about this browser, one test each, named
// after the promise: what the site stores, counts and sends, before and
// after the visitor's consent, and under a browser's privacy signal.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import {
  ALL_ACCEPTED,
  INTL,
  LANGUAGES,
  NATIVE_NAMES,
  baseUrl,
  decideConsent,
  eventually,
  launchBrowser,
  origin,
  pagesOf,
  pathFor,
  policyRevision,
  stored,
  storedKeys,
  startApp,
  strings,
  visit,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const repo = new URL('../../', import.meta.url);
const PETITION_SLUG = 'clean-air-near-schools';
const ANALYTICS = `${baseUrl}/api/analytics/events`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** A front matter field of a file under content/ (`pages/fr/privacy.md`). */
function frontField(file, name) {
  const text = readFileSync(new URL(`content/${file}`, repo), 'utf8');
  const front = text.split(/^\+\+\+\s*$/m)[1] ?? '';
  const match = front.match(new RegExp(`^${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm'));
  return match && JSON.parse(`"${match[1]}"`);
}

const petitionTitle = (lang) => frontField(`petitions/${PETITION_SLUG}/${lang}.md`, 'title');
const privacyField = (lang, name) => frontField(`pages/${lang}/privacy.md`, name);

/** Every page a visitor can open in one language, with its heading. */
function everyPage(lang) {
  const petition = { path: pathFor(lang, `petitions/${PETITION_SLUG}`), h1: petitionTitle(lang) };
  const campaigns = { path: pathFor(lang, 'campaigns'), h1: strings(lang).campaigns.title };
  return [...pagesOf(lang), campaigns, petition];
}

const banner = (page, lang) => page.getByRole('region', { name: strings(lang).consent.region, exact: true });

/** Records the body of every analytics and consent request of `page`. */
function recordPosts(page) {
  const posts = { analytics: [], consents: [] };
  page.on('request', (request) => {
    if (request.url() === ANALYTICS) posts.analytics.push(request);
    // The app's log request, or the banner's form posted where no app runs.
    const bannerPost = request.method() === 'POST' && /(^|&)consent=/.test(request.postData() ?? '');
    if (request.url() === `${baseUrl}/api/consents` || bannerPost) posts.consents.push(request);
  });
  return posts;
}

async function deviceStorage(page, context) {
  const local = await page.evaluate(() => Object.keys(localStorage).sort());
  const session = await page.evaluate(() => sessionStorage.length);
  return { local, session, cookies: (await context.cookies()).length };
}

/** Visits every page of every language in one tab, as a browsing visitor. */
async function browseEverything(page) {
  for (const lang of LANGUAGES) {
    for (const info of everyPage(lang)) {
      await page.goto(baseUrl + info.path);
      await waitForHeading(page, info.h1);
    }
  }
  await page.waitForLoadState('networkidle');
}

/** Uses the "copy link" share button of a petition page. */
async function shareByCopying(page, lang) {
  const info = everyPage(lang).at(-1);
  await page.goto(baseUrl + info.path);
  await waitForHeading(page, info.h1);
  await page.getByRole('button', { name: strings(lang).share.copy, exact: true }).first().click();
  await page.waitForLoadState('networkidle');
}

test('nothing is shared with a third party without permission: no page contacts another origin', async () => {
  for (const consent of [null, ALL_ACCEPTED]) {
    const context = await browser.newContext({ consent });
    try {
      const { page, seen } = await watchedPage(context);
      await browseEverything(page);
      const foreign = seen.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
      assert.deepEqual(foreign, [], `requests to other origins (consent: ${JSON.stringify(consent)})`);
    } finally {
      await context.close();
    }
  }
});

test('consent is asked before non-essential storage: nothing is stored or counted until the visitor chooses', async () => {
  const context = await browser.newContext({ consent: null });
  try {
    const page = await context.newPage();
    const posts = recordPosts(page);
    for (const lang of LANGUAGES) {
      for (const info of everyPage(lang)) {
        await page.goto(baseUrl + info.path);
        await waitForHeading(page, info.h1);
        await banner(page, lang).waitFor();
      }
    }
    // The last page seen is in the last language.
    const switcher = page.getByRole('navigation', { name: strings(LANGUAGES.at(-1)).layout.language_nav, exact: true });
    await switcher.getByRole('link', { name: NATIVE_NAMES.fr, exact: true }).click();
    await shareByCopying(page, 'fr');
    assert.deepEqual(await deviceStorage(page, context), { local: [], session: 0, cookies: 0 });
    assert.equal(posts.analytics.length, 0, 'no analytics request');
    assert.equal(posts.consents.length, 0, 'no consent is logged that was not given');
  } finally {
    await context.close();
  }
});

test('rejecting all means no analytics request is ever sent', async () => {
  const context = await browser.newContext({ consent: null });
  try {
    const { page } = await visit(context, pagesOf('en')[0]);
    const posts = recordPosts(page);
    await banner(page, 'en').getByRole('button', { name: strings('en').consent.reject_all, exact: true }).click();
    await banner(page, 'en').waitFor({ state: 'detached' });
    await browseEverything(page);
    await shareByCopying(page, 'en');
    assert.equal(posts.analytics.length, 0, 'no analytics request');
    assert.deepEqual(await storedKeys(page), ['civic.consent']);
  } finally {
    await context.close();
  }
});

test('statistics identify no one: with consent, events go to our own server with a kind, a canonical path and a network only', async () => {
  const context = await browser.newContext({ consent: ALL_ACCEPTED });
  try {
    const page = await context.newPage();
    const posts = recordPosts(page);
    const petitionPath = pathFor('fr', `petitions/${PETITION_SLUG}`);
    const answered = page.waitForResponse((response) => response.url() === ANALYTICS);
    await page.goto(`${baseUrl}${petitionPath}?source=mastodon#sign`);
    await waitForHeading(page, petitionTitle('fr'));
    assert.equal((await answered).status(), 204);
    await shareByCopying(page, 'fr');
    const events = posts.analytics.map((request) => {
      assert.equal(request.method(), 'POST');
      assert.equal(request.headers().cookie, undefined, 'no cookie rides along');
      return JSON.parse(request.postData());
    });
    for (const event of events) {
      assert.deepEqual(Object.keys(event).sort(), ['kind', 'network', 'path'].filter((key) => key in event), JSON.stringify(event));
      assert.ok(!/[?#]/.test(event.path), `a canonical path: ${event.path}`);
    }
    const kinds = events.map(({ kind, path, network }) => [kind, path, network ?? null]);
    for (const expected of [
      ['page_view', petitionPath, null],
      ['petition_viewed', petitionPath, null],
      ['share', petitionPath, 'link'],
    ]) {
      assert.ok(kinds.some((kind) => JSON.stringify(kind) === JSON.stringify(expected)), `${expected} in ${JSON.stringify(kinds)}`);
    }
  } finally {
    await context.close();
  }
});

test('withdrawing consent is as easy as giving it, and deletes what the site stored', async () => {
  const context = await browser.newContext({ consent: ALL_ACCEPTED });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/about`);
    // The live language links, which remember the choice, are in place
    // once the reading bundle has counted the view: a click before that
    // is a plain link, which remembers nothing.
    await page.locator('html[data-counted-views]').waitFor({ state: 'attached', timeout: 15000 });
    const ui = strings('en');
    await page
      .getByRole('navigation', { name: ui.layout.language_nav, exact: true })
      .getByRole('link', { name: NATIVE_NAMES.es, exact: true })
      .click();
    await waitForHeading(page, pagesOf('es').find((info) => info.key === 'about').h1);
    assert.deepEqual(await storedKeys(page), ['civic.consent', 'civic.language']);
    const es = strings('es').consent;
    await page.getByRole('contentinfo').getByRole('button', { name: es.cookie_settings, exact: true }).click();
    const posts = recordPosts(page);
    await banner(page, 'es').getByRole('button', { name: es.reject_all, exact: true }).click();
    await banner(page, 'es').waitFor({ state: 'detached' });
    // The reading page the decision sends the visitor back to empties the
    // refused storage as it starts, before anything reads it.
    await eventually(() => storedKeys(page), ['civic.consent'], 'the remembered language is deleted');
    await page.waitForLoadState('networkidle');
    assert.equal(posts.consents.length, 1, 'the withdrawal is logged too');
  } finally {
    await context.close();
  }
});

/** A browser that sends a privacy signal, in its requests and to scripts. */
async function signallingContext(signal) {
  const headers = signal === 'gpc' ? { 'Sec-GPC': '1' } : { DNT: '1' };
  const context = await browser.newContext({ consent: null, extraHTTPHeaders: headers });
  await context.addInitScript((signal) => {
    const [name, value] = signal === 'gpc' ? ['globalPrivacyControl', true] : ['doNotTrack', '1'];
    Object.defineProperty(Navigator.prototype, name, { get: () => value, configurable: true });
  }, signal);
  return context;
}

for (const [signal, name, key, logged] of [
  ['gpc', 'Global Privacy Control', 'signal_gpc', 'global_privacy_control'],
  ['dnt', 'Do Not Track', 'signal_dnt', 'do_not_track'],
]) {
  test(`${name} is honoured: statistics and external media stay off, and the banner says why`, async () => {
    const context = await signallingContext(signal);
    try {
      const ui = strings('en').consent;
      // A page of the main bundle, whose app (once the visitor reaches for
      // the form) logs the decision with what the browser signals (the
      // server's own log of a posted banner is tested in
      // server/tests/api/consent_form.rs).
      const { page } = await visit(context, pagesOf('en').find((info) => info.key === 'report-a-problem'));
      await startApp(page);
      await page.waitForLoadState('networkidle');
      const posts = recordPosts(page);
      await banner(page, 'en').getByText(ui[key], { exact: true }).waitFor();
      await banner(page, 'en').getByRole('button', { name: ui.choose, exact: true }).click();
      for (const category of [ui.analytics_name, ui.external_media_name]) {
        const box = banner(page, 'en').getByRole('checkbox', { name: new RegExp(`^${category}`) });
        assert.ok(await box.isDisabled(), `${category} cannot be switched on`);
      }
      await banner(page, 'en').getByRole('button', { name: ui.accept_all, exact: true }).click();
      await banner(page, 'en').waitFor({ state: 'detached' });
      await browseEverything(page);
      await shareByCopying(page, 'en');
      assert.equal(posts.analytics.length, 0, 'no analytics request');
      const decision = JSON.parse(posts.consents[0].postData());
      assert.deepEqual(decision.choices, { preferences: true, analytics: false, external_media: false });
      assert.equal(decision.signal, logged);
    } finally {
      await context.close();
    }
  });
}

test('where the app takes the page over, the banner asking again stays as the server drew it', async () => {
  const lang = 'fr';
  const ui = strings(lang).consent;
  const context = await browser.newContext({ consent: null });
  await decideConsent(context, ALL_ACCEPTED, policyRevision() - 1);
  try {
    const page = await context.newPage();
    const asked = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/') && request.url().includes('privacy')) asked.push(request.url());
    });
    await page.addInitScript(() => {
      window.__bannerLeft = 0;
      let shown = false;
      new MutationObserver(() => {
        const there = document.querySelector('.consent-banner .consent-changes') !== null;
        if (shown && !there) window.__bannerLeft += 1;
        shown ||= there;
      }).observe(document, { childList: true, subtree: true });
    });
    // The report page is the main bundle's: its app draws the page again.
    await page.goto(baseUrl + pathFor(lang, 'report-a-problem'));
    await page.waitForLoadState('networkidle');
    const changes = (await banner(page, lang).locator('.consent-changes').innerText()).replace(/\s+/g, ' ');
    assert.equal(changes, `${ui.changes_label} ${privacyField(lang, 'changes')}`);
    assert.equal(await page.evaluate(() => window.__bannerLeft), 0, 'the banner never left the page');
    assert.deepEqual(asked, [], 'the app took the policy from the page');
  } finally {
    await context.close();
  }
});

test('a policy change is announced: returning visitors are asked again and told what changed', async () => {
  for (const lang of LANGUAGES) {
    const ui = strings(lang).consent;
    const context = await browser.newContext({ consent: null });
    await decideConsent(context, ALL_ACCEPTED, policyRevision() - 1);
    try {
      const about = pagesOf(lang).find((info) => info.key === 'about');
      const { page } = await visit(context, about);
      const posts = recordPosts(page);
      const region = banner(page, lang);
      await region.waitFor();
      const date = await page.evaluate(
        ([tag, updated]) =>
          new Intl.DateTimeFormat(tag, {
            dateStyle: 'long',
            timeZone: 'UTC',
          }).format(new Date(updated)),
        [INTL[lang], privacyField(lang, 'updated')],
      );
      const announced = ui.changed.replace('{{ date }}', date).replace('{{ number }}', String(policyRevision()));
      assert.equal(await region.locator('.consent-changed').innerText(), announced);
      const changes = (await region.locator('.consent-changes').innerText()).replace(/\s+/g, ' ');
      assert.equal(changes, `${ui.changes_label} ${privacyField(lang, 'changes')}`);
      assert.equal(await region.getByRole('link', { name: ui.policy_link, exact: true }).getAttribute('href'), pathFor(lang, 'privacy'));
      await page.waitForLoadState('networkidle');
      assert.equal(posts.analytics.length, 0, 'an older consent allows nothing new until the visitor answers');

      await region.getByRole('button', { name: ui.accept_all, exact: true }).click();
      await region.waitFor({ state: 'detached' });
      const record = JSON.parse(await stored(page, 'civic.consent'));
      assert.equal(record.revision, policyRevision());
    } finally {
      await context.close();
    }
  }
});
