// The newsletter from a reader's side: double opt-in from the newsletter
// page in every language (the confirmation link from the dev outbox), the
// footer's sign-up keeping the address through a failure, unsubscribing in
// one click from the e-mailed link and undoing it, the RFC 8058 POST that
// mail programs send, and a new link for whoever lost theirs. "Receives
// nothing" is checked by asking for an unsubscribe link: the server mails
// one to subscribed addresses only. The e-mailed links also work without
// JavaScript. Every state is scanned with axe. The
// visitors have refused optional storage (helpers.mjs), so the privacy
// banner stays closed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  axeScan,
  assertNothingWentWrong,
  assertNothingWentWrongWithoutScripts,
  baseUrl,
  documentTitle,
  eventually,
  fill,
  LANGUAGES,
  launchBrowser,
  pathFor,
  startApp,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const CONFIRM_LINK = /https?:\/\/\S+\/confirm-subscription\?t=n\.[A-Za-z0-9_.-]+/;
const UNSUBSCRIBE_LINK = /https?:\/\/\S+\/unsubscribe\?t=u\.[A-Za-z0-9_.-]+/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

let readers = 0;
function newAddress(lang) {
  readers += 1;
  return `news-${Date.now()}-${readers}-${lang}@example.org`;
}

/** `a•••@example.org`, as the pages show an address. */
const hint = (email) => `${email[0]}\u2022\u2022\u2022@${email.split('@')[1]}`;

async function outbox() {
  const response = await fetch(`${baseUrl}/dev/outbox.json`);
  assert.equal(response.status, 200, 'GET /dev/outbox.json');
  return response.json();
}

async function mailsTo(to) {
  return (await outbox()).filter((message) => message.to === to);
}

/** The newest message to `to` that `wanted` accepts, waiting for the writer. */
async function mailTo(to, wanted, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await mailsTo(to)).find(wanted);
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`no such e-mail to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function header(message, name) {
  const found = message.headers.find(([key]) => key.toLowerCase() === name.toLowerCase());
  return found?.[1];
}

async function post(path, body) {
  return fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const addressRequest = (lang, email) => ({ idempotency_key: crypto.randomUUID(), locale: lang, email });

/** An address confirmed through the API, as a reader of the e-mail would; answers the welcome e-mail. */
async function subscribed(lang) {
  const email = newAddress(lang);
  assert.equal((await post('/api/newsletter/subscriptions', addressRequest(lang, email))).status, 202);
  const mail = await mailTo(email, (message) => CONFIRM_LINK.test(message.text));
  const token = new URL(mail.text.match(CONFIRM_LINK)[0]).searchParams.get('t');
  const confirm = await post('/api/newsletter/confirm', { token });
  assert.equal(confirm.status, 200, 'the confirmation is taken');
  const welcome = await mailTo(email, (message) => message.id > mail.id && UNSUBSCRIBE_LINK.test(message.text));
  return { email, welcome, link: welcome.text.match(UNSUBSCRIBE_LINK)[0] };
}

/**
 * Whether the address is on the list, seen from outside: asking for an
 * unsubscribe link mails one only to a subscribed address. The mail is
 * queued before the answer, so its absence can be read at once.
 */
async function receivesMail(lang, email) {
  const before = (await mailsTo(email)).length;
  assert.equal((await post('/api/newsletter/unsubscribe-links', addressRequest(lang, email))).status, 202);
  return (await mailsTo(email)).length > before;
}

async function assertAccessible(page, where) {
  assert.deepEqual(await axeScan(page), [], `axe violations on ${where}`);
}

describe('signing up with double opt-in', () => {
  for (const lang of LANGUAGES) {
    test(`the newsletter page (${lang}): field errors as you type, check your inbox, the e-mailed link confirms`, async () => {
      const ui = strings(lang);
      const email = newAddress(lang);
      const context = await browser.newContext();
      try {
        const { page, seen } = await watchedPage(context);
        await page.goto(baseUrl + pathFor(lang, 'newsletter'));
        await waitForHeading(page, ui.newsletter.title);
        await startApp(page);
        await eventually(() => page.title(), documentTitle(ui.newsletter.title), 'document.title');
        assert.equal(await page.locator('#footer-newsletter-email').count(), 0, 'one sign-up form on this page');

        const field = page.getByLabel(ui.newsletter.email_label, { exact: true });
        await field.fill('ana@');
        await field.blur();
        await page.getByText(ui.newsletter.errors.email_invalid, { exact: true }).waitFor();
        assert.equal(await field.getAttribute('aria-invalid'), 'true');
        await assertAccessible(page, `the ${lang} newsletter page with a field error`);
        await field.fill(email);
        await page.getByText(ui.newsletter.errors.email_invalid, { exact: true }).waitFor({ state: 'detached' });

        await page.getByRole('button', { name: ui.newsletter.submit, exact: true }).click();
        await page.getByRole('heading', { name: ui.newsletter.inbox_heading, exact: true }).waitFor();
        await page.getByText(fill(ui.newsletter.inbox_text, { email }), { exact: true }).waitFor();
        await assertAccessible(page, `the ${lang} "check your inbox" state`);

        const mail = await mailTo(email, (message) => CONFIRM_LINK.test(message.text));
        assert.equal(mail.locale, lang, 'the e-mail is in the language of the page');
        const link = mail.text.match(CONFIRM_LINK)[0];
        assert.ok(link.startsWith(baseUrl + pathFor(lang, 'confirm-subscription')), link);
        assert.equal(await receivesMail(lang, email), false, 'nothing is sent before the address is confirmed');

        const confirming = await watchedPage(context);
        await confirming.page.goto(link);
        await waitForHeading(confirming.page, ui.confirm_subscription.confirmed);
        const text = fill(ui.confirm_subscription.confirmed_text, { email: hint(email) });
        await confirming.page.getByText(text, { exact: true }).waitFor();
        await assertAccessible(confirming.page, `the ${lang} confirmed subscription`);

        const welcome = await mailTo(email, (message) => message.id > mail.id && UNSUBSCRIBE_LINK.test(message.text));
        assert.ok(welcome.html.includes('/unsubscribe?t=u.'), 'the HTML part has the unsubscribe link too');
        assert.match(header(welcome, 'List-Unsubscribe') ?? '', /^<https?:\/\/\S+\/api\/newsletter\/one-click\?t=u\.\S+>$/);
        assert.equal(header(welcome, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
        assert.equal(await receivesMail(lang, email), true, 'the confirmed address is on the list');

        // The link works once more: confirming is idempotent.
        await confirming.page.reload();
        await waitForHeading(confirming.page, ui.confirm_subscription.confirmed);
        assertNothingWentWrong(seen);
        assertNothingWentWrong(confirming.seen);
      } finally {
        await context.close();
      }
    });
  }

  test('a confirmation link that was tampered with says only that it does not work', async () => {
    const ui = strings('fr');
    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      const path = `${pathFor('fr', 'confirm-subscription')}?t=n.tampered.token`;
      await page.goto(baseUrl + path);
      await waitForHeading(page, ui.confirm_subscription.invalid_heading);
      const signUp = page.getByRole('link', { name: ui.confirm_subscription.signup_link, exact: true });
      assert.equal(await signUp.getAttribute('href'), pathFor('fr', 'newsletter'));
      await assertAccessible(page, 'a tampered confirmation link');
      assertNothingWentWrong(seen, [`${baseUrl}/api/newsletter/confirm`]);
    } finally {
      await context.close();
    }
  });
});

describe("the footer's sign-up", () => {
  test('keeps the typed address when sending fails, and sends it on retry', async () => {
    const lang = 'en';
    const ui = strings(lang).newsletter;
    const email = newAddress(lang);
    const context = await browser.newContext();
    try {
      const { page } = await watchedPage(context);
      // A page of the main bundle, whose app sends the footer's form (a
      // reading page leaves it to the browser, as without JavaScript).
      await page.goto(`${baseUrl}/report-a-problem`);
      await page.waitForLoadState('networkidle');
      const footer = page.getByRole('contentinfo');
      const field = footer.getByLabel(ui.email_label, { exact: true });
      await field.fill(email);
      await page.route('**/api/newsletter/subscriptions', (route) => route.abort());
      await footer.getByRole('button', { name: ui.submit, exact: true }).click();
      await footer.getByText(ui.error_network, { exact: true }).waitFor();
      assert.equal(await field.inputValue(), email, 'the address is still in the form');
      await assertAccessible(page, 'the footer sign-up after a failure');

      await page.unroute('**/api/newsletter/subscriptions');
      await footer.getByRole('button', { name: strings(lang).page.retry, exact: true }).click();
      await footer.getByRole('heading', { name: ui.inbox_heading, exact: true }).waitFor();
      await mailTo(email, (message) => CONFIRM_LINK.test(message.text));
      await assertAccessible(page, 'the footer "check your inbox" state');
    } finally {
      await context.close();
    }
  });
});

test('on a reading page the browser posts the footer\'s sign-up itself, and the newsletter page answers', async () => {
  const lang = 'fr';
  const ui = strings(lang).newsletter;
  const email = newAddress(lang);
  const context = await browser.newContext();
  try {
    const { page, seen } = await watchedPage(context);
    await page.goto(`${baseUrl}/fr/about`);
    await page.waitForLoadState('networkidle');
    const footer = page.getByRole('contentinfo');
    await footer.getByLabel(ui.email_label, { exact: true }).fill(email);
    const posted = page.waitForRequest((request) => request.method() === 'POST');
    await footer.getByRole('button', { name: ui.submit, exact: true }).click();
    assert.equal(new URL((await posted).url()).pathname, '/fr/newsletter', 'posted to the newsletter page');
    await page.getByRole('heading', { name: ui.inbox_heading, exact: true }).waitFor();
    await mailTo(email, (message) => CONFIRM_LINK.test(message.text));
    assert.deepEqual(
      seen.requests.filter((url) => url.includes('/api/newsletter')),
      [],
      'the reading page runs no newsletter code',
    );
  } finally {
    await context.close();
  }
});

describe('unsubscribing', () => {
  test('opening the e-mailed link unsubscribes at once; undo subscribes again', async () => {
    const lang = 'en';
    const ui = strings(lang).unsubscribe;
    const reader = await subscribed(lang);
    assert.ok(reader.link.startsWith(`${baseUrl}/unsubscribe?t=u.`), reader.link);
    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(reader.link);
      await waitForHeading(page, ui.done_heading);
      await page.getByText(fill(ui.done_text, { email: hint(reader.email) }), { exact: true }).waitFor();
      await eventually(() => page.title(), documentTitle(ui.title), 'document.title');
      await assertAccessible(page, 'the unsubscribed page');
      assert.equal(await receivesMail(lang, reader.email), false, 'an unsubscribed address receives nothing');

      const undo = page.getByRole('button', { name: ui.undo, exact: true });
      await undo.click();
      await waitForHeading(page, ui.undone_heading);
      await page.getByText(fill(ui.undone_text, { email: hint(reader.email) }), { exact: true }).waitFor();
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      assert.equal(focused, ui.again, 'the focus stays on the button');
      await assertAccessible(page, 'the page after undoing');
      assert.equal(await receivesMail(lang, reader.email), true, 'undoing puts the address back on the list');

      await page.getByRole('button', { name: ui.again, exact: true }).click();
      await waitForHeading(page, ui.done_heading);
      assert.equal(await receivesMail(lang, reader.email), false, 'and it can leave again');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('a mail program unsubscribes with the RFC 8058 one-click POST, without a browser', async () => {
    const lang = 'fr';
    const reader = await subscribed(lang);
    const target = header(reader.welcome, 'List-Unsubscribe').slice(1, -1);
    const oneClick = (url) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });

    const response = await oneClick(target);
    assert.equal(response.status, 200, 'the one-click POST is taken');
    assert.equal(await receivesMail(lang, reader.email), false, 'the address receives nothing more');
    assert.equal((await oneClick(target)).status, 200, 'a second POST changes nothing and still succeeds');

    const tampered = new URL(target);
    tampered.searchParams.set('t', `${tampered.searchParams.get('t')}x`);
    assert.equal((await oneClick(tampered.href)).status, 404, 'a tampered token is refused');

    // The page's own link still shows the state, and undoing works.
    const ui = strings(lang).unsubscribe;
    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(reader.link);
      await waitForHeading(page, ui.done_heading);
      await page.getByRole('button', { name: ui.undo, exact: true }).click();
      await waitForHeading(page, ui.undone_heading);
      assert.equal(await receivesMail(lang, reader.email), true, 'undone');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('a link that does not work offers to send a new one', async () => {
    const lang = 'es';
    const ui = strings(lang);
    const reader = await subscribed(lang);
    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(`${baseUrl}${pathFor(lang, 'unsubscribe')}?t=u.expired.or.tampered`);
      await waitForHeading(page, ui.unsubscribe.invalid_heading);
      await page.getByRole('heading', { name: ui.newsletter.lost_heading, exact: true }).waitFor();
      await assertAccessible(page, 'an unsubscribe link that does not work');
      // The app's way; the browser's own post is the next test's.
      await startApp(page);

      const before = (await mailsTo(reader.email)).length;
      await page.getByLabel(ui.newsletter.lost_email_label, { exact: true }).fill(reader.email);
      await page.getByRole('button', { name: ui.newsletter.lost_submit, exact: true }).click();
      await page.getByText(fill(ui.newsletter.lost_inbox_text, { email: reader.email }), { exact: true }).waitFor();
      const mail = await mailTo(reader.email, (message) => UNSUBSCRIBE_LINK.test(message.text));
      assert.ok((await mailsTo(reader.email)).length > before, 'a new e-mail');
      assert.ok(mail.text.match(UNSUBSCRIBE_LINK)[0].startsWith(`${baseUrl}/es/unsubscribe?t=u.`));
      await assertAccessible(page, 'the lost-link form after sending');
      assertNothingWentWrong(seen, [`${baseUrl}/api/newsletter/unsubscribe`]);
    } finally {
      await context.close();
    }
  });

  test('without the app, the browser posts the lost-link form and the newsletter page answers', async () => {
    // The page keeps its token-bearing address out of Referer, so the
    // browser sends `Origin: null` with this post: the server must go by
    // Sec-Fetch-Site and not refuse it as another site's.
    const lang = 'fr';
    const ui = strings(lang);
    const reader = await subscribed(lang);
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(`${baseUrl}${pathFor(lang, 'unsubscribe')}?t=u.expired.or.tampered`);
      await waitForHeading(page, ui.unsubscribe.invalid_heading);
      const before = (await mailsTo(reader.email)).length;
      await page.getByLabel(ui.newsletter.lost_email_label, { exact: true }).fill(reader.email);
      await page.getByRole('button', { name: ui.newsletter.lost_submit, exact: true }).click();
      await page.getByText(fill(ui.newsletter.lost_inbox_text, { email: reader.email }), { exact: true }).waitFor();
      assert.equal(new URL(page.url()).pathname, pathFor(lang, 'newsletter'), 'the newsletter page answers');
      const mail = await mailTo(reader.email, (message) => UNSUBSCRIBE_LINK.test(message.text));
      assert.ok((await mailsTo(reader.email)).length > before, 'a new e-mail');
      assert.ok(mail.text.match(UNSUBSCRIBE_LINK)[0].startsWith(`${baseUrl}/fr/unsubscribe?t=u.`));
      assertNothingWentWrongWithoutScripts(seen);
    } finally {
      await context.close();
    }
  });
});

test('without JavaScript the e-mailed links confirm and unsubscribe as they open', async () => {
  const lang = 'ar';
  const ui = strings(lang);
  const email = newAddress(lang);
  assert.equal((await post('/api/newsletter/subscriptions', addressRequest(lang, email))).status, 202);
  const mail = await mailTo(email, (message) => CONFIRM_LINK.test(message.text));
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const { page, seen } = await watchedPage(context);
    await page.goto(mail.text.match(CONFIRM_LINK)[0]);
    await waitForHeading(page, ui.confirm_subscription.confirmed);
    const welcome = await mailTo(email, (message) => message.id > mail.id && UNSUBSCRIBE_LINK.test(message.text));

    await page.goto(welcome.text.match(UNSUBSCRIBE_LINK)[0]);
    await waitForHeading(page, ui.unsubscribe.done_heading);
    assert.equal(await page.locator('.noscript').innerText(), ui.layout.noscript_unsubscribe);
    assert.equal(await receivesMail(lang, email), false, 'off the list');
    assert.deepEqual(seen.requests.filter((url) => url.includes('/api/')), [], 'nothing needed the API');
    assertNothingWentWrongWithoutScripts(seen);
  } finally {
    await context.close();
  }
});
