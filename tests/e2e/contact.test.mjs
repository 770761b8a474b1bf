// Writing to the organisation with the contact form: a refused field is
// explained beside it and nothing typed is lost; a message that goes
// through gets its reference on the page and an acknowledgement in the
// sender's language; on a phone and in every language the page stays
// accessible; without JavaScript the form is a post the server answers.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  assertNothingWentWrong,
  axeScan,
  axeScanWithoutScripts,
  baseUrl,
  eventually,
  fill,
  launchBrowser,
  mailTo,
  pagesOf,
  startApp,
  strings,
  visit,
  watchedPage,
} from './helpers.mjs';

// civic-api's contact::MESSAGE_MIN and MESSAGE_MAX.
const MESSAGE_MIN = 10;
const MESSAGE_MAX = 4000;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const REFERENCE = /C-[A-Z0-9]{6}/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const contactPage = (lang) => pagesOf(lang).find((page) => page.key === 'contact');

function contactForm(page, lang) {
  const ui = strings(lang).contact;
  return {
    name: page.getByLabel(ui.name_label, { exact: true }),
    email: page.getByLabel(ui.email_label, { exact: true }),
    subject: page.getByLabel(ui.subject_label, { exact: true }),
    message: page.getByLabel(ui.message_label, { exact: true }),
    submit: page.getByRole('button', { name: ui.submit, exact: true }),
  };
}

describe('writing to us with the app', () => {
  test('a short message is refused beside its field, then the fixed one is acknowledged by page and e-mail', async () => {
    const lang = 'fr';
    const ui = strings(lang).contact;
    const address = `contact-${Date.now()}@example.org`;
    const context = await browser.newContext();
    try {
      const { page, seen } = await visit(context, contactPage(lang));
      await startApp(page);
      const form = contactForm(page, lang);
      await form.name.fill('Zoé Martin');
      await form.email.fill(address);
      await form.subject.fill('Une intervention dans notre lycée');
      await form.message.fill('Bonjour');
      await form.submit.click();

      const reason = fill(ui.errors.message_too_short, { min: MESSAGE_MIN });
      await page.getByText(reason, { exact: true }).waitFor({ timeout: 5000 });
      assert.equal(await form.message.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'contact-message', 'the field to fix has the focus');
      assert.equal(await page.getByRole('alert').innerText(), ui.invalid);
      assert.equal(await form.subject.inputValue(), 'Une intervention dans notre lycée', 'what was typed stays');

      await form.message.fill('Pourriez-vous présenter vos campagnes à nos élèves en janvier ?');
      await form.submit.click();
      const status = page.getByRole('status').filter({ hasText: REFERENCE });
      await status.waitFor({ timeout: 10000 });
      const reference = (await status.innerText()).match(REFERENCE)[0];
      assert.equal((await status.innerText()).trim(), fill(ui.success, { reference }));
      assert.equal(await form.message.inputValue(), '', 'ready for another message');

      const acknowledgement = await mailTo(address, (mail) => mail.text.includes(reference));
      assert.equal(acknowledgement.locale, lang);
      assert.equal(acknowledgement.subject, 'Nous avons bien reçu votre message');
      assert.ok(!acknowledgement.text.includes('élèves'), 'the message is not repeated to the address');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('a message whose answer was lost is sent again with the same key and kept once', async () => {
    const lang = 'en';
    const context = await browser.newContext();
    try {
      const { page } = await visit(context, contactPage(lang));
      await startApp(page);
      const sent = [];
      await page.route('**/api/contact-messages', async (route) => {
        const response = await route.fetch();
        sent.push({ status: response.status(), body: await response.json() });
        return sent.length === 1 ? route.abort('connectionreset') : route.fulfill({ response });
      });
      const form = contactForm(page, lang);
      await form.name.fill('Sam Reed');
      await form.email.fill('sam@example.org');
      await form.subject.fill('Press enquiry');
      await form.message.fill('Could someone talk to us about the lobbying petition?');
      await form.submit.click();
      await page.getByRole('alert').getByText(strings(lang).contact.error_network, { exact: true }).waitFor();
      assert.equal(await form.message.inputValue(), 'Could someone talk to us about the lobbying petition?');

      await page.getByRole('button', { name: strings(lang).page.retry, exact: true }).click();
      await page.getByRole('status').filter({ hasText: REFERENCE }).waitFor({ timeout: 10000 });
      assert.deepEqual(sent.map((attempt) => attempt.status), [201, 200], 'kept once, then recognised');
      assert.equal(sent[1].body.reference, sent[0].body.reference);
    } finally {
      await context.close();
    }
  });
});

for (const lang of LANGUAGES) {
  test(`on a 360 px phone in ${lang} the contact form fits, and axe finds nothing once errors show`, async () => {
    const context = await browser.newContext(PHONE);
    try {
      const { page } = await visit(context, contactPage(lang));
      await startApp(page);
      await contactForm(page, lang).submit.click();
      const ui = strings(lang).contact;
      await page.getByText(ui.errors.name_required, { exact: true }).waitFor({ timeout: 5000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
      assert.deepEqual(await axeScan(page), []);
    } finally {
      await context.close();
    }
  });
}

test('without JavaScript a visitor writes to us, fixing a mistake, and gets the reference', async () => {
  const lang = 'es';
  const ui = strings(lang).contact;
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const { page } = await watchedPage(context);
    await page.goto(baseUrl + contactPage(lang).path);
    const form = contactForm(page, lang);
    await form.name.fill('Lucía Gómez');
    await form.email.fill('lucia-sin-js@example.org');
    await form.subject.fill('Una charla');
    await form.message.fill('Corto');
    await form.submit.click();
    await page.getByText(fill(ui.errors.message_too_short, { min: MESSAGE_MIN }), { exact: true }).waitFor();
    assert.equal(await form.subject.inputValue(), 'Una charla', 'what was typed is kept');

    await form.message.fill('Queremos organizar una charla sobre el derecho de protesta.');
    await form.submit.click();
    const thanks = page.locator('.form-status');
    await eventually(async () => REFERENCE.test(await thanks.innerText()), true, 'a reference');
    const reference = (await thanks.innerText()).match(REFERENCE)[0];
    assert.equal((await thanks.innerText()).trim(), fill(ui.success, { reference }));
  } finally {
    await context.close();
  }
});

test('axe finds nothing on the contact page without JavaScript once a refused post is answered', async () => {
  const ui = strings('ar').contact;
  const violations = await axeScanWithoutScripts(browser, contactPage('ar').path, async (page) => {
    await page.getByRole('button', { name: ui.submit, exact: true }).click();
    await page.getByText(ui.errors.message_required, { exact: true }).waitFor();
  });
  assert.deepEqual(violations, []);
});

test('the message hint states the limits the server applies', () => {
  for (const lang of LANGUAGES) {
    const hint = fill(strings(lang).contact.message_hint, { min: MESSAGE_MIN, max: MESSAGE_MAX });
    assert.ok(hint.includes(String(MESSAGE_MIN)) && hint.includes(String(MESSAGE_MAX)), hint);
  }
});
