// Signing a petition and subscribing to the newsletter without JavaScript:
// each form is a real form post the server answers with the page, errors
// by their fields and what was typed kept, then "check your inbox"; the
// e-mailed link confirms a signature without JavaScript too. With JavaScript, the app takes the drawn petition over
// keeping what the visitor typed before it loaded.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  apiJson,
  assertNothingWentWrong,
  assertNothingMoved,
  assertNothingWentWrongWithoutScripts,
  axeScanWithoutScripts,
  baseUrl,
  eventually,
  holdWasm,
  launchBrowser,
  mailTo,
  pathFor,
  recordLayoutShifts,
  signForm,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const SLUG = 'clean-air-near-schools';
const CONFIRM_LINK = /https?:\/\/\S+\/confirm-signature\?t=c\.[A-Za-z0-9_.-]+/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** The path of the confirmation link e-mailed to `to`. */
async function confirmLinkTo(to) {
  const mail = await mailTo(to, (message) => CONFIRM_LINK.test(message.text));
  const link = new URL(mail.text.match(CONFIRM_LINK)[0]);
  return link.pathname + link.search;
}

for (const lang of ['fr', 'ar']) {
  test(`without JavaScript a visitor signs in ${lang}, fixing a mistake, and confirms from the e-mail`, async () => {
    const ui = strings(lang);
    const { title } = await apiJson(`/api/petitions/${SLUG}?locale=${lang}`);
    const before = (await apiJson(`/api/petitions/${SLUG}/count`)).count;
    const email = `e2e-noscript-${Date.now()}-${lang}@example.org`;
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(baseUrl + pathFor(lang, `petitions/${SLUG}`));
      await waitForHeading(page, title);
      assert.equal(await page.locator('.noscript').innerText(), ui.layout.noscript_forms);

      const form = signForm(page, lang);
      await form.name.fill('Nour Tester');
      await form.email.fill('nour@');
      await form.country.selectOption('SN');
      await form.submit.click();
      await page.getByText(ui.sign.errors.email_invalid, { exact: true }).waitFor();
      assert.equal(await page.getByText(ui.sign.invalid, { exact: true }).count(), 1, 'the form says what to fix');
      assert.equal(await form.name.inputValue(), 'Nour Tester', 'what was typed is kept');
      assert.equal(await form.country.inputValue(), 'SN');
      assert.equal(await form.email.getAttribute('aria-invalid'), 'true');

      await form.email.fill(email);
      await form.submit.click();
      await page.getByRole('heading', { level: 2, name: ui.inbox.heading, exact: true }).waitFor();
      assert.ok((await page.locator('.check-inbox').innerText()).includes(email), 'where the e-mail went');

      await page.goto(baseUrl + (await confirmLinkTo(email)));
      await waitForHeading(page, ui.confirm_signature.confirmed);
      await page.getByRole('link', { name: title, exact: true }).waitFor();
      await eventually(
        async () => (await apiJson(`/api/petitions/${SLUG}/count`)).count,
        before + 1,
        'the signature counts once confirmed',
      );

      assert.deepEqual(seen.requests.filter((url) => url.includes('/api/')), [], 'nothing needed the API');
      // The form sent with a mistake is answered 422, as the API answers it.
      const refused = ({ url, status }) => status === 422 && url === baseUrl + pathFor(lang, `petitions/${SLUG}`);
      assert.equal(seen.errorResponses.filter(refused).length, 1, 'the refused form');
      seen.errorResponses = seen.errorResponses.filter((response) => !refused(response));
      seen.consoleErrors = seen.consoleErrors.filter(({ text }) => !/status of 422/.test(text));
      assertNothingWentWrongWithoutScripts(seen);
    } finally {
      await context.close();
    }

    const path = pathFor(lang, `petitions/${SLUG}`);
    assert.deepEqual(await axeScanWithoutScripts(browser, path), [], `${path} as drawn`);
    const withErrors = await axeScanWithoutScripts(browser, path, async (page) => {
      await signForm(page, lang).submit.click();
      await page.getByText(ui.sign.errors.name_required, { exact: true }).waitFor();
    });
    assert.deepEqual(withErrors, [], `${path} answering a form with errors`);
  });
}

test('the app takes over a drawn petition keeping what the visitor typed before it loaded', async () => {
  const lang = 'es';
  const ui = strings(lang);
  const { title } = await apiJson(`/api/petitions/${SLUG}?locale=${lang}`);
  const context = await browser.newContext();
  try {
    await context.addInitScript(recordLayoutShifts);
    const { page, seen } = await watchedPage(context);
    const release = await holdWasm(page);
    await page.goto(baseUrl + pathFor(lang, `petitions/${SLUG}`), { waitUntil: 'domcontentloaded' });
    await waitForHeading(page, title);
    assert.equal(await page.locator('#civic-first-page').count(), 1, 'the server drew the page');
    const form = signForm(page, lang);
    await form.name.fill('Lucía Tester');
    await form.country.selectOption('CL');
    await form.email.focus();

    release();
    await eventually(() => page.locator('#civic-first-page').count(), 0, 'the app took the page over', 15000);
    await page.waitForLoadState('networkidle');

    assert.equal(await form.name.inputValue(), 'Lucía Tester', 'the name typed before the app loaded');
    assert.equal(await form.country.inputValue(), 'CL');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'sign-email', 'focus stays in the form');
    await assertNothingMoved(page);
    assert.deepEqual(
      seen.requests.filter((url) => url.includes(`/api/petitions/${SLUG}?`)),
      [],
      'the petition came with the HTML',
    );
    // The app has the typed values too: sending without an e-mail marks
    // only the e-mail.
    await form.submit.click();
    await page.getByText(ui.sign.errors.email_required, { exact: true }).waitFor();
    assert.equal(await page.locator('.field-error').count(), 1, 'only the e-mail is missing');
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('without JavaScript the footer newsletter form signs up, and the address stays out of the URL', async () => {
  const lang = 'fr';
  const ui = strings(lang);
  const email = `e2e-noscript-news-${Date.now()}@example.org`;
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const { page, seen } = await watchedPage(context);
    await page.goto(baseUrl + pathFor(lang, 'about'));
    const footer = page.locator('footer');
    await footer.getByLabel(ui.newsletter.email_label, { exact: true }).fill(email);
    await footer.getByRole('button', { name: ui.newsletter.submit, exact: true }).click();
    await page.getByRole('heading', { name: ui.newsletter.inbox_heading, exact: true }).first().waitFor();
    assert.ok((await page.locator('body').innerText()).includes(email), 'where the e-mail went');
    const url = new URL(page.url());
    assert.equal(url.pathname, pathFor(lang, 'newsletter'));
    assert.equal(url.search, '', 'no address in the URL');
    assert.ok(seen.requests.every((request) => !request.includes(encodeURIComponent(email))), 'nor in any request');
    assertNothingWentWrongWithoutScripts(seen);
  } finally {
    await context.close();
  }
  const path = pathFor(lang, 'newsletter');
  const answered = await axeScanWithoutScripts(browser, path, async (page) => {
    await page.getByRole('button', { name: ui.newsletter.submit, exact: true }).first().click();
    await page.getByText(ui.newsletter.errors.email_required, { exact: true }).first().waitFor();
  });
  assert.deepEqual(answered, [], `${path} answering an empty address`);
});
