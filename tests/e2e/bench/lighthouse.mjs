// Lighthouse on a few pages of the release build, with its default mobile
// settings (emulated phone, simulated slow 4G and 4x slower CPU): the four
// category scores and the paint, blocking and layout-shift metrics. Prints
// figures only; `cargo xtask bench` runs it against the release server.
// CIVIC_LIGHTHOUSE_REPORTS=<folder> also keeps each page's full HTML report,
// which says what costs the points.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { baseUrl, CHROMIUM_ARGS } from '../helpers.mjs';

// Home, a petition, a survey (the other bundle), and a long text page in
// two languages.
const PAGES = [
  '/',
  '/petitions/lobbying-in-the-open',
  '/surveys/campaign-priorities-2027',
  '/privacy',
  '/fr/privacy',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const reportsFolder = process.env.CIVIC_LIGHTHOUSE_REPORTS;

const rows = [];
const retried = [];
for (const path of PAGES) {
  let row = await audit(path);
  // Now and then, mostly on a busy machine, Lighthouse loses the trace of
  // the load (NO_NAVSTART, NO_FCP) and asks to be run again: once more,
  // and the output says so.
  if (row.lhr.runtimeError) {
    retried.push(`${path}: the first run failed (${row.lhr.runtimeError.code}); these are the second's figures`);
    row = await audit(path);
  }
  rows.push(row);
}
printTable(rows);
for (const note of retried) console.log(note);

// A new Chromium for each page, each with its own new profile (the
// launcher creates and removes it): every page is a first visit, with no
// compiled wasm or cache left by the page before.
async function audit(path) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROMIUM_ARGS,
  });
  try {
    const output = reportsFolder ? 'html' : 'json';
    const result = await lighthouse(`${baseUrl}${path}`, {
      port: chrome.port,
      output,
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    if (reportsFolder) keepReport(path, result.report);
    return { path, lhr: result.lhr };
  } finally {
    await chrome.kill();
  }
}

function keepReport(path, html) {
  const folder = resolve(reportsFolder);
  mkdirSync(folder, { recursive: true });
  const name = path === '/' ? 'home' : path.slice(1).replaceAll('/', '_');
  writeFileSync(join(folder, `${name}.html`), html);
}

function printTable(rows) {
  const columns = ['page', ...CATEGORIES, 'FCP', 'LCP', 'TBT', 'CLS'];
  const lines = rows.map(({ path, lhr }) => [
    path,
    ...CATEGORIES.map((id) => score(lhr.categories[id])),
    seconds(lhr.audits['first-contentful-paint']),
    seconds(lhr.audits['largest-contentful-paint']),
    milliseconds(lhr.audits['total-blocking-time']),
    shift(lhr.audits['cumulative-layout-shift']),
  ]);
  const cells = [columns, ...lines];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  // The benchmark index is Lighthouse's own measure of this machine's CPU:
  // the 4x slowdown multiplies the time this machine's CPU took, so a slow
  // or busy machine reads worse, and two machines compare only with it.
  const { lighthouseVersion, environment } = rows[0].lhr;
  const chromium = environment.hostUserAgent.match(/Chrome\/(\d+)/)?.[1] ?? '?';
  const benchmark = Math.round(environment.benchmarkIndex);
  console.log(`\nLighthouse ${lighthouseVersion} (mobile), Chromium ${chromium}, one run per page of ${baseUrl}`);
  console.log(`CPU benchmark index ${benchmark}; scores out of 100; FCP, LCP = first and largest contentful paint,`);
  console.log('TBT = total blocking time, CLS = cumulative layout shift');
  cells.forEach((row, i) => {
    if (i === 1) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    console.log(line(row));
  });
  // What the largest contentful paint was, which says what to work on.
  for (const { path, lhr } of rows) {
    const element = lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
    if (element) console.log(`${path}: LCP element ${element.selector}: ${element.snippet.slice(0, 120)}`);
  }
  // A page Lighthouse could not measure properly says so here rather
  // than hiding behind a plausible number.
  for (const { path, lhr } of rows) {
    if (lhr.runtimeError) console.log(`${path}: error ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    for (const warning of lhr.runWarnings) console.log(`${path}: warning: ${warning}`);
  }
  if (reportsFolder) console.log(`full reports in ${resolve(reportsFolder)}`);
}

// "-" when Lighthouse gave no value: the row's warnings say why.
function score(category) {
  return category?.score == null ? '-' : String(Math.round(category.score * 100));
}

function seconds(audit) {
  return audit?.numericValue == null ? '-' : `${(audit.numericValue / 1000).toFixed(2)} s`;
}

function milliseconds(audit) {
  return audit?.numericValue == null ? '-' : `${Math.round(audit.numericValue)} ms`;
}

function shift(audit) {
  return audit?.numericValue == null ? '-' : audit.numericValue.toFixed(3);
}
