// What the account journeys share: opening an account page, joining,
// opening the account from its e-mail, signing in, and a passkey held by
// Chromium's virtual authenticator.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import {
  axeScan,
  baseUrl,
  mailTo,
  pathFor,
  startApp,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

export const PASSWORD = 'river kettle orbit lantern';

/** `civic-server make-admin`, run as an operator would, on the e2e server's database. */
export function makeAdmin(address) {
  const binary = process.env.CIVIC_SERVER_BINARY;
  const database = process.env.CIVIC_TEST_DATABASE_URL;
  assert.ok(binary && database, 'the suite names the server binary and its database');
  execFileSync(binary, ['make-admin', address], {
    env: { ...process.env, DATABASE_URL: database, NO_COLOR: '1' },
    stdio: 'pipe',
  });
}

/** Opens an account page and waits for its heading; the app is started. */
export async function open(context, lang, segment, heading) {
  const { page, seen } = await watchedPage(context);
  await page.goto(baseUrl + pathFor(lang, segment));
  await waitForHeading(page, heading);
  await startApp(page);
  return { page, seen };
}

/** The path and query of the first link in `mail` whose path has `part`. */
export function linkIn(mail, part) {
  const link = mail.text.split(/\s+/).find((word) => word.includes(part));
  assert.ok(link, `a link with ${part} in: ${mail.text}`);
  const url = new URL(link);
  return url.pathname + url.search;
}

export async function join(page, lang, address, password = PASSWORD) {
  const ui = strings(lang).join;
  await page.getByLabel(ui.name_label, { exact: true }).fill('Amira Haddad');
  await page.getByLabel(ui.email_label, { exact: true }).fill(address);
  await page.getByLabel(ui.password_label, { exact: true }).fill(password);
  await page.getByLabel(ui.country_label, { exact: true }).selectOption('TN');
  await page.getByRole('button', { name: ui.submit, exact: true }).click();
}

export async function signIn(page, lang, address, password) {
  const ui = strings(lang).sign_in;
  await page.getByLabel(ui.email_label, { exact: true }).fill(address);
  await page.getByLabel(ui.password_label, { exact: true }).fill(password);
  await page.getByRole('button', { name: ui.submit, exact: true }).click();
}

/** Joins and opens the account from the e-mail; the page is left on "open". */
export async function joined(context, lang, address) {
  const ui = strings(lang);
  const { page, seen } = await open(context, lang, 'join', ui.join.title);
  await join(page, lang, address);
  await page.getByRole('heading', { name: ui.join.check_inbox_title, exact: true }).waitFor({ timeout: 10000 });
  const welcome = await mailTo(address, (mail) => mail.text.includes('/confirm-account?t='));
  await page.goto(baseUrl + linkIn(welcome, '/confirm-account?t='));
  await page.getByText(ui.confirm_account.confirmed, { exact: true }).waitFor({ timeout: 10000 });
  assert.deepEqual(await axeScan(page), [], 'the account is open');
  return { page, seen };
}

/** Joins, opens the account from the e-mail and signs in: the member area shows. */
export async function member(context, lang, address) {
  const ui = strings(lang);
  const { page, seen } = await joined(context, lang, address);
  await page.goto(baseUrl + pathFor(lang, 'sign-in'));
  await waitForHeading(page, ui.sign_in.title);
  await startApp(page);
  await signIn(page, lang, address, PASSWORD);
  await waitForHeading(page, ui.account.title);
  // The member area loads its sessions and membership once drawn: wait for
  // both, so that the caller's next navigation does not cut them short.
  await page.getByText(ui.account.session_current, { exact: true }).waitFor({ timeout: 10000 });
  await page.getByText(ui.dues.status_none, { exact: true }).waitFor({ timeout: 10000 });
  return { page, seen };
}

/** A platform authenticator that verifies the user at once, in this tab. */
export async function virtualAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

export async function addPasskey(page, lang, name) {
  const ui = strings(lang).account;
  await page.getByLabel(ui.passkey_name_label, { exact: true }).fill(name);
  await page.getByRole('button', { name: ui.passkey_add, exact: true }).click();
  await page.getByText(ui.passkey_added, { exact: true }).waitFor({ timeout: 15000 });
}

/** Signs in with the passkey alone and opens the staff console in `lang`, its app started. */
export async function openConsole(page, lang) {
  const ui = strings(lang);
  await page.goto(baseUrl + pathFor(lang, 'sign-in'));
  await waitForHeading(page, ui.sign_in.title);
  await startApp(page);
  await page.getByRole('button', { name: ui.sign_in.passkey_button, exact: true }).click();
  await waitForHeading(page, ui.account.title);
  await page.getByRole('link', { name: ui.account.console_link, exact: true }).click();
  await waitForHeading(page, ui.console.title);
  // The server drew the console; its app comes when a form is reached for.
  await startApp(page);
}
