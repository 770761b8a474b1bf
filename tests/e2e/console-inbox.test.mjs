// The console's inbox as staff work it: a message sent with the contact
// form is in the inbox's first HTML; an admin on a phone opens it, takes
// it, leaves a note and answers by e-mail, which reaches the writer with
// the reference in its subject. Axe clean at 360 px.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertNothingWentWrong, axeScan, baseUrl, fill, launchBrowser, mailTo, strings } from './helpers.mjs';
import { addPasskey, makeAdmin, member, openConsole, virtualAuthenticator } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** A message as the contact form sends it; its reference. */
async function sendMessage(writer, subject) {
  const response = await fetch(`${baseUrl}/api/contact-messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      idempotency_key: `inbox-e2e-${Date.now()}-${Math.random().toString(16).slice(2, 10)}`,
      locale: 'es',
      name: 'Lucía Fernández',
      email: writer,
      subject,
      message: 'Somos una asociación vecinal y queremos sumarnos.\n¿Cómo empezamos?',
      website: '',
    }),
  });
  assert.equal(response.status, 201);
  return (await response.json()).reference;
}

describe('the console inbox', () => {
  test('an admin takes a message, leaves a note and replies by e-mail', async () => {
    const lang = 'en';
    const ui = strings(lang).console;
    const stamp = Date.now();
    const writer = `lucia-${stamp}@example.org`;
    const subject = `Una alianza en Valencia ${stamp}`;
    const reference = await sendMessage(writer, subject);

    const context = await browser.newContext(PHONE);
    try {
      const address = `inbox-admin-${stamp}@example.org`;
      const { page, seen } = await member(context, lang, address);
      await virtualAuthenticator(page);
      await addPasskey(page, lang, 'Office phone');
      makeAdmin(address);
      await openConsole(page, lang);
      await page.getByRole('heading', { name: ui.inbox_heading, exact: true }).waitFor();

      await page.getByRole('button', { name: `${ui.inbox_open} ${fill(ui.inbox_open_subject, { subject })}`, exact: true }).click();
      await page.getByRole('heading', { name: subject, exact: true }).waitFor({ timeout: 10000 });
      await page.getByText(reference, { exact: true }).waitFor();

      await page.getByRole('combobox', { name: ui.inbox_status_label, exact: true }).selectOption('in_progress');
      await page.getByRole('combobox', { name: ui.inbox_assignee_label, exact: true }).selectOption(address);
      await page.getByRole('button', { name: ui.inbox_save, exact: true }).click();
      await page.getByText(ui.inbox_saved, { exact: true }).waitFor({ timeout: 10000 });

      await page.getByRole('textbox', { name: ui.inbox_note_label, exact: true }).fill('Marta knows the Valencia group.');
      await page.getByRole('button', { name: ui.inbox_note_submit, exact: true }).click();
      await page.getByText(ui.inbox_note_added, { exact: true }).waitFor({ timeout: 10000 });

      const reply = page.getByRole('textbox', { name: ui.inbox_reply_body_label, exact: true });
      assert.equal(await reply.getAttribute('lang'), 'es', 'the reply is typed in the writer’s language');
      await reply.fill('Hola Lucía:\n\nGracias por escribirnos. Marta le escribirá esta semana.');
      await page.getByRole('button', { name: ui.inbox_reply_submit, exact: true }).click();
      await page.getByText(fill(ui.inbox_reply_sent, { email: writer }), { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'a thread with a note and a reply, at 360 px');

      const mail = await mailTo(writer, (message) => message.subject.endsWith(`[${reference}]`));
      assert.equal(mail.subject, `Re: ${subject} [${reference}]`);
      assert.ok(mail.text.includes('Marta le escribirá') && !mail.text.includes('Valencia group'), mail.text);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});
