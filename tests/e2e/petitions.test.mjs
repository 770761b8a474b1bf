// Petitions from a visitor's side: the campaigns page, signing in English
// and in French with the confirmation link from the dev outbox while the
// count moves on the open page, signing in one click from the tracked link
// of a thank-you e-mail, short links, copying a share link, and a closed
// petition. Every page is scanned with axe and must not reach any other
// origin: the share buttons are plain links.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  apiJson,
  axeScan,
  assertNothingWentWrong,
  baseUrl,
  documentTitle,
  eventually,
  INTL,
  fill,
  launchBrowser,
  mailTo,
  pathFor,
  signForm,
  startApp,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const repo = new URL('../../', import.meta.url);
const SIGN_SLUG = 'clean-air-near-schools';
const CLOSED_SLUG = 'stop-foreign-agent-laws';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** A front matter field of a petition's text, read from content/. */
function petitionText(slug, lang) {
  const text = readFileSync(new URL(`content/petitions/${slug}/${lang}.md`, repo), 'utf8');
  const front = text.split(/^\+\+\+\s*$/m)[1] ?? '';
  const field = (name) => {
    const match = front.match(new RegExp(`^${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm'));
    return match && JSON.parse(`"${match[1]}"`);
  };
  return { title: field('title'), summary: field('summary') };
}

function isClosed(slug) {
  const settings = readFileSync(new URL(`content/petitions/${slug}/petition.toml`, repo), 'utf8');
  return /^closed\s*=\s*true\s*$/m.test(settings);
}

const petitionPath = (lang, slug) => pathFor(lang, `petitions/${slug}`);

const apiCount = (slug) => apiJson(`/api/petitions/${slug}/count`);

/** Everyone signing in these tests is new: the server counts each address once. */
let signers = 0;
function newSigner(lang) {
  signers += 1;
  const first = { en: 'Grace', fr: 'Aurélie', es: 'Lucía' }[lang];
  return {
    first,
    name: `${first} Tester`,
    email: `e2e-${Date.now()}-${signers}-${lang}@example.org`,
    country: { en: 'IE', fr: 'SN', es: 'CL' }[lang],
  };
}

const CONFIRM_LINK = /https?:\/\/\S+\/confirm-signature\?t=c\.[A-Za-z0-9_.-]+/;
const TRACKED_LINK = /https?:\/\/\S+\/petitions\/([a-z0-9-]+)\?t=(p\.[A-Za-z0-9_.-]+)/;

/** A signature confirmed through the API, as a reader of the e-mail would. */
async function confirmedSigner(lang, slug) {
  const signer = newSigner(lang);
  const sign = await fetch(`${baseUrl}/api/petitions/${slug}/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      idempotency_key: `e2e-${Date.now()}-${signers}-key`,
      locale: lang,
      name: signer.name,
      email: signer.email,
      country: signer.country,
    }),
  });
  assert.equal(sign.status, 202, 'the sign request is taken');
  const mail = await mailTo(signer.email, (message) => CONFIRM_LINK.test(message.text));
  const token = new URL(mail.text.match(CONFIRM_LINK)[0]).searchParams.get('t');
  const confirm = await fetch(`${baseUrl}/api/signatures/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  assert.equal(confirm.status, 200, 'the confirmation is taken');
  return { ...signer, confirmation: await confirm.json() };
}

/** The words beside a petition's bar, as the page writes them. */
async function progressText(page) {
  const bar = page.getByRole('progressbar').first();
  const label = await bar.getAttribute('aria-labelledby');
  return (await page.locator(`[id="${label}"]`).textContent()).trim();
}

async function expectedProgress(page, lang, { count, goal }) {
  const ui = strings(lang).petition;
  const [number, goalText] = await page.evaluate(
    ([tag, count, goal]) => [new Intl.NumberFormat(tag).format(count), new Intl.NumberFormat(tag).format(goal)],
    [INTL[lang], count, goal],
  );
  const singular = lang === 'fr' ? count <= 1 : count === 1;
  return fill(singular ? ui.progress_singular : ui.progress, { number, goal: goalText });
}

async function assertAccessible(page, where) {
  assert.deepEqual(await axeScan(page), [], `axe violations on ${where}`);
}

async function openPetition(context, lang, slug) {
  const watched = await watchedPage(context);
  await watched.page.goto(baseUrl + petitionPath(lang, slug));
  await waitForHeading(watched.page, petitionText(slug, lang).title);
  await startApp(watched.page);
  return watched;
}

describe('the campaigns page', () => {
  for (const lang of ['en', 'fr']) {
    test(`lists the open petitions, then the closed ones marked closed (${lang})`, async () => {
      const ui = strings(lang).campaigns;
      const context = await browser.newContext();
      try {
        const { page, seen } = await watchedPage(context);
        await page.goto(baseUrl + pathFor(lang, 'campaigns'));
        await waitForHeading(page, ui.title);
        const open = page.getByRole('region', { name: ui.open_heading, exact: true });
        const closed = page.getByRole('region', { name: ui.closed_heading, exact: true });
        await open.getByRole('link').first().waitFor({ timeout: 10000 });
        const { petitions } = await apiJson(`/api/petitions?locale=${lang}`);
        assert.ok(petitions.length >= 4, 'the demo content has four petitions at least');
        for (const petition of petitions) {
          const title = petitionText(petition.slug, lang).title;
          assert.equal(petition.closed, isClosed(petition.slug), `${petition.slug}: closed as in content/`);
          const list = petition.closed ? closed : open;
          const link = list.getByRole('link', { name: title, exact: true });
          assert.equal(await link.getAttribute('href'), petitionPath(lang, petition.slug), title);
        }
        assert.equal(await closed.getByText(ui.closed_badge, { exact: true }).count(), 1, 'one closed petition');
        await eventually(() => page.title(), documentTitle(ui.title), 'document.title');
        await assertAccessible(page, `the ${lang} campaigns page`);
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }
});

describe('signing with a confirmation e-mail', () => {
  for (const lang of ['en', 'fr']) {
    test(`signing in ${lang}, confirming from the e-mail, and the open page shows the new count`, async () => {
      const ui = strings(lang);
      const signer = newSigner(lang);
      const context = await browser.newContext();
      try {
        const { page, seen } = await openPetition(context, lang, SIGN_SLUG);
        const before = await apiCount(SIGN_SLUG);
        assert.equal(await progressText(page), await expectedProgress(page, lang, before));
        assert.equal(await page.locator('iframe').count(), 0, 'no third-party frame');
        await assertAccessible(page, `the ${lang} petition page`);

        const form = signForm(page, lang);
        await form.name.fill(signer.name);
        await form.email.fill(signer.email);
        await form.country.selectOption(signer.country);
        await form.submit.click();
        await page.getByRole('heading', { name: ui.inbox.heading, exact: true }).waitFor({ timeout: 10000 });
        await page.getByText(fill(ui.inbox.text, { email: signer.email }), { exact: true }).waitFor();
        await assertAccessible(page, `the ${lang} "check your inbox" state`);

        const mail = await mailTo(signer.email, (message) => CONFIRM_LINK.test(message.text));
        assert.equal(mail.locale, lang, 'the e-mail is in the language the signer used');
        const link = mail.text.match(CONFIRM_LINK)[0];
        assert.ok(link.startsWith(baseUrl + pathFor(lang, 'confirm-signature')), link);
        assert.equal((await apiCount(SIGN_SLUG)).count, before.count, 'nothing counts before the confirmation');

        const confirming = await watchedPage(context);
        await confirming.page.goto(link);
        await waitForHeading(confirming.page, ui.confirm_signature.confirmed);
        const thanks = fill(ui.thanks.heading, { name: signer.first });
        await confirming.page.getByRole('heading', { name: thanks, exact: true }).waitFor();
        await assertAccessible(confirming.page, `the ${lang} confirmation page`);

        const now = await apiCount(SIGN_SLUG);
        assert.equal(now.count, before.count + 1, 'the confirmed signature counts once');
        // The petition page left open asks for the count every ten seconds.
        const expected = await expectedProgress(page, lang, now);
        await eventually(() => progressText(page), expected, 'the open petition page shows the new count', 25000);
        assertNothingWentWrong(seen);
        assertNothingWentWrong(confirming.seen);
      } finally {
        await context.close();
      }
    });
  }
});

describe('a tracked link from a thank-you e-mail', () => {
  test('greets the signer, fills the form in and signs in one click', async () => {
    const lang = 'fr';
    const ui = strings(lang);
    const signer = await confirmedSigner(lang, SIGN_SLUG);
    const mail = await mailTo(signer.email, (message) => TRACKED_LINK.test(message.text));
    const [link, slug] = mail.text.match(TRACKED_LINK);
    assert.notEqual(slug, SIGN_SLUG, 'the e-mail offers the other petitions');
    assert.ok(!isClosed(slug), 'only open petitions are offered');
    assert.ok(link.startsWith(baseUrl + petitionPath(lang, slug)), link);
    const before = await apiCount(slug);

    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(link);
      await waitForHeading(page, petitionText(slug, lang).title);
      // The greeting shares its paragraph with the "Not you?" button.
      await page.getByRole('status').filter({ hasText: fill(ui.sign.greeting, { name: signer.first }) }).waitFor();
      const form = signForm(page, lang);
      assert.equal(await form.name.inputValue(), signer.name);
      assert.equal(await form.email.inputValue(), signer.email);
      await assertAccessible(page, 'a petition opened from a tracked link');

      await form.submit.click();
      const thanks = fill(ui.thanks.heading, { name: signer.first });
      await page.getByRole('heading', { name: thanks, exact: true }).waitFor({ timeout: 10000 });
      assert.equal((await apiCount(slug)).count, before.count + 1, 'counted at once, without another e-mail');
      await assertAccessible(page, 'the thank-you after a one-click signature');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('"Not you?" forgets the person and a tampered token is ignored silently', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const signer = await confirmedSigner(lang, SIGN_SLUG);
    const mail = await mailTo(signer.email, (message) => TRACKED_LINK.test(message.text));
    const [link, slug] = mail.text.match(TRACKED_LINK);
    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(link);
      await waitForHeading(page, petitionText(slug, lang).title);
      await page.getByRole('status').filter({ hasText: fill(ui.sign.greeting, { name: signer.first }) }).waitFor();
      await page.getByRole('button', { name: ui.sign.not_you, exact: true }).click();
      const form = signForm(page, lang);
      await eventually(() => form.email.inputValue(), '', 'the e-mail address is forgotten');
      assert.equal(await form.name.inputValue(), '');
      assert.equal(await page.getByText(fill(ui.sign.greeting, { name: signer.first })).count(), 0);
      assert.ok(!new URL(page.url()).searchParams.has('t'), `the token leaves the address: ${page.url()}`);

      // A character inside the signature: the last one carries spare bits.
      const at = link.length - 10;
      const tampered = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
      const greeted = page.waitForResponse((response) => response.url().endsWith('/signer'));
      await page.goto(tampered);
      assert.equal((await greeted).status(), 404, 'the server does not recognise a tampered token');
      await waitForHeading(page, petitionText(slug, lang).title);
      await form.submit.waitFor();
      assert.equal(await page.getByText(fill(ui.sign.greeting, { name: signer.first })).count(), 0);
      assert.equal(await form.email.inputValue(), '');
      // The greeting request for the tampered token answers 404 on purpose.
      const greeting404 = seen.errorResponses.map(({ url }) => url).filter((url) => url.endsWith('/signer'));
      assertNothingWentWrong(seen, greeting404);
    } finally {
      await context.close();
    }
  });
});

describe('short links', () => {
  test("a petition's short link redirects to its page, tagged as a shared link", async () => {
    const detail = await apiJson(`/api/petitions/${SIGN_SLUG}?locale=en`);
    assert.match(detail.short_path, /^\/s\/[A-Za-z0-9]{6,16}$/);
    const answer = await fetch(baseUrl + detail.short_path, { redirect: 'manual' });
    assert.ok([301, 302, 303, 307, 308].includes(answer.status), `a redirect, got ${answer.status}`);
    const target = new URL(answer.headers.get('location'), baseUrl);
    assert.equal(target.href, `${baseUrl}/petitions/${SIGN_SLUG}?source=link`);

    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      await page.goto(baseUrl + detail.short_path);
      await waitForHeading(page, petitionText(SIGN_SLUG, 'en').title);
      assert.equal(page.url(), `${baseUrl}/petitions/${SIGN_SLUG}?source=link`);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test("a signer's short link carries their referral code, in their language", async () => {
    const signer = await confirmedSigner('es', SIGN_SLUG);
    const code = signer.confirmation.referral.code;
    const answer = await fetch(`${baseUrl}/s/${code}`, { redirect: 'manual' });
    const target = new URL(answer.headers.get('location'), baseUrl);
    assert.equal(target.href, `${baseUrl}/es/petitions/${SIGN_SLUG}?ref=${code}`);
  });

  test('unknown codes and attempts to leave the site are the not-found page', async () => {
    const ui = strings('en').not_found;
    for (const path of ['/s/Zz9Zz9Zz9Zz9', '/s/%2F%2Fevil.example', '/s/..%2F..%2Fevil']) {
      const answer = await fetch(baseUrl + path, { redirect: 'manual' });
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers.get('location'), null, path);
    }
    const context = await browser.newContext();
    try {
      const { page, seen } = await watchedPage(context);
      const response = await page.goto(`${baseUrl}/s/Zz9Zz9Zz9Zz9`);
      assert.equal(response.status(), 404);
      await waitForHeading(page, ui.title);
      assertNothingWentWrong(seen, [`${baseUrl}/s/Zz9Zz9Zz9Zz9`]);
    } finally {
      await context.close();
    }
  });
});

describe('sharing', () => {
  test('"Copy the link" puts the petition\'s address, tagged as a link, on the clipboard', async () => {
    const ui = strings('en').share;
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const { page, seen } = await openPetition(context, 'en', SIGN_SLUG);
      await page.getByRole('button', { name: ui.copy, exact: true }).first().click();
      await page.getByText(ui.copied, { exact: true }).waitFor({ timeout: 5000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, `${baseUrl}/petitions/${SIGN_SLUG}?source=link`);
      // Plain links, which load nothing from the networks until clicked.
      const networks = await page
        .locator('a[data-network]')
        .evaluateAll((anchors) => [...new Set(anchors.map((a) => a.dataset.network))].sort());
      assert.deepEqual(networks, ['bluesky', 'email', 'facebook', 'linkedin', 'telegram', 'whatsapp', 'x']);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});

describe('a closed petition', () => {
  test('shows that it is closed instead of the sign form', async () => {
    const lang = 'es';
    const ui = strings(lang);
    const context = await browser.newContext();
    try {
      const { page, seen } = await openPetition(context, lang, CLOSED_SLUG);
      await page.getByRole('heading', { name: ui.petition.closed_title, exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: ui.sign.submit, exact: true }).count(), 0);
      await assertAccessible(page, 'a closed petition');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('a confirmation link that arrives after closing says so, without a retry that cannot work', async () => {
    const lang = 'fr';
    const ui = strings(lang);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // The server confirms as it draws the page, and says 409 when the
      // petition closed between signing and confirming; no petition closes
      // during the suite, so that answer is played here, in the page's data.
      const path = `${pathFor(lang, 'confirm-signature')}?t=c.anything`;
      await page.route(baseUrl + path, async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(
          /(data-kind=")confirmation-refused(">)[^<]*/,
          `$1confirmation-refused$2${JSON.stringify({ code: 'conflict', message: 'The petition is closed' })}`,
        );
        assert.ok(html.includes('"conflict"'), 'the page carries what confirming came to');
        await route.fulfill({ response, body: html });
      });
      await page.goto(baseUrl + path);
      // The app draws the played answer: the server drew its own.
      await startApp(page);
      await page.getByRole('heading', { name: ui.petition.closed_title, exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: ui.page.retry, exact: true }).count(), 0);
      await assertAccessible(page, 'a confirmation for a closed petition');
    } finally {
      await context.close();
    }
  });
});
