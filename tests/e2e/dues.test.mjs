// Membership dues in the member area, against the server's sandbox
// provider (its test payment page has "Succeed", "Decline", "Pay later" and
// "Cancel"; its customer portal "Cancel at the end of the period", "Renew
// now", "Fail the next payment", "End now" and "Back to the site"). A new
// member chooses the reduced tier and pays: back in the member area the
// membership is active with its next day, and the payment is listed with
// the receipt number its e-mail gives. Renewing from the portal lists a
// second payment; cancelling at the period's end says when it ends; ending
// it now lapses it, said once by e-mail, and paying again is offered. A
// member area opened before the provider's confirmation waits for it;
// leaving the payment page says nothing was charged and keeps the choice.
// The section, in each of its states, fits a 360 px phone and is axe clean
// in every language.

import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
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
  longDate,
  mailTo,
  money,
  pathFor,
  strings,
  waitForHeading,
} from './helpers.mjs';
import { member } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
/** The sandbox's pages, in English like the provider's test pages. */
const CHECKOUT = { succeed: 'Succeed', cancel: 'Cancel' };
const PORTAL = {
  cancel: 'Cancel at the end of the period',
  renew: 'Renew now',
  fail: 'Fail the next payment',
  end: 'End now',
  back: 'Back to the site',
};
/** Where the provider sends the member back after paying, in any language. */
const PAID_BACK = /\/account\?dues=G-[^&#]+$/;
/** How long the member area may wait for the provider's confirmation. */
const CONFIRMED_WITHIN = 30000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** Whitespace as Playwright compares it: no-break spaces read as spaces. */
const plain = (text) => text.replace(/\s+/g, ' ').trim();
const address = (who) => `${who}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Today as the API writes days (UTC). */
const today = () => new Date().toISOString().slice(0, 10);
const daysUntil = (day) => (Date.parse(day) - Date.parse(today())) / 86_400_000;

/** The member's dues as the API tells the signed-in browser. */
async function duesOf(page, lang) {
  const response = await page.request.get(`${baseUrl}/api/account/dues?locale=${lang}`);
  assert.equal(response.status(), 200, 'the dues of the member signed in');
  return response.json();
}

function amountIn(tier, code) {
  const found = tier.amounts.find((each) => each.currency === code);
  assert.ok(found, `${tier.id} is paid in ${code}`);
  return found.amount;
}

/** "€15.00 a year", as the section writes a tier's price. */
function price(lang, tier, code) {
  const ui = strings(lang).dues;
  const amount = money(lang, amountIn(tier, code), code);
  return fill(tier.frequency === 'monthly' ? ui.per_month : ui.per_year, { amount });
}

/** The membership section and its controls, found by their labels in `lang`. */
function duesSection(page, lang) {
  const ui = strings(lang).dues;
  const section = page.getByRole('region', { name: ui.heading, exact: true });
  return {
    section,
    says: (text) => section.getByText(text, { exact: true }),
    notice: section.getByRole('status'),
    currency: section.getByLabel(ui.currency_label, { exact: true }),
    tiers: section.getByRole('radiogroup', { name: ui.tier_legend, exact: true }),
    tier: (tier) => section.getByRole('radio', { name: new RegExp(`^${escaped(tier.name)}`) }),
    pay: section.getByRole('button', { name: ui.submit, exact: true }),
    manage: section.getByRole('button', { name: ui.manage, exact: true }),
    payments: section.getByRole('table', { name: ui.payments_heading, exact: true }).locator('tbody tr'),
  };
}

/** On the sandbox's payment page the form led to, presses `button`. */
async function pressOnCheckout(page, button) {
  const press = page.getByRole('button', { name: button, exact: true });
  await press.waitFor({ timeout: 15000 });
  assert.match(page.url(), /\/sandbox\/checkout\//, 'on the provider’s payment page');
  await press.click();
}

/** Does `act`, then waits until another document has loaded, even at the same address. */
async function navigating(page, act) {
  await page.evaluate(() => {
    window.__civicStayed = true;
  });
  await act();
  await page.waitForFunction(() => window.__civicStayed === undefined, null, { timeout: 15000 });
  await page.waitForLoadState('load');
}

/** "Manage or cancel my membership", `action` on the sandbox's portal, and back to the member area. */
async function throughPortal(page, lang, action) {
  await duesSection(page, lang).manage.click();
  await page.waitForURL(/\/sandbox\/portal\//, { timeout: 15000 });
  await navigating(page, () => page.getByRole('button', { name: action, exact: true }).click());
  await page.getByRole('link', { name: PORTAL.back, exact: true }).click();
  await waitForHeading(page, strings(lang).account.title);
}

/** Starts paying `tier` through the API, as the form does: the provider's page to go to. */
async function startDues(page, lang, tier, currency) {
  const response = await page.request.post(`${baseUrl}/api/account/dues`, {
    data: {
      idempotency_key: `e2e-dues-${Date.now()}-${Math.floor(Math.random() * 1e9)}`,
      locale: lang,
      tier: tier.id,
      currency,
    },
  });
  assert.equal(response.status(), 201, 'the checkout is started');
  return response.json();
}

/** The receipt numbers e-mailed to `to` (in English), once there are `count`. */
async function receiptsTo(to, count) {
  let found = [];
  await eventually(
    async () => {
      const messages = await apiJson('/dev/outbox.json');
      found = messages
        .filter((mail) => mail.to === to)
        .map((mail) => mail.text.match(/Receipt number: (R-\d{4}-\d+)/)?.[1])
        .filter(Boolean);
      return found.length;
    },
    count,
    `${count} receipts to ${to}`,
    15000,
  );
  return found;
}

describe('a member paying dues with the sandbox provider', () => {
  test('pays the reduced tier, renews, cancels at the period end, ends it, and may pay again', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const who = address('dues');
    const context = await browser.newContext();
    try {
      const { page, seen } = await member(context, lang, who);
      const dues = duesSection(page, lang);
      await dues.says(ui.dues.status_none).waitFor({ timeout: 10000 });
      await dues.says(ui.dues.payments_none).waitFor();
      assert.equal(await dues.manage.count(), 0, 'nothing to manage yet');
      const view = await duesOf(page, lang);
      if (view.sandbox) await dues.says(ui.dues.sandbox).waitFor();
      const reduced = view.tiers.find((tier) => tier.reduced);
      assert.ok(reduced, 'a reduced tier is offered');
      const code = view.currencies.includes('EUR') ? 'EUR' : view.currencies[0];

      const posts = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/account/dues')) posts.push(request.url());
      });
      await dues.pay.click();
      await dues.says(ui.dues.errors.tier_required).waitFor({ timeout: 5000 });
      assert.equal(await dues.tiers.getAttribute('aria-invalid'), 'true');
      assert.deepEqual(posts, [], 'nothing the server would refuse is sent');

      if (view.currencies.length > 1) await dues.currency.selectOption(code);
      const label = fill(ui.dues.tier_option_reduced, { name: reduced.name, price: price(lang, reduced, code) });
      await dues.section.getByRole('radio', { name: label, exact: true }).check();
      assert.deepEqual(await axeScan(page), [], 'the form, a tier chosen');
      await dues.pay.click();
      await pressOnCheckout(page, CHECKOUT.succeed);
      await page.waitForURL(PAID_BACK, { timeout: 15000 });
      await waitForHeading(page, ui.account.title);
      await dues.notice.getByText(ui.dues.confirmed, { exact: true }).waitFor({ timeout: CONFIRMED_WITHIN });

      const active = await duesOf(page, lang);
      assert.equal(active.status, 'active');
      assert.equal(active.tier, reduced.id);
      assert.ok(daysUntil(active.next_payment_on) >= 28, `the next payment a period on: ${active.next_payment_on}`);
      await dues.says(fill(ui.dues.status_active_renews, { date: longDate(lang, active.next_payment_on) })).waitFor();
      const shown = plain(await dues.section.innerText());
      for (const part of [reduced.name, price(lang, reduced, code)]) assert.ok(shown.includes(plain(part)), `${part} in: ${shown}`);
      const [receipt] = await receiptsTo(who, 1);
      assert.equal(await dues.payments.count(), 1, 'one payment');
      const row = plain(await dues.payments.first().innerText());
      for (const part of [longDate(lang, today()), money(lang, amountIn(reduced, code), code), receipt]) {
        assert.ok(row.includes(plain(part)), `${part} in the payment: ${row}`);
      }
      assert.equal(await dues.pay.count(), 0, 'a member has nothing to pay');
      assert.deepEqual(await axeScan(page), [], 'the member area, a member');

      await throughPortal(page, lang, PORTAL.renew);
      await eventually(() => dues.payments.count(), 2, 'the renewal is listed', 10000);
      const receipts = await receiptsTo(who, 2);
      const table = plain(await dues.section.getByRole('table').innerText());
      for (const each of receipts) assert.ok(table.includes(each), `${each} in: ${table}`);
      const renewed = await duesOf(page, lang);
      assert.ok(renewed.next_payment_on > active.next_payment_on, 'the next payment a period later');
      await dues.says(fill(ui.dues.status_active_renews, { date: longDate(lang, renewed.next_payment_on) })).waitFor();

      await throughPortal(page, lang, PORTAL.cancel);
      const ends = fill(ui.dues.status_active_ends, { date: longDate(lang, renewed.next_payment_on) });
      await dues.says(ends).waitFor({ timeout: 10000 });
      await dues.manage.waitFor();

      await throughPortal(page, lang, PORTAL.end);
      await dues.says(ui.dues.status_lapsed).waitFor({ timeout: 10000 });
      assert.equal(await dues.manage.count(), 0, 'nothing left to manage');
      await dues.section.getByRole('heading', { name: ui.dues.renew_heading, exact: true }).waitFor();
      await dues.pay.waitFor();
      assert.equal(await dues.payments.count(), 2, 'the payments stay listed');
      const lapsed = (mail) => mail.to === who && /has lapsed/.test(mail.subject);
      await mailTo(who, lapsed, 15000);
      // Time for a second notice, were one to come.
      await delay(2000);
      const notices = (await apiJson('/dev/outbox.json')).filter(lapsed);
      assert.equal(notices.length, 1, 'the lapse is told once');
      assert.deepEqual(await axeScan(page), [], 'the member area, lapsed');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('a member area opened before the confirmation waits for it, offering nothing to pay meanwhile', async () => {
    const lang = 'es';
    const ui = strings(lang);
    const context = await browser.newContext();
    try {
      const { page, seen } = await member(context, lang, address('dues-waiting'));
      // The area has read everything before the member leaves it.
      await duesSection(page, lang).says(ui.dues.status_none).waitFor({ timeout: 10000 });
      await page.waitForLoadState('networkidle');
      const view = await duesOf(page, lang);
      const tier = view.tiers.find((each) => each.frequency === 'monthly') ?? view.tiers[0];
      const code = view.currencies[0];
      const started = await startDues(page, lang, tier, code);
      await page.goto(`${baseUrl}${pathFor(lang, 'account')}?dues=${encodeURIComponent(started.reference)}`);
      await waitForHeading(page, ui.account.title);
      const dues = duesSection(page, lang);
      await dues.notice.getByText(ui.dues.waiting, { exact: true }).waitFor({ timeout: 10000 });
      await dues.says(ui.dues.status_none).waitFor();
      assert.equal(await dues.pay.count(), 0, 'no second payment while one is on its way');
      assert.deepEqual(await axeScan(page), [], 'waiting for the confirmation');

      // The member pays in another tab; this one learns it by asking again.
      const payer = await context.newPage();
      await payer.goto(new URL(started.checkout_url, baseUrl).href);
      await payer.getByRole('button', { name: CHECKOUT.succeed, exact: true }).click();
      await payer.waitForURL(PAID_BACK, { timeout: 15000 });
      await dues.notice.getByText(ui.dues.confirmed, { exact: true }).waitFor({ timeout: CONFIRMED_WITHIN });
      const active = await duesOf(page, lang);
      await dues.says(fill(ui.dues.status_active_renews, { date: longDate(lang, active.next_payment_on) })).waitFor();
      assert.equal(await dues.payments.count(), 1);
      assert.ok(plain(await dues.section.innerText()).includes(plain(price(lang, tier, code))), 'the tier’s price');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('leaving the payment page says nothing was charged, and the same choice is ready again', async () => {
    const lang = 'ar';
    const ui = strings(lang);
    const context = await browser.newContext();
    try {
      const { page } = await member(context, lang, address('dues-cancelled'));
      const dues = duesSection(page, lang);
      await dues.says(ui.dues.status_none).waitFor({ timeout: 10000 });
      const view = await duesOf(page, lang);
      const tier = view.tiers.find((each) => !each.reduced && each.frequency === 'yearly') ?? view.tiers[0];
      const several = view.currencies.length > 1;
      const code = view.currencies.includes('GBP') ? 'GBP' : view.currencies[0];
      if (several) await dues.currency.selectOption(code);
      await dues.tier(tier).check();
      await dues.pay.click();
      await pressOnCheckout(page, CHECKOUT.cancel);

      await page.waitForURL(/\/ar\/account\?dues=G-[^&#]+&cancelled=1$/, { timeout: 15000 });
      await waitForHeading(page, ui.account.title);
      await dues.notice.getByText(ui.dues.cancelled, { exact: true }).waitFor({ timeout: 10000 });
      await dues.says(ui.dues.status_none).waitFor();
      await eventually(() => dues.tier(tier).isChecked(), true, 'the same tier is chosen again', 15000);
      if (several) assert.equal(await dues.currency.inputValue(), code);
      assert.deepEqual(await axeScan(page), [], 'back from the payment page');
    } finally {
      await context.close();
    }
  });
});

// One member seen in every language, so the states cost a few writes
// (the API's writes share one rate limit for the whole e2e run).
test('on a 360 px phone in every language the membership section fits and is axe clean: none, active, overdue, lapsed', async () => {
  const context = await browser.newContext(PHONE);
  try {
    const { page } = await member(context, 'en', address('dues-phone'));
    /** Opens the member area in each language and checks it once `shown` says the state is there. */
    const everyLanguage = async (state, shown, act = async () => {}) => {
      for (const lang of LANGUAGES) {
        const ui = strings(lang);
        await page.goto(baseUrl + pathFor(lang, 'account'));
        await waitForHeading(page, ui.account.title);
        const dues = duesSection(page, lang);
        await dues.says(shown(ui.dues, lang)).waitFor({ timeout: 10000 });
        await act(dues, ui.dues);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${lang}, ${state}: ${overflow} px wider than the phone`);
        assert.deepEqual(await axeScan(page), [], `${lang}, ${state}`);
      }
    };
    await everyLanguage('not a member, the form refused', (ui) => ui.status_none, async (dues, ui) => {
      await dues.pay.click();
      await dues.says(ui.errors.tier_required).waitFor({ timeout: 5000 });
    });

    const view = await duesOf(page, 'en');
    const reduced = view.tiers.find((tier) => tier.reduced) ?? view.tiers[0];
    const started = await startDues(page, 'en', reduced, view.currencies[0]);
    await page.goto(new URL(started.checkout_url, baseUrl).href);
    await page.getByRole('button', { name: CHECKOUT.succeed, exact: true }).click();
    await page.waitForURL(PAID_BACK, { timeout: 15000 });
    const confirmed = duesSection(page, 'en').notice.getByText(strings('en').dues.confirmed, { exact: true });
    await confirmed.waitFor({ timeout: CONFIRMED_WITHIN });
    const active = await duesOf(page, 'en');
    const renews = (ui, lang) => fill(ui.status_active_renews, { date: longDate(lang, active.next_payment_on) });
    await everyLanguage('a member, one payment', renews, (dues) => dues.payments.first().waitFor());

    const backInEnglish = async () => {
      await page.goto(baseUrl + pathFor('en', 'account'));
      await duesSection(page, 'en').manage.waitFor({ timeout: 10000 });
    };
    await backInEnglish();
    await throughPortal(page, 'en', PORTAL.fail);
    await everyLanguage('a renewal failed', (ui) => ui.status_due, (dues) => dues.manage.waitFor());

    await backInEnglish();
    await throughPortal(page, 'en', PORTAL.end);
    await everyLanguage('lapsed', (ui) => ui.status_lapsed, (dues) => dues.pay.waitFor());
  } finally {
    await context.close();
  }
});
