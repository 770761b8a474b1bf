// Shared by every journey: the site's address, the texts the pages must
// show (read from the same files the SPA and server use), a Chromium that
// works on a closed network, and an axe-core scan.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const repo = new URL('../../', import.meta.url);

export const baseUrl = (() => {
  const url = process.env.CIVIC_BASE_URL;
  if (!url) throw new Error('CIVIC_BASE_URL is not set: run these tests with `cargo xtask test`');
  return url.replace(/\/$/, '');
})();
export const origin = new URL(baseUrl).origin;

export const LANGUAGES = ['en', 'fr', 'es', 'ar'];
export const NATIVE_NAMES = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية' };
const PREFIX = { en: '', fr: '/fr', es: '/es', ar: '/ar' };
/** The `Intl` locale the SPA formats numbers and dates with. */
export const INTL = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES', ar: 'ar-u-nu-latn' };
const SITE_NAME = 'Civic';
export { readHead } from './html-head.mjs';

export const NOT_FOUND_SEGMENT = 'no-such-page';

/** The UI strings of one language, as the SPA reads them. */
export function strings(lang) {
  return JSON.parse(readFileSync(new URL(`locales/${lang}.json`, repo), 'utf8'));
}

/** Fills `{{ name }}` placeholders the way src/i18n.rs does. */
export function fill(template, values) {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => String(values[name]));
}

/** An amount in minor units as the site writes it (src/money.rs), from the same locale files. */
export function money(lang, minor, code) {
  const { group, min_grouping: minGrouping, decimal, money: pattern } = strings(lang).number;
  const whole = String(Math.floor(minor / 100));
  const grouped = whole.length < 4 + Number(minGrouping) - 1 ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const amount = `${grouped}${decimal}${String(minor % 100).padStart(2, '0')}`;
  const symbol = { EUR: '€', GBP: '£', USD: 'US$' }[code] ?? code;
  const spaced = pattern.trimStart().startsWith('{{ symbol }}') && /\p{L}$/u.test(symbol) ? `${symbol}\u00a0` : symbol;
  return fill(pattern, { symbol: spaced, amount });
}

/** A day (`2026-11-29`) as the site writes it (src/dates.rs), from the same locale files. */
export function longDate(lang, iso) {
  const { date } = strings(lang);
  const [year, month, day] = iso.split('-').map(Number);
  return fill(date.long, { day, month: date[`month_${month}`], year });
}

/** The front matter of a content page: its title and description. */
export function contentMeta(lang, slug) {
  const text = readFileSync(new URL(`content/pages/${lang}/${slug}.md`, repo), 'utf8');
  const front = text.split(/^\+\+\+\s*$/m)[1] ?? '';
  const field = (name) => {
    const match = front.match(new RegExp(`^${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm'));
    return match && JSON.parse(`"${match[1]}"`);
  };
  return { title: field('title'), description: field('description') };
}

/**
 * `<title>` for a page title, as civic-api's `document_title` builds it:
 * the site's name after the title, unless the title starts with it (home).
 */
export function documentTitle(pageTitle) {
  if (!pageTitle) return SITE_NAME;
  return pageTitle.startsWith(SITE_NAME) ? pageTitle : `${pageTitle} | ${SITE_NAME}`;
}

export function pathFor(lang, segment) {
  return `${PREFIX[lang]}/${segment}`;
}

/** Every page of the foundation in one language, with what it must show. */
export function pagesOf(lang) {
  const ui = strings(lang);
  const content = (key, segment) => ({ key, segment, status: 200, ...contentMeta(lang, key) });
  return [
    content('home', ''),
    content('about', 'about'),
    content('privacy', 'privacy'),
    { key: 'report-a-problem', segment: 'report-a-problem', status: 200, ...ui.report },
    { key: 'not-found', segment: NOT_FOUND_SEGMENT, status: 404, ...ui.not_found },
    { key: 'contact', segment: 'contact', status: 200, ...ui.contact },
  ].map((page) => ({
    ...page,
    lang,
    path: pathFor(lang, page.segment),
    h1: page.title,
    documentTitle: documentTitle(page.title),
  }));
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The privacy policy's revision, which the server publishes to the SPA. */
export function policyRevision() {
  const text = readFileSync(new URL('content/pages/en/privacy.md', repo), 'utf8');
  const front = text.split(/^\+\+\+\s*$/m)[1] ?? '';
  return Number(front.match(/^revision\s*=\s*(\d+)/m)[1]);
}

export const ALL_ACCEPTED = Object.freeze({ preferences: true, analytics: true, external_media: true });
export const ALL_REJECTED = Object.freeze({ preferences: false, analytics: false, external_media: false });

/** A decision as the site keeps it in the `civic.consent` cookie. */
export function consentRecord(choices, revision = policyRevision()) {
  return { id: randomBytes(16).toString('hex'), choices, revision, decided_at: new Date().toISOString() };
}

/**
 * Starts `context` as a visitor who already made this decision; a
 * decision the visitor makes later in the test replaces it.
 */
export async function decideConsent(context, choices, revision = policyRevision()) {
  const value = encodeURIComponent(JSON.stringify(consentRecord(choices, revision)));
  await context.addCookies([{ name: 'civic.consent', value, url: baseUrl, sameSite: 'Lax' }]);
}

/** Every key the site keeps on the device: local storage's and cookies', sorted. */
export async function storedKeys(page) {
  const local = await page.evaluate(() => Object.keys(localStorage));
  const cookies = (await page.context().cookies()).map((cookie) => cookie.name);
  return [...local, ...cookies].sort();
}

/** What the site keeps under `key`, in local storage or a cookie (decoded). */
export async function stored(page, key) {
  const local = await page.evaluate((key) => localStorage.getItem(key), key);
  if (local !== null) return local;
  const cookie = (await page.context().cookies()).find((cookie) => cookie.name === key);
  return cookie ? decodeURIComponent(cookie.value) : null;
}

/**
 * Debian's Chromium; playwright gives it a fresh temporary profile.
 * `browser.newContext({ consent })` takes the visitor's consent decision:
 * by default they rejected everything, so the banner stays out of the way
 * of journeys about something else; `consent: null` is a first visit.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async ({ consent = ALL_REJECTED, ...options } = {}) => {
    const context = await newContext(options);
    if (consent) await decideConsent(context, consent);
    return context;
  };
  return browser;
}

/**
 * Holds the page's wasm back until the returned function is called, so a
 * test can act on the page as the server drew it before the app runs.
 */
export async function holdWasm(page) {
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  await page.route(/_bg\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/**
 * The app of a petition, a survey or another page with a form starts when
 * the visitor reaches for one of its forms or buttons (until then the page
 * is the server's, its forms posted by the browser): this presses on the
 * page's first form, as a visitor's finger would, and waits until the app
 * has taken the page over. Only for the pages of a bundle with an app.
 */
export async function startApp(page) {
  const reached = await page.evaluate(() => {
    const drawn = document.getElementById('civic-first-page');
    // Taken over already (a petition that greets a signer asks for its app at once).
    if (!drawn) return false;
    const form = drawn.querySelector('form:not([data-plain])');
    if (form) form.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    // A page with nothing to fill in is asked for its app as the reading
    // bundle asks for a petition that greets a signer.
    else window.dispatchEvent(new Event('civic-app-wanted'));
    return true;
  });
  if (reached) await page.locator('#civic-first-page').waitFor({ state: 'detached', timeout: 15000 });
}

/**
 * Starts summing layout shifts before any of the page's own scripts run
 * (an init script), and keeps what moved, for the failure's message.
 */
export function recordLayoutShifts() {
  window.__layoutShift = 0;
  window.__layoutShiftSources = [];
  const describe = (source) => {
    const node = source.node;
    const name = node ? `${node.nodeName}${node.id ? `#${node.id}` : ''}${node.className ? `.${node.className}` : ''}` : '?';
    const rect = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    return `${name} ${rect(source.previousRect)} -> ${rect(source.currentRect)}`;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__layoutShift += entry.value;
      window.__layoutShiftSources.push(...(entry.sources ?? []).map(describe));
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * The shift at most that nobody can see: a few pixels of one element. A
 * jump a visitor notices scores well above it (Core Web Vitals call 0.1
 * the limit of "good" for a whole visit).
 */
const UNSEEN_SHIFT = 0.01;

/** Fails when anything moved visibly since `recordLayoutShifts` started, naming what. */
export async function assertNothingMoved(page, where = '') {
  const { shift, sources } = await page.evaluate(() => ({
    shift: window.__layoutShift,
    sources: window.__layoutShiftSources,
  }));
  assert.ok(shift < UNSEEN_SHIFT, `${where}nothing moved, but the layout shifted by ${shift}: ${sources.join('; ')}`);
  if (shift > 0) console.log(`# ${where}an unseen layout shift of ${shift}: ${sources.join('; ')}`);
}

/** Polls `read` until it returns `expected`, then fails with the last value seen. */
export async function eventually(read, expected, message, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let actual;
  do {
    actual = await read();
    if (isDeepStrictEqual(actual, expected)) return;
    await delay(100);
  } while (Date.now() < deadline);
  assert.deepEqual(actual, expected, message);
}

/** A page that records what a visitor never sees: errors and every request. */
export async function watchedPage(context) {
  const page = await context.newPage();
  const seen = { consoleErrors: [], pageErrors: [], failedRequests: [], errorResponses: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push({ text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('requestfailed', (request) =>
    seen.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) seen.errorResponses.push({ url: response.url(), status: response.status() });
  });
  return { page, seen };
}

/**
 * `assertNothingWentWrong` for a page visited with JavaScript off, where
 * Chromium refuses the app's preloaded module itself.
 */
export function assertNothingWentWrongWithoutScripts(seen, expected404 = []) {
  seen.failedRequests = seen.failedRequests.filter((failure) => !/\.js: csp$/.test(failure));
  assertNothingWentWrong(seen, expected404);
}

/**
 * Fails on console errors, uncaught exceptions, failed or erroring
 * requests and requests to other origins. `expected404` lists the URLs
 * whose 404 is the point (a page that does not exist).
 */
export function assertNothingWentWrong(seen, expected404 = []) {
  const allowed = (url, status) => status === 404 && expected404.includes(url);
  const badResponses = seen.errorResponses.filter(({ url, status }) => !allowed(url, status));
  assert.deepEqual(badResponses, [], 'responses with an error status');
  const browser404 = /Failed to load resource: the server responded with a status of 404/;
  const consoleErrors = seen.consoleErrors.filter(({ text, url }) => !(browser404.test(text) && allowed(url, 404)));
  assert.deepEqual(consoleErrors, [], 'console errors');
  assert.deepEqual(seen.pageErrors, [], 'uncaught exceptions');
  // Chromium asks for the tab's icon after a page has loaded, and a reading
  // page fetches its wasm once painted; both requests are dropped when the
  // visitor moves to another document first (another bundle, or a page in
  // another language), and nobody sees it.
  const leftBehind = /\/(favicon\.svg|civic-reading-[0-9a-f]+_bg\.wasm): net::ERR_ABORTED$/;
  const failedRequests = seen.failedRequests.filter((failure) => !leftBehind.test(failure));
  assert.deepEqual(failedRequests, [], 'failed requests');
  assert.deepEqual(seen.requests.filter(isForeign), [], 'requests to another origin');
}

function isForeign(url) {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
  return parsed.origin !== origin;
}

/** Opens `info.path` and waits until its h1 is the expected one. */
export async function visit(context, info) {
  const { page, seen } = await watchedPage(context);
  const response = await page.goto(baseUrl + info.path);
  await waitForHeading(page, info.h1);
  return { page, seen, response };
}

export async function waitForHeading(page, text, timeout = 15000) {
  const heading = page.getByRole('heading', { level: 1, name: text, exact: true });
  try {
    await heading.waitFor({ timeout });
  } catch {
    const shown = await page.locator('h1').allInnerTexts();
    assert.fail(`expected the h1 "${text}" on ${page.url()}, found ${JSON.stringify(shown)}`);
  }
  return heading;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * axe-core's violations on the page as readable lines. The site's CSP
 * forbids inline scripts, so axe is evaluated through the DevTools
 * protocol, which CSP does not govern, instead of a `<script>` tag.
 */
export async function axeScan(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const results = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary.replace(/\n\s*/g, '; ')}`),
    }));
  }, AXE_TAGS);
  return violations.map(({ id, impact, help, nodes }) => `${id} (${impact}): ${help}\n    ${nodes.join('\n    ')}`);
}

/**
 * axe-core's findings on the page as a visitor without JavaScript gets it.
 * axe itself needs scripts (its checks wait on timers), so the page runs
 * with them but without the app's, and with its `<noscript>` note shown.
 * `act` does what the visitor does there first (send a form, say).
 */
export async function axeScanWithoutScripts(browser, path, act = async () => {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.route(/\.(js|wasm)$/, (route) => route.abort());
    // Every page it loads, a form's answer included, shows its note.
    await page.route(
      (url) => url.origin === origin && !/\.(js|wasm|css|webp|avif|jpg|png|svg|ico|json)$/.test(url.pathname),
      async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(/<\/?noscript>/g, '');
        await route.fulfill({ response, body: html });
      },
    );
    await page.goto(baseUrl + path);
    await act(page);
    return await axeScan(page);
  } finally {
    await context.close();
  }
}

/** A public API read that must answer 200, as JSON. */
export async function apiJson(path) {
  const response = await fetch(baseUrl + path);
  assert.equal(response.status, 200, `GET ${path}`);
  return response.json();
}

/** The newest message to `to` in the dev outbox that `wanted` accepts, waiting for the writer. */
export async function mailTo(to, wanted, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const messages = await apiJson('/dev/outbox.json');
    const found = messages.find((message) => message.to === to && wanted(message));
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`no such e-mail to ${to}; the outbox has ${messages.length} messages`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A petition's sign form, found by its labels in `lang`. */
export function signForm(page, lang) {
  const ui = strings(lang).sign;
  return {
    name: page.getByLabel(ui.name_label, { exact: true }),
    email: page.getByLabel(ui.email_label, { exact: true }),
    country: page.getByLabel(ui.country_label, { exact: true }),
    submit: page.getByRole('button', { name: ui.submit, exact: true }),
  };
}
