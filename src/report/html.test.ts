import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding, Report } from '../core/report-schema.ts';
import { summarize } from '../core/summary.ts';
import type { Profile } from '../profiles/types.ts';
import { htmlEscape, htmlReporter, renderHtml } from './html.ts';
import { SAMPLE_PROFILE, withSampleProfile } from './html-sample-profile.ts';
import { sampleReport } from './testdata/sample-report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const options = { color: false, verbose: false, width: 100 };

/** Golden file: UPDATE_SNAPSHOTS=1 rewrites it. */
function matchSnapshot(name: string, actual: string): void {
  const file = path.join(here, '__snapshots__', name);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(file)) {
    fs.writeFileSync(file, actual);
    if (process.env.CI) assert.fail(`snapshot ${name} was missing in CI`);
    return;
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}

/** The contents of every element with the tag, as the browser would hash them. */
function blocks(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'CSP meta tag present');
  return m[1]!.replace(/&#39;/g, "'");
}

const HOSTILE = `<script>alert(1)</script></style></script>"'&\u0000\u0007\u001b[31m<img src=x onerror=alert(2)>`;

function hostileReport(): Report {
  const base = sampleReport();
  const finding: Finding = {
    ruleId: `rule-${HOSTILE}`,
    family: `fam${HOSTILE}`,
    status: 'fail',
    severity: 'high',
    title: `Title ${HOSTILE}`,
    messageId: 'm',
    message: `password=hunter2secret and ${HOSTILE}`,
    evidence: [
      { path: `/etc/${HOSTILE}`, line: 3, snippet: `DB_PASSWORD=s3cr3tvalue ${HOSTILE}`, note: `token: abcdefghijklmnop ${HOSTILE}` },
      { snippet: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----' },
    ],
    rationale: `Why ${HOSTILE}`,
    remediation: `Fix ${HOSTILE}`,
    references: [{ title: `T ${HOSTILE}`, url: `javascript:alert(3)` }, { guideline: '001_d9d200db3ee7c4e1.txt', section: `S ${HOSTILE}` }],
    fingerprint: 'a123456789abcdef0123456789abcdef',
    waiver: { reason: `because ${HOSTILE}`, expires: `2027-01-01${HOSTILE}` },
  };
  const findings = [finding, ...base.findings];
  return {
    ...base,
    target: { ...base.target, hostname: `host${HOSTILE}`, root: `/mnt/${HOSTILE}`, os: { id: 'x', idLike: [], versionId: '1', prettyName: `OS ${HOSTILE}` } },
    profile: `p${HOSTILE}`,
    tool: { name: 'garrison', version: `1${HOSTILE}` },
    summary: summarize(findings),
    findings,
    errors: [{ code: `E${HOSTILE}`, message: `secret: topsecretvalue ${HOSTILE}`, path: `/x${HOSTILE}` }],
  };
}

test('html report: self-contained page with a hash-based CSP and the sample findings (golden file)', () => {
  const out = htmlReporter.render(sampleReport(), options);
  matchSnapshot('report.html', out);
  assert.equal(htmlReporter.extension, 'html');
  assert.match(out, /^<!DOCTYPE html>\n/);
  const policy = csp(out);
  assert.ok(!policy.includes('unsafe-inline') && !policy.includes('unsafe-eval'), policy);
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /img-src data:/);
  const [style] = blocks(out, 'style');
  const [script] = blocks(out, 'script');
  assert.equal(blocks(out, 'style').length, 1);
  assert.equal(blocks(out, 'script').length, 1);
  const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  assert.ok(policy.includes(`style-src ${sha(style!)}`), 'the style hash matches the style block');
  assert.ok(policy.includes(`script-src ${sha(script!)}`), 'the script hash matches the script block');
  assert.ok(!/\b(src|href)=/i.test(out.replace(/<script>[\s\S]*?<\/script>/, '')), 'no external resource, no link');
  assert.ok(!/\sstyle=/.test(out), 'no style attributes (the CSP would block them)');
  assert.ok(!/\son[a-z]+=/i.test(out), 'no inline event handlers');
  // Header, summary, charts, table, details.
  assert.match(out, /Debian GNU\/Linux 12 \(bookworm\)/);
  assert.match(out, /2026-11-22T04:00:00\.000Z/);
  assert.match(out, /<dt>garrison<\/dt><dd>0\.1\.0<\/dd>/);
  assert.match(out, new RegExp(`id="score">${sampleReport().summary.score}/100<`));
  assert.equal((out.match(/<svg /g) ?? []).length, 2, 'two charts');
  assert.match(out, /Failing by severity/);
  assert.match(out, /Failing by family/);
  assert.equal((out.match(/<tbody class="finding"/g) ?? []).length, sampleReport().findings.length, 'one table body per finding');
  assert.match(out, /data-rule="ssh-password-authentication" data-status="fail" data-severity="high" data-family="ssh"/);
  assert.match(out, /<code>\/etc\/ssh\/sshd_config:58<\/code> — <code>PasswordAuthentication yes<\/code>/);
  assert.match(out, /<dt>Why<\/dt><dd>Passwords can be guessed by brute force; keys cannot\.<\/dd>/);
  assert.match(out, /<dt>Fix<\/dt><dd><pre>Set `PasswordAuthentication no`/);
  assert.match(out, /CSC Pouta security guidelines \(001_d9d200db3ee7c4e1\.txt\) § Be mindful about the user accounts in the VM/);
  assert.match(out, /<select name="severity" id="filter-severity"><option value="">all<\/option><option value="critical">critical/);
  assert.match(out, /<option value="containers">containers<\/option><option value="databases">databases<\/option><option value="ssh">ssh<\/option><option value="web">web<\/option>/);
});

test('html report: every hostile value is escaped, control characters made visible, secrets redacted', () => {
  const out = renderHtml(hostileReport());
  const [style] = blocks(out, 'style');
  const [script] = blocks(out, 'script');
  const rest = out.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<script>[\s\S]*?<\/script>/, '');
  assert.ok(!/<script|<\/script|<\/style|<img/i.test(rest), 'no markup from values');
  assert.equal(blocks(out, 'script').length, 1);
  assert.equal(blocks(out, 'style').length, 1);
  assert.ok(!style!.includes('alert') && !script!.includes('alert'), 'the inline blocks are fixed text');
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(out), 'no raw control characters');
  assert.match(out, /\\u0000\\u0007\\u001b\[31m/);
  assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;\/style&gt;/);
  assert.match(out, /&quot;&#39;&amp;/);
  // Every attribute value stays inside its quotes: no attribute named after hostile text.
  assert.ok(!/onerror/.test(out.replace(/onerror=alert\(2\)&gt;/g, '')), 'onerror only appears as escaped text');
  assert.ok(!out.includes('javascript:alert(3)"'), 'a reference URL is never a link');
  assert.ok(!/href=/.test(out));
  for (const secret of ['hunter2secret', 's3cr3tvalue', 'abcdefghijklmnop', 'topsecretvalue', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ']) {
    assert.ok(!out.includes(secret), `${secret} is redacted`);
  }
  assert.match(out, /&lt;redacted sha256:[0-9a-f]{8}&gt;/);
});

test('htmlEscape escapes the five special characters and control characters', () => {
  assert.equal(htmlEscape(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(htmlEscape('a\u0000b\u007fc\td\ne'), 'a\\u0000b\\u007fc\td\ne');
});

test('html report with no findings shows an empty chart and the empty-table note', () => {
  const base = sampleReport();
  const out = renderHtml({ ...base, findings: [], summary: summarize([]) });
  assert.match(out, /nothing fails/);
  assert.match(out, /<p class="muted empty" id="empty">No finding matches the filter\.<\/p>/);
  assert.equal((out.match(/<tbody class="finding"/g) ?? []).length, 0);
});

/** The rows of the coverage matrix: [recommendation id, data-status]. */
function coverageRows(html: string): [string, string][] {
  return [...html.matchAll(/<tr class="recommendation" data-status="([^"]*)"><td><code>([^<]*)<\/code>/g)].map((m) => [m[2]!, m[1]!]);
}

test('html report run with a profile: the coverage matrix, recommendation → rules → status, section by section', () => {
  const out = renderHtml(withSampleProfile(sampleReport()), { profile: SAMPLE_PROFILE });
  assert.match(out, /<section aria-label="Profile coverage" id="coverage">\n<h2>Coverage of the profile sample<\/h2>/);
  assert.match(out, /Sample hardening guide — CSC Pouta security guidelines \(001_d9d200db3ee7c4e1\.txt\)/);
  assert.match(out, /<p>6 of 8 recommendations verified automatically \(75%\); 1 manual; 85\.7% of the 7 checkable ones\.<\/p>/);
  assert.deepEqual(coverageRows(out), [
    ['ssh-keys-only', 'fail'],
    ['ssh-root', 'pass'],
    ['compose-secrets', 'fail'],
    ['web-config', 'error'],
    ['redis', 'skip'],
    ['tls-probe', 'not-run'],
    ['backups', 'not-automated'],
    ['announcements', 'manual'],
  ]);
  // Sections in the document's order, each a group of the table.
  assert.deepEqual([...out.matchAll(/<tr class="section"><th colspan="3">([^<]*)</g)].map((m) => m[1]), ['Remote access', 'Containers', 'Web', 'Operations']);
  // Each rule with its own status; the recommendation takes the worst.
  assert.match(out, /<td><ul class="rules"><li><code>ssh-password-authentication<\/code> <span class="st-fail">failing<\/span><\/li><li><code>ssh-root-login<\/code> <span class="st-pass">passing<\/span><\/li><\/ul><\/td><td class="st-fail">failing<\/td>/);
  assert.match(out, /<code>probe-tls-protocols<\/code> <span class="st-not-run">not run<\/span>/);
  assert.match(out, /<td class="muted">manual: reading mailing lists is a human task<\/td><td class="muted">manual<\/td>/);
  assert.match(out, /<td class="muted">no rule yet<\/td><td class="muted">not automated<\/td>/);
  assert.match(out, /<ul class="counts inline" aria-label="Recommendations by status"><li><span class="st-fail">2<\/span> failing<\/li><li><span class="st-error">1<\/span> could not be checked<\/li><li><span class="st-pass">1<\/span> passing<\/li><li><span class="st-skip">1<\/span> not applicable<\/li><li><span class="st-not-run">1<\/span> not run<\/li><\/ul>/);
  // The matrix comes after the findings and leaves the filterable table alone.
  assert.ok(out.indexOf('id="coverage"') > out.indexOf('id="findings"'));
  assert.equal((out.match(/<tbody class="finding"/g) ?? []).length, sampleReport().findings.length);
  // Still self-contained and CSP-safe: the style sheet's hash matches, no style attribute, no link.
  const policy = csp(out);
  const [style] = blocks(out, 'style');
  assert.ok(policy.includes(`style-src 'sha256-${createHash('sha256').update(style!).digest('base64')}'`));
  assert.match(style!, /\.st-not-run \{/);
  assert.ok(!/\sstyle=/.test(out) && !/\b(src|href)=/i.test(out.replace(/<script>[\s\S]*?<\/script>/, '')));
});

test('html report: the reporter shows the matrix with the profile passed by the command, only for the report\'s own profile', () => {
  const withProfile = htmlReporter.render(withSampleProfile(sampleReport()), { ...options, profile: SAMPLE_PROFILE } as typeof options);
  assert.match(withProfile, /id="coverage"/);
  assert.ok(!renderHtml(withSampleProfile(sampleReport())).includes('id="coverage"'), 'no profile given: no matrix');
  assert.ok(!renderHtml(sampleReport(), { profile: SAMPLE_PROFILE }).includes('id="coverage"'), 'a report run without the profile: no matrix');
  assert.ok(!renderHtml({ ...sampleReport(), profile: 'other' }, { profile: SAMPLE_PROFILE }).includes('id="coverage"'), 'a report of another profile: no matrix');
});

test('html report: hostile text in the profile and the rule ids of the matrix is escaped', () => {
  const hostile: Profile = {
    name: `p${HOSTILE}`,
    title: `Title ${HOSTILE}`,
    guideline: `g${HOSTILE}`,
    items: [
      { id: `i${HOSTILE}`, section: `S ${HOSTILE}`, text: `T ${HOSTILE}`, rules: [`rule-${HOSTILE}`] },
      { id: `m${HOSTILE}`, section: `S ${HOSTILE}`, text: `M ${HOSTILE}`, manual: `because ${HOSTILE}` },
    ],
  };
  const out = renderHtml(hostileReport(), { profile: hostile });
  assert.match(out, /id="coverage"/);
  const rest = out.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<script>[\s\S]*?<\/script>/, '');
  assert.ok(!/<script|<\/script|<\/style|<img/i.test(rest), 'no markup from values');
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(out), 'no raw control characters');
  assert.match(out, /<code>rule-&lt;script&gt;alert\(1\)&lt;\/script&gt;[^<]*<\/code> <span class="st-fail">failing<\/span>/);
  assert.match(out, /<h2>Coverage of the profile p&lt;script&gt;/);
});
