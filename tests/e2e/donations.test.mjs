// Giving, against the server's sandbox provider (its test payment page
// has the buttons "Succeed", "Decline", "Cancel" and "Pay later", and sends
// the payer back as the real provider would): a one-off gift of a preset
// is shown on the thank-you page once confirmed, and its receipt is in the
// outbox; a declined card says so and leads back to the same choices; a
// cancel brings the visitor back to a form still filled in, told that
// nothing was taken; a monthly gift of one's own amount; refused input is
// explained beside its field. Both pages are axe clean and fit a 360 px
// phone in every language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  apiJson,
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  eventually,
  fill,
  launchBrowser,
  mailTo,
  money,
  pathFor,
  startApp,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
/** The sandbox's test payment page (the server's, standing in for the provider's). */
const SANDBOX = { succeed: 'Succeed', decline: 'Decline', cancel: 'Cancel' };
const THANK_YOU = /\/thank-you\?ref=([^&#]+)/;
/** How long the thank-you page may wait for the provider's confirmation. */
const CONFIRMED_WITHIN = 30000;

let browser;
let offer;
before(async () => {
  browser = await launchBrowser();
  offer = await apiJson('/api/donations/offer');
});
after(() => browser?.close());

/** Whitespace as Playwright compares it: no-break spaces read as spaces. */
const plain = (text) => text.replace(/\s+/g, ' ').trim();

function currency(code) {
  const found = offer.currencies.find((each) => each.currency === code);
  assert.ok(found, `the offer has ${code}`);
  return found;
}

const address = (who) => `${who}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;

/** The donate page's controls, found by their labels in `lang`. */
function donateForm(page, lang) {
  const ui = strings(lang).donate;
  return {
    currency: page.getByLabel(ui.currency_label, { exact: true }),
    frequency: (label) => page.getByRole('radio', { name: label, exact: true }),
    amount: (name) => page.getByRole('radio', { name, exact: true }),
    other: page.getByRole('radio', { name: ui.other, exact: true }),
    own: (code) => page.getByLabel(fill(ui.other_label, { currency: code }), { exact: true }),
    email: page.getByLabel(ui.email_label, { exact: true }),
    dedication: page.getByLabel(ui.dedication_label, { exact: true }),
    give: page.getByRole('button', { name: ui.submit, exact: true }),
  };
}

/** Opens the donate page in `lang` with its app started. */
async function openDonate(context, lang) {
  const { page, seen } = await watchedPage(context);
  await page.goto(baseUrl + pathFor(lang, 'donate'));
  await waitForHeading(page, strings(lang).donate.title);
  await startApp(page);
  return { page, seen };
}

/** Presses "Give" and, on the sandbox's payment page, `button`. */
async function giveAndPress(page, lang, button) {
  await donateForm(page, lang).give.click();
  const pay = page.getByRole('button', { name: button, exact: true });
  await pay.waitFor({ timeout: 15000 });
  assert.ok(!page.url().includes('/donate'), `left for the payment page: ${page.url()}`);
  await pay.click();
}

/** A gift started through the API, as the form would start it. */
async function startedGift(lang, email, overrides = {}) {
  const eur = currency('EUR');
  const response = await fetch(`${baseUrl}/api/donations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      idempotency_key: `e2e-gift-${Date.now()}-${Math.floor(Math.random() * 1e9)}`,
      locale: lang,
      currency: 'EUR',
      frequency: 'once',
      amount: { kind: 'preset', id: eur.presets[0].id },
      email,
      dedication: '',
      ...overrides,
    }),
  });
  assert.equal(response.status, 201, 'the gift is started');
  return response.json();
}

describe('giving with the sandbox provider', () => {
  test('a one-off gift of a preset shows on the thank-you page once confirmed, and its receipt is sent', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const giver = address('giver');
    const eur = currency('EUR');
    const preset = eur.presets[1];
    const amount = money(lang, preset.amount, 'EUR');
    const context = await browser.newContext();
    try {
      const { page, seen } = await openDonate(context, lang);
      if (offer.sandbox) await page.getByText(ui.donate.sandbox, { exact: true }).waitFor();
      await page.getByText(ui.donate.card_text, { exact: true }).waitFor();
      const form = donateForm(page, lang);
      assert.equal(await form.frequency(ui.donate.once).isChecked(), true, 'once, unless the giver says otherwise');
      await form.amount(amount).check();
      await form.email.fill(giver);
      await page.getByText(fill(ui.donate.summary_once, { amount }), { exact: true }).waitFor();

      await giveAndPress(page, lang, SANDBOX.succeed);
      await page.waitForURL(THANK_YOU, { timeout: 15000 });
      await waitForHeading(page, ui.donation_thanks.title);
      const status = page.getByRole('status').filter({ hasText: fill(ui.donation_thanks.paid_once, { amount }) });
      await status.waitFor({ timeout: CONFIRMED_WITHIN });
      const summary = page.getByRole('region', { name: ui.donation_thanks.summary_heading, exact: true });
      const shown = plain(await summary.innerText());
      for (const part of [amount, ui.donate.once, giver]) assert.ok(shown.includes(plain(part)), `${part} in: ${shown}`);
      const reference = decodeURIComponent(page.url().match(THANK_YOU)[1]);
      assert.ok(shown.includes(reference), `the reference ${reference} in: ${shown}`);

      await mailTo(giver, () => true, 15000);
      assert.deepEqual(await axeScan(page), []);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('a declined card is said on the thank-you page, whose link fills the form again', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const giver = address('declined');
    const preset = currency('EUR').presets[0];
    const amount = money(lang, preset.amount, 'EUR');
    const context = await browser.newContext();
    try {
      const { page } = await openDonate(context, lang);
      const form = donateForm(page, lang);
      await form.amount(amount).check();
      await form.email.fill(giver);
      await form.dedication.fill('For the volunteers');
      await giveAndPress(page, lang, SANDBOX.decline);
      await page.waitForURL(THANK_YOU, { timeout: 15000 });
      await waitForHeading(page, ui.donation_thanks.heading_failed, CONFIRMED_WITHIN);
      await page.getByText(ui.donation_thanks.failed, { exact: true }).waitFor();
      assert.equal(await page.getByText(fill(ui.donation_thanks.paid_once, { amount }), { exact: true }).count(), 0);
      assert.deepEqual(await axeScan(page), []);

      await page.getByRole('link', { name: ui.donation_thanks.try_again, exact: true }).click();
      await waitForHeading(page, ui.donate.title);
      await page.getByRole('status').getByText(ui.donate.declined, { exact: true }).waitFor({ timeout: 15000 });
      const again = donateForm(page, lang);
      await eventually(() => again.amount(amount).isChecked(), true, 'the same amount is chosen', 15000);
      assert.equal(await again.email.inputValue(), giver);
      assert.equal(await again.dedication.inputValue(), 'For the volunteers');
    } finally {
      await context.close();
    }
  });

  test('leaving the payment page brings the visitor back to a form still filled in, told nothing was taken', async () => {
    const lang = 'ar';
    const ui = strings(lang);
    const giver = address('cancelled');
    const context = await browser.newContext();
    try {
      const { page } = await openDonate(context, lang);
      const form = donateForm(page, lang);
      const several = offer.currencies.length > 1 && offer.currencies.some((each) => each.currency === 'GBP');
      const code = several ? 'GBP' : offer.currencies[0].currency;
      if (several) await form.currency.selectOption(code);
      await form.other.check();
      await form.own(code).fill('15');
      await form.email.fill(giver);
      await form.dedication.fill('في ذكرى جدّتي');
      await giveAndPress(page, lang, SANDBOX.cancel);

      await page.waitForURL(/\/ar\/donate\?.*cancelled=1/, { timeout: 15000 });
      await waitForHeading(page, ui.donate.title);
      await page.getByRole('status').getByText(ui.donate.cancelled, { exact: true }).waitFor();
      const again = donateForm(page, lang);
      // The app fills the form from the gift (`?ref=`) at once, without a touch.
      await eventually(() => again.other.isChecked(), true, 'their own amount is chosen again', 15000);
      assert.equal(await again.own(code).inputValue(), '15');
      if (several) assert.equal(await again.currency.inputValue(), code);
      assert.equal(await again.email.inputValue(), giver);
      assert.equal(await again.dedication.inputValue(), 'في ذكرى جدّتي');
      assert.deepEqual(await axeScan(page), []);
    } finally {
      await context.close();
    }
  });

  test('a monthly gift of ones own amount is set up and shown as monthly', async () => {
    const lang = 'fr';
    const ui = strings(lang);
    const giver = address('monthly');
    const amount = money(lang, 1250, 'EUR');
    const context = await browser.newContext();
    try {
      const { page } = await openDonate(context, lang);
      const form = donateForm(page, lang);
      if (offer.currencies.length > 1) await form.currency.selectOption('EUR');
      await form.frequency(ui.donate.monthly).check();
      await form.other.check();
      const own = form.own('EUR');
      assert.equal(await own.getAttribute('inputmode'), 'decimal', 'a phone shows figures');
      await own.fill('12,50');
      await form.email.fill(giver);
      const summary = plain(await page.locator('.donate-summary').innerText());
      assert.equal(summary, plain(fill(ui.donate.summary_monthly, { amount })));

      await giveAndPress(page, lang, SANDBOX.succeed);
      await page.waitForURL(/\/fr\/thank-you\?ref=/, { timeout: 15000 });
      await waitForHeading(page, ui.donation_thanks.title);
      const paid = plain(fill(ui.donation_thanks.paid_monthly, { amount }));
      await eventually(
        async () => (await page.getByRole('status').allInnerTexts()).some((text) => plain(text).includes(paid)),
        true,
        `a status says: ${paid}`,
        CONFIRMED_WITHIN,
      );
      const shown = plain(await page.getByRole('region', { name: ui.donation_thanks.summary_heading }).innerText());
      assert.ok(shown.includes(ui.donate.monthly), shown);
      await mailTo(giver, () => true, 15000);
    } finally {
      await context.close();
    }
  });

  test('refused input is explained beside each field in the visitors language, and nothing is sent', async () => {
    const lang = 'es';
    const ui = strings(lang);
    const context = await browser.newContext();
    try {
      const { page } = await openDonate(context, lang);
      const posts = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/donations')) posts.push(request.url());
      });
      const form = donateForm(page, lang);
      await form.give.click();
      await page.getByText(ui.donate.errors.amount_required, { exact: true }).waitFor({ timeout: 5000 });
      await page.getByText(ui.donate.errors.email_required, { exact: true }).waitFor();
      assert.equal(await page.getByRole('alert').innerText(), ui.donate.invalid);
      assert.equal(await page.getByRole('radiogroup', { name: ui.donate.amount_legend }).getAttribute('aria-invalid'), 'true');

      const code = offer.currencies[0].currency;
      const { minimum } = currency(code);
      await form.other.check();
      // One cent below the minimum, as a Spanish visitor writes it.
      const below = minimum - 1;
      await form.own(code).fill(`${Math.floor(below / 100)},${String(below % 100).padStart(2, '0')}`);
      await form.give.click();
      const tooSmall = plain(fill(ui.donate.errors.amount_too_small, { min: money(lang, minimum, code) }));
      await eventually(
        async () => plain((await page.locator('#donate-other-amount-error').textContent()) ?? ''),
        tooSmall,
        'the minimum, in the currency, beside the amount',
      );
      assert.equal(await form.own(code).getAttribute('aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'donate-other-amount', 'the first field to fix has the focus');
      assert.equal(await form.email.getAttribute('aria-invalid'), 'true');
      assert.deepEqual(posts, [], 'nothing the server would refuse is sent');
    } finally {
      await context.close();
    }
  });
});

test('a thank-you page opened before the confirmation waits for it, then shows the gift without a reload', async () => {
  const lang = 'es';
  const ui = strings(lang);
  const giver = address('waiting');
  const gift = await startedGift(lang, giver);
  const amount = plain(money(lang, currency('EUR').presets[0].amount, 'EUR'));
  const context = await browser.newContext();
  try {
    const { page, seen } = await watchedPage(context);
    await page.goto(`${baseUrl}${pathFor(lang, 'thank-you')}?ref=${encodeURIComponent(gift.reference)}`);
    await waitForHeading(page, ui.donation_thanks.title);
    const waiting = page.getByRole('status').filter({ hasText: ui.donation_thanks.pending });
    await waiting.waitFor();
    assert.ok(!plain(await page.locator('main').innerText()).includes(amount), 'no gift before it is confirmed');

    // The payer confirms in another tab; this one learns it by asking again.
    const payer = await context.newPage();
    await payer.goto(new URL(gift.checkout_url, baseUrl).href);
    await payer.getByRole('button', { name: SANDBOX.succeed, exact: true }).click();
    await payer.waitForURL(THANK_YOU, { timeout: 15000 });
    const paid = plain(fill(ui.donation_thanks.paid_once, { amount }));
    await eventually(
      async () => (await page.getByRole('status').allInnerTexts()).some((text) => plain(text).includes(paid)),
      true,
      `the waiting tab says: ${paid}`,
      15000,
    );
    await page.getByRole('region', { name: ui.donation_thanks.summary_heading, exact: true }).waitFor();
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

for (const lang of LANGUAGES) {
  test(`on a 360 px phone in ${lang} both donation pages fit and axe finds nothing`, async () => {
    const ui = strings(lang);
    const context = await browser.newContext(PHONE);
    try {
      const { page } = await openDonate(context, lang);
      const form = donateForm(page, lang);
      await form.other.check();
      await form.give.click();
      await page.getByText(ui.donate.errors.amount_empty, { exact: true }).waitFor({ timeout: 5000 });
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok((await overflow()) <= 0, `the donate page is ${await overflow()} px wider than the phone`);
      assert.deepEqual(await axeScan(page), [], 'the donate page, its errors shown');

      const giver = address(`phone-${lang}`);
      const { checkout_url: checkout } = await startedGift(lang, giver, { dedication: 'In memory of Ada Lovelace' });
      await page.goto(new URL(checkout, baseUrl).href);
      await page.getByRole('button', { name: SANDBOX.succeed, exact: true }).click();
      await page.waitForURL(THANK_YOU, { timeout: 15000 });
      await page
        .getByRole('region', { name: ui.donation_thanks.summary_heading, exact: true })
        .waitFor({ timeout: CONFIRMED_WITHIN });
      assert.ok((await overflow()) <= 0, `the thank-you page is ${await overflow()} px wider than the phone`);
      assert.deepEqual(await axeScan(page), [], 'the thank-you page, the gift paid');
    } finally {
      await context.close();
    }
  });
}

test('a thank-you page for a gift nobody knows says so and leads to the donate page', async () => {
  for (const lang of LANGUAGES) {
    const ui = strings(lang);
    const context = await browser.newContext(PHONE);
    try {
      const { page } = await watchedPage(context);
      await page.goto(`${baseUrl}${pathFor(lang, 'thank-you')}?ref=no-such-gift`);
      await waitForHeading(page, ui.donation_thanks.heading_missing);
      const link = page.getByRole('link', { name: ui.donation_thanks.donate_link, exact: true });
      assert.equal(await link.getAttribute('href'), pathFor(lang, 'donate'));
      assert.deepEqual(await axeScan(page), [], lang);
    } finally {
      await context.close();
    }
  }
});

test('what the page says of money matches the offer: every preset, in every language, as an option', async () => {
  const context = await browser.newContext();
  try {
    for (const lang of LANGUAGES) {
      const { page } = await openDonate(context, lang);
      const first = offer.currencies[0];
      const options = plain(await page.getByRole('radiogroup', { name: strings(lang).donate.amount_legend }).innerText());
      for (const preset of first.presets) {
        const written = plain(money(lang, preset.amount, first.currency));
        assert.ok(options.includes(written), `${lang}: ${written} in ${options}`);
      }
      await page.close();
    }
  } finally {
    await context.close();
  }
});
