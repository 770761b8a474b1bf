// A newsletter mailing from the console, as an admin on a phone: written in
// English and French with the server's preview, a test sent to oneself in
// French, sent to the list after a confirmation; a subscriber gets it in
// their language, opens it (the one image of that mailing and language)
// and unsubscribes with its link; the console's figures show the open and
// the departure, in aggregate. Axe clean at 360 px at each step.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  launchBrowser,
  mailTo,
  strings,
  waitForHeading,
} from './helpers.mjs';
import { addPasskey, makeAdmin, member, openConsole, virtualAuthenticator } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const CONFIRM_LINK = /https?:\/\/\S+\/confirm-subscription\?t=n\.[A-Za-z0-9_.-]+/;
const UNSUBSCRIBE_LINK = /https?:\/\/\S+\/unsubscribe\?t=u\.[A-Za-z0-9_.-]+/;
const OPENS_IMAGE = /\/api\/newsletter\/opens\/[0-9a-f]{32}\/en/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function post(path, body) {
  return fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A confirmed English subscriber, through the API as a reader of the e-mail would. */
async function subscriber(address) {
  const request = { idempotency_key: crypto.randomUUID(), locale: 'en', email: address };
  assert.equal((await post('/api/newsletter/subscriptions', request)).status, 202);
  const mail = await mailTo(address, (message) => CONFIRM_LINK.test(message.text));
  const token = new URL(mail.text.match(CONFIRM_LINK)[0]).searchParams.get('t');
  assert.equal((await post('/api/newsletter/confirm', { token })).status, 200);
}

describe('the newsletter in the console', () => {
  test('a mailing is written, test-sent, sent, opened, and one recipient unsubscribes', async () => {
    const stamp = Date.now();
    const reader = `newsletter-reader-${stamp}@example.org`;
    const admin = `newsletter-admin-${stamp}@example.org`;
    const subject = `Winter news ${stamp}`;
    await subscriber(reader);

    const context = await browser.newContext(PHONE);
    try {
      const { page, seen } = await member(context, 'en', admin);
      await virtualAuthenticator(page);
      await addPasskey(page, 'en', 'Campaign phone');
      makeAdmin(admin);
      await openConsole(page, 'en');

      const section = page.getByRole('region', { name: 'Newsletter mailings', exact: true });
      await section.getByRole('button', { name: 'New mailing', exact: true }).click();
      await section.getByRole('heading', { name: 'New mailing', exact: true }).waitFor({ timeout: 10000 });
      const english = section.getByRole('group', { name: 'English', exact: true });
      await english.getByRole('textbox', { name: 'Subject' }).fill(subject);
      await english.getByRole('textbox', { name: 'Text (Markdown)' }).fill('## Winter\n\nWe **met** the council.');
      const french = section.getByRole('group', { name: 'Français', exact: true });
      await french.getByRole('textbox', { name: 'Subject' }).fill(`Nouvelles d’hiver ${stamp}`);
      await french.getByRole('textbox', { name: 'Text (Markdown)' }).fill('## Hiver\n\nNous avons **rencontré** le conseil.');
      const preview = section.getByRole('region', { name: 'Preview of the mail English' });
      await preview.locator('strong', { hasText: 'met' }).waitFor({ timeout: 10000 });
      await section.getByRole('button', { name: 'Save', exact: true }).click();
      await section.getByText('Saved.', { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the mailing editor at 360 px');

      // A test to oneself, in French.
      await section.getByRole('combobox', { name: 'Language of the test' }).selectOption('fr');
      await section.getByRole('button', { name: 'Send me a test', exact: true }).click();
      await section.getByText(`Test sent to ${admin} in Français.`, { exact: true }).waitFor({ timeout: 10000 });
      const test = await mailTo(admin, (message) => message.subject === `[Test] Nouvelles d’hiver ${stamp}`);
      assert.ok(test.html.includes('<strong>rencontré</strong>'), 'the French text, rendered');
      assert.ok(!OPENS_IMAGE.test(test.html) && !test.html.includes('/api/newsletter/opens/'), 'a test counts no opens');

      // Sent to the list, after saying yes.
      await section.getByRole('button', { name: /^Send now to [\d,]+ subscribers?$/ }).click();
      await section.getByRole('button', { name: /^Yes, send it to [\d,]+ subscribers?$/ }).click();
      await section.getByText(/^On its way to [\d,]+ subscribers?\./).waitFor({ timeout: 10000 });

      // The reader gets it in English, opens it and leaves from its link.
      const mail = await mailTo(reader, (message) => message.subject === subject, 20000);
      assert.ok(mail.html.includes('<strong>met</strong>'));
      const image = mail.html.match(OPENS_IMAGE);
      assert.ok(image, 'one image per mailing and language');
      const opened = await fetch(baseUrl + image[0]);
      assert.equal(opened.headers.get('content-type'), 'image/gif');
      const readerPage = await context.newPage();
      await readerPage.goto(mail.text.match(UNSUBSCRIBE_LINK)[0]);
      await waitForHeading(readerPage, strings('en').unsubscribe.done_heading);
      await readerPage.close();

      // The console's figures: one open in English, one departure.
      await section.getByRole('button', { name: 'Refresh', exact: true }).click();
      await section.getByText('Figures updated.', { exact: true }).waitFor({ timeout: 10000 });
      await section.getByText('Unsubscribes: 1', { exact: true }).waitFor({ timeout: 10000 });
      const opens = section.getByRole('table', { name: 'Opens by language' });
      const row = opens.getByRole('row').filter({ hasText: 'English' });
      assert.equal((await row.getByRole('cell').last().innerText()).trim(), '1');
      assert.deepEqual(await axeScan(page), [], 'the sent mailing and its figures at 360 px');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});
