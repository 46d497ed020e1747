/**
 * Opens the HTML report of an audit run with a profile in Debian's chromium (driven by
 * playwright-core, which never downloads a browser): no console error, no CSP violation, the
 * filter works, the coverage matrix shows, and a screenshot can be taken.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { renderHtml } from './html.ts';
import { SAMPLE_PROFILE, withSampleProfile } from './html-sample-profile.ts';
import { sampleReport } from './testdata/sample-report.ts';

const CHROMIUM = '/usr/bin/chromium';
const missing = !fs.existsSync(CHROMIUM);
if (missing && process.env.CI) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium`);
const skip = missing ? `${CHROMIUM} not found: install the Debian package chromium to run this test` : false;

let dir = '';
let context: BrowserContext | undefined;
let page: Page;
const problems: string[] = [];

before(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-html-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, renderHtml(withSampleProfile(sampleReport()), { profile: SAMPLE_PROFILE }));
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    timeout: 60_000,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
  });
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', function (e) { console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });",
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
});

after(async () => {
  await context?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The rule ids of the table rows the filter leaves visible. */
async function visibleRules(): Promise<string[]> {
  return page.evaluate<string[]>(
    "Array.from(document.querySelectorAll('tbody.finding')).filter(function (r) { return !r.hidden && r.getClientRects().length > 0; }).map(function (r) { return r.getAttribute('data-rule') || ''; })",
  );
}

test('the HTML report loads in chromium without console errors or CSP violations', { skip }, async () => {
  assert.equal(await page.title(), 'garrison audit of web01');
  assert.equal(await page.textContent('#shown'), '5', 'the script ran and counted the rows');
  assert.deepEqual((await visibleRules()).length, 5);
  assert.equal(await page.locator('svg.chart rect[fill]').count(), 5 + 2, 'bars for 5 severities and 2 failing families');
  const styled = await page.evaluate<string>("getComputedStyle(document.querySelector('.badge.sev-high')).backgroundColor");
  assert.equal(styled, 'rgb(197, 48, 48)', 'the inline style sheet is applied (its CSP hash matches)');
  assert.deepEqual(problems, []);
});

test('the filter narrows the table by text, severity, status and family', { skip }, async () => {
  await page.fill('#filter-q', 'ssh-password');
  assert.deepEqual(await visibleRules(), ['ssh-password-authentication']);
  assert.equal(await page.textContent('#shown'), '1');

  await page.fill('#filter-q', '');
  await page.selectOption('#filter-severity', 'high');
  assert.deepEqual((await visibleRules()).sort(), ['redis-protected-mode', 'ssh-password-authentication', 'ssh-root-login']);

  await page.selectOption('#filter-status', 'fail');
  assert.deepEqual(await visibleRules(), ['ssh-password-authentication']);

  await page.selectOption('#filter-severity', '');
  assert.deepEqual((await visibleRules()).sort(), ['compose-plaintext-secret', 'ssh-password-authentication']);

  await page.selectOption('#filter-family', 'web');
  assert.deepEqual(await visibleRules(), []);
  assert.equal(await page.isVisible('#empty'), true, 'the empty note shows when nothing matches');

  await page.selectOption('#filter-status', '');
  await page.fill('#filter-q', 'nginx.conf');
  assert.deepEqual(await visibleRules(), ['nginx-config-parse']);
  assert.equal(await page.isVisible('#empty'), false);
  assert.deepEqual(problems, []);
});

test('the coverage matrix of the profile shows each recommendation with its rules and status', { skip }, async () => {
  assert.equal(await page.isVisible('#coverage-matrix'), true);
  assert.equal(await page.locator('#coverage-matrix tr.recommendation').count(), SAMPLE_PROFILE.items.length);
  assert.equal(await page.locator('#coverage-matrix tr.section').count(), 4);
  const failing = page.locator('#coverage-matrix tr.recommendation[data-status="fail"]');
  assert.deepEqual(await failing.locator('td:first-child code').allTextContents(), ['ssh-keys-only', 'compose-secrets']);
  const notRun = await page.evaluate<string>("getComputedStyle(document.querySelector('#coverage-matrix span.st-not-run')).fontStyle");
  assert.equal(notRun, 'italic', 'the matrix is styled by the hashed style sheet');
  // The matrix is no part of the findings filter.
  await page.selectOption('#filter-status', 'pass');
  assert.equal(await page.locator('#coverage-matrix tr.recommendation').count(), SAMPLE_PROFILE.items.length);
  assert.equal(await page.isVisible('#coverage-matrix tr.recommendation[data-status="fail"]'), true);
  await page.selectOption('#filter-status', '');
  assert.deepEqual(problems, []);
});

test('the evidence of a finding opens and a screenshot is a PNG', { skip }, async () => {
  await page.selectOption('#filter-family', '');
  await page.fill('#filter-q', '');
  const row = page.locator('tbody.finding[data-rule="ssh-password-authentication"]');
  await row.locator('details summary').click();
  assert.equal(await row.locator('details dd pre').isVisible(), true, 'the fix is shown');
  const shot = path.join(process.env.GARRISON_SCREENSHOT_DIR ?? dir, 'report.png');
  await page.screenshot({ path: shot, fullPage: true });
  const png = fs.readFileSync(shot);
  assert.ok(png.length > 1000, 'screenshot is not empty');
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.deepEqual(problems, []);
});
