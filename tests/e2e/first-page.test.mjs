// The first HTML carries the page: its text is there before any script
// runs, a visitor without JavaScript reads every page the server draws and
// moves between them, and with JavaScript the page comes to life (the
// reading bundle's) or the app takes it over (the others') without a shift,
// a jump, a lost focus or a second request for its data.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  LANGUAGES,
  assertNothingMoved,
  assertNothingWentWrong,
  assertNothingWentWrongWithoutScripts,
  axeScanWithoutScripts,
  baseUrl,
  eventually,
  holdWasm,
  launchBrowser,
  pagesOf,
  pathFor,
  recordLayoutShifts,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const banner = (page, lang) => page.getByRole('region', { name: strings(lang).consent.region, exact: true });

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** Pages the server draws: the written pages, the campaigns, the surveys and the statistics. */
function drawnPages(lang) {
  const campaigns = { key: 'campaigns', path: pathFor(lang, 'campaigns'), h1: strings(lang).campaigns.title };
  const surveys = { key: 'surveys', path: pathFor(lang, 'surveys'), h1: strings(lang).surveys.title };
  const statistics = { key: 'statistics', path: pathFor(lang, 'statistics'), h1: strings(lang).statistics.title };
  const report = { key: 'report-a-problem', path: pathFor(lang, 'report-a-problem'), h1: strings(lang).report.title };
  const written = pagesOf(lang).filter((page) => ['home', 'about', 'privacy'].includes(page.key));
  return [...written, campaigns, surveys, statistics, report];
}

/** The first paragraph the page's data gives, or for the campaigns the first petition's title. */
async function firstText(lang, info) {
  if (info.key === 'campaigns') {
    const list = await (await fetch(`${baseUrl}/api/petitions?locale=${lang}`)).json();
    return list.petitions[0].title;
  }
  if (info.key === 'statistics') return strings(lang).statistics.intro;
  if (info.key === 'report-a-problem') return strings(lang).report.intro;
  if (info.key === 'surveys') {
    const list = await (await fetch(`${baseUrl}/api/surveys?locale=${lang}`)).json();
    return list.surveys[0].title;
  }
  const api = await (await fetch(`${baseUrl}/api/pages/${lang}/${info.key}`)).json();
  return textOf(api.html.match(/<p>([\s\S]*?)<\/p>/)[1]).trim();
}

/** Text of some markup, tags removed and the usual entities read. */
function textOf(markup) {
  return markup
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

for (const lang of LANGUAGES) {
  test(`the heading and first paragraph of every drawn page in ${lang} are in the HTML itself`, async () => {
    for (const info of drawnPages(lang)) {
      const html = await (await fetch(baseUrl + info.path)).text();
      const body = html.slice(html.indexOf('<body>'), html.lastIndexOf('</body>'));
      const heading = body.match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
      assert.ok(heading, `${info.path}: an h1 in the HTML`);
      assert.equal(textOf(heading[1]), info.h1, info.path);

      const first = await firstText(lang, info);
      assert.ok(textOf(body).includes(first), `${info.path}: its first text "${first}"`);
    }
  });

  test(`without JavaScript a visitor reads the drawn pages in ${lang} and moves between them`, async () => {
    const ui = strings(lang);
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const [home, about, privacy, campaigns] = ['home', 'about', 'privacy', 'campaigns'].map((key) =>
        drawnPages(lang).find((page) => page.key === key),
      );
      const { page, seen } = await watchedPage(context);
      await page.goto(baseUrl + home.path);
      await waitForHeading(page, home.h1);
      assert.equal(await page.locator('.noscript').innerText(), ui.layout.noscript_forms);

      const mainNav = page.getByRole('navigation', { name: ui.layout.main_nav, exact: true });
      await mainNav.getByRole('link', { name: ui.nav.about, exact: true }).click();
      await waitForHeading(page, about.h1);
      assert.equal(new URL(page.url()).pathname, about.path);
      await mainNav.getByRole('link', { name: ui.nav.privacy, exact: true }).click();
      await waitForHeading(page, privacy.h1);
      await mainNav.getByRole('link', { name: ui.nav.campaigns, exact: true }).click();
      await waitForHeading(page, campaigns.h1);
      const firstPetition = await firstText(lang, campaigns);
      await page.getByRole('heading', { level: 3, name: firstPetition, exact: true }).waitFor();
      for (const info of [home, about, privacy, campaigns]) {
        assert.deepEqual(await axeScanWithoutScripts(browser, info.path), [], info.path);
      }
      assert.deepEqual(
        seen.requests.filter((url) => url.includes('/api/')),
        [],
        'the pages need nothing from the API',
      );
      assertNothingWentWrongWithoutScripts(seen);
    } finally {
      await context.close();
    }
  });
}

// The written pages, the campaigns, the statistics and the survey list are
// the reading bundle's: it keeps the page the server drew and only brings
// its live parts to life.
for (const [lang, key] of [
  ['en', 'about'],
  ['ar', 'privacy'],
  ['fr', 'campaigns'],
  ['ar', 'statistics'],
  ['es', 'surveys'],
]) {
  test(`the drawn ${key} page in ${lang} comes to life as drawn, with nothing drawn again or asked twice`, async () => {
    const ui = strings(lang);
    const info = drawnPages(lang).find((page) => page.key === key);
    // A first visit: nothing decided yet, so the banner has something to ask.
    const context = await browser.newContext({ consent: null });
    try {
      await context.addInitScript(recordLayoutShifts);
      const { page, seen } = await watchedPage(context);
      const release = await holdWasm(page);
      await page.goto(baseUrl + info.path, { waitUntil: 'domcontentloaded' });
      await waitForHeading(page, info.h1);
      // The visitor starts typing an address into the footer's sign-up.
      const email = page.getByRole('textbox', { name: ui.newsletter.email_label, exact: true });
      await email.fill('early@example.org');
      await page.evaluate(() => {
        document.querySelector('h1').dataset.seen = 'drawn by the server';
      });

      release();
      await banner(page, lang).waitFor({ timeout: 15000 });
      await page.waitForLoadState('networkidle');

      assert.equal(
        await page.locator('h1').evaluate((h1) => h1.dataset.seen),
        'drawn by the server',
        'the heading is the one the server drew',
      );
      assert.equal(await page.locator('h1').count(), 1);
      assert.equal(await email.inputValue(), 'early@example.org', 'what the visitor typed is kept');
      await assertNothingMoved(page);
      assert.deepEqual(
        seen.requests.filter((url) => /\/api\/(pages\/|petitions\?)/.test(url)),
        [],
        'the page data came with the HTML',
      );

      // Its live parts work: the banner's choice, then "Cookie settings"
      // in the footer opens the settings again.
      await banner(page, lang).getByRole('button', { name: ui.consent.reject_all, exact: true }).click();
      await eventually(() => banner(page, lang).count(), 0, 'the banner closed');
      await page
        .getByRole('contentinfo')
        .getByRole('button', { name: ui.consent.cookie_settings, exact: true })
        .click();
      await banner(page, lang).getByRole('heading', { name: ui.consent.settings_heading, exact: true }).waitFor();
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
}

/** A survey's page, which the survey bundle's app takes over. */
async function surveyPage(lang) {
  const slug = 'quick-poll-open-data';
  const survey = await (await fetch(`${baseUrl}/api/surveys/${slug}?locale=${lang}`)).json();
  return { key: 'survey', path: pathFor(lang, `surveys/${slug}`), h1: survey.title };
}

for (const [lang, key] of [
  ['es', 'survey'],
  ['fr', 'report-a-problem'],
]) {
  test(`the app takes over the drawn ${key} page in ${lang} once the visitor reaches for its form, with no shift, jump, lost focus or answer, or second request`, async () => {
    const ui = strings(lang);
    const info = key === 'survey' ? await surveyPage(lang) : drawnPages(lang).find((page) => page.key === key);
    const context = await browser.newContext();
    try {
      await context.addInitScript(recordLayoutShifts);
      const { page, seen } = await watchedPage(context);
      // The app starts when the visitor reaches for the form: hold it back
      // until they have answered or typed, and scrolled.
      const release = await holdWasm(page);
      await page.goto(baseUrl + info.path, { waitUntil: 'domcontentloaded' });
      await waitForHeading(page, info.h1);
      assert.equal(await page.locator('#civic-first-page').count(), 1, 'the server drew the page');
      const field = page
        .locator('#civic-first-page form:not([data-plain])')
        .locator('input[type="radio"], input[type="text"], textarea')
        .first();
      const radio = (await field.getAttribute('type')) === 'radio';
      if (radio) await field.check();
      else await field.fill('Typed before the app arrived');
      const id = await field.getAttribute('id');
      await page.evaluate(() => window.scrollTo({ top: 300, behavior: 'instant' }));
      assert.equal(await page.evaluate(() => window.scrollY), 300);

      release();
      await eventually(() => page.locator('#civic-first-page').count(), 0, 'the app took the page over', 15000);
      await page.waitForLoadState('networkidle');

      assert.equal(await page.evaluate(() => window.scrollY), 300, 'the visitor stays where they were');
      assert.equal(await page.evaluate(() => document.activeElement.id), id, 'focus stays on the same field');
      const kept = page.locator(`[id="${id}"]`);
      if (radio) assert.equal(await kept.isChecked(), true, 'the answer is kept');
      else assert.equal(await kept.inputValue(), 'Typed before the app arrived', 'what was typed is kept');
      assert.equal(await page.locator('h1').count(), 1, 'one page, not two');
      assert.equal(await page.locator('.site-header').count(), 1);
      await assertNothingMoved(page);
      assert.deepEqual(
        seen.requests.filter((url) => /\/api\/(pages\/|petitions\?|surveys\?|statistics)/.test(url)),
        [],
        'the page data came with the HTML',
      );

      // The app is live: the next page of its bundle is drawn in place,
      // from the API (the main bundle's app also draws the About page).
      if (key === 'report-a-problem') {
        const mainNav = page.getByRole('navigation', { name: ui.layout.main_nav, exact: true });
        await mainNav.getByRole('link', { name: ui.nav.about, exact: true }).click();
        await waitForHeading(page, drawnPages(lang).find((each) => each.key === 'about').h1);
        assert.equal(await page.locator('#civic-first-page').count(), 0, 'drawn by the app');
      } else {
        await page.getByRole('button', { name: ui.survey_form.submit }).first().waitFor();
      }
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
}

test('without JavaScript a survey reads, and its note says answering needs JavaScript', async () => {
  const lang = 'fr';
  const ui = strings(lang);
  const { surveys } = await (await fetch(`${baseUrl}/api/surveys?locale=${lang}`)).json();
  const survey = surveys.find((each) => !each.closed);
  const path = pathFor(lang, `surveys/${survey.slug}`);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const { page, seen } = await watchedPage(context);
    await page.goto(baseUrl + path);
    await waitForHeading(page, survey.title);
    await page.getByText(survey.summary, { exact: true }).waitFor();
    assert.equal(await page.locator('.noscript').innerText(), ui.layout.noscript_survey);
    assertNothingWentWrongWithoutScripts(seen);
  } finally {
    await context.close();
  }
  assert.deepEqual(await axeScanWithoutScripts(browser, path), [], path);
});

test('the not-found page comes drawn, and stays as drawn without downloading an app or asking the API', async () => {
  const lang = 'fr';
  const ui = strings(lang);
  for (const path of [
    pathFor(lang, 'no-such-page'),
    `${pathFor(lang, 'petitions')}/no-such-petition`,
    `${pathFor(lang, 'surveys')}/no-such-survey`,
  ]) {
    const response = await fetch(baseUrl + path);
    assert.equal(response.status, 404, path);
    assert.match(await response.text(), new RegExp(`>${ui.not_found.title}</h1>`), `${path}: drawn`);

    const context = await browser.newContext();
    try {
      await context.addInitScript(recordLayoutShifts);
      const { page, seen } = await watchedPage(context);
      await page.goto(baseUrl + path);
      await waitForHeading(page, ui.not_found.title);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(
        seen.requests.filter((url) => /\/civic-(web|surveys)-[0-9a-f]+_bg\.wasm$/.test(url)),
        [],
        `${path}: a page with nothing to fill in needs no app`,
      );
      assert.equal(await page.locator('h1').count(), 1, path);
      await assertNothingMoved(page, `${path}: `);
      assert.deepEqual(
        seen.requests.filter((url) => /\/api\/(pages|petitions|surveys)\//.test(url)),
        [],
        `${path}: nothing asked the API what the server already said`,
      );
      assertNothingWentWrong(seen, [baseUrl + path]);
    } finally {
      await context.close();
    }
  }
});
