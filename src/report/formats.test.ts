/**
 * The SARIF, JUnit XML and Markdown reporters: golden files, validity (SARIF against the
 * official 2.1.0 schema, JUnit XML through an XML parser), escaping of hostile text taken
 * from the audited host, and redaction of secrets.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import type { Finding, Report } from '../core/report-schema.ts';
import { summarize } from '../core/summary.ts';
import { reporters } from './index.ts';
import { xmlEscape } from './junit.ts';
import { mdEscape, renderMarkdown } from './markdown.ts';
import { SAMPLE_PROFILE, withSampleProfile } from './html-sample-profile.ts';
import { sampleReport } from './testdata/sample-report.ts';

/** The parts of a SARIF log the tests read. */
interface SarifLocationJson {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: unknown };
  logicalLocations?: unknown;
}
interface SarifResultJson {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: SarifLocationJson[];
  relatedLocations: SarifLocationJson[];
  partialFingerprints: Record<string, string>;
  suppressions: { status: string; justification: string }[];
}
interface SarifLogJson {
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; properties: Record<string, unknown>; help: { markdown: string } }[] } };
    results: SarifResultJson[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { associatedRule: { index: number } }[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
  }[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const options = { color: false, verbose: false, width: 100 };
const render = (name: string, report: Report): string => reporters[name]!.render(report, options);

/** Golden files (as in reporters.test.ts): UPDATE_SNAPSHOTS=1 rewrites them. */
function matchSnapshot(name: string, actual: string): void {
  const file = path.join(here, '__snapshots__', name);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(file)) {
    fs.writeFileSync(file, actual);
    if (process.env.CI) assert.fail(`snapshot ${name} was missing in CI`);
    return;
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}

const SECRET = 'hunter2-Sup3rSecret';
const HOSTILE = `<script>alert("x")</script> & ' | **bold** [link](javascript:alert(1)) \`code\` ]]> \u001b[31mred\u0000 \ud800 @admin $x$\n# heading\n- item`;

/** The sample report plus findings whose text comes from a hostile host and carries a secret. */
function hostileReport(): Report {
  const base = sampleReport();
  const extra: Finding[] = [
    {
      ruleId: 'compose-plaintext-secret',
      family: 'containers',
      status: 'fail',
      severity: 'low',
      title: 'Secrets *in* <a> compose_file',
      messageId: 'plainSecret',
      message: `# a heading? ${HOSTILE} password=${SECRET}`,
      evidence: [
        { path: `/srv/<app>&"x'|y.yml`, line: 3, snippet: `DB_PASSWORD=${SECRET} ${HOSTILE}`, note: HOSTILE },
        { path: '/srv/other file.yml', line: 9, snippet: `token: ${SECRET}` },
        { path: 'https://127.0.0.1:8443', note: 'an endpoint, not a file' },
      ],
      rationale: 'Anyone who can read the file learns the secret.',
      remediation: 'Move the secret into a Docker secret file readable by root only.',
      references: [{ guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' }],
      fingerprint: 'aa23456789abcdef0123456789abcdef',
    },
    {
      ruleId: 'ssh-password-authentication',
      family: 'ssh',
      status: 'waived',
      severity: 'high',
      title: 'SSH accepts passwords',
      message: `PasswordAuthentication yes in a Match block ${HOSTILE}`,
      evidence: [{ path: '/etc/ssh/sshd_config', line: 80, snippet: 'PasswordAuthentication yes' }],
      rationale: 'Passwords can be guessed by brute force; keys cannot.',
      remediation: 'Set `PasswordAuthentication no`.',
      references: [{ guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' }],
      fingerprint: 'bb23456789abcdef0123456789abcdef',
      waiver: { reason: `the backup robot ${HOSTILE}`, expires: '2027-01-01' },
    },
  ];
  extra.push({
    ...extra[0]!,
    ruleId: 'kernel-aslr',
    family: 'kernel',
    title: 'Address space layout randomisation',
    message: 'ASLR is off',
    evidence: [{ path: 'kernel.randomize_va_space', note: 'running value 0' }],
    fingerprint: 'cc23456789abcdef0123456789abcdef',
  });
  const findings = [...base.findings, ...extra];
  return {
    ...base,
    target: { ...base.target, hostname: `web<01>&"|*` },
    findings,
    summary: summarize(findings),
    errors: [{ code: 'GARRISON_ERR_FACT', message: `the fact failed: ${HOSTILE}`, path: '/etc/x' }],
  };
}

const bareFinding = (r: Report): Finding => r.findings.find((f) => f.fingerprint.startsWith('cc'))!;

describe('SARIF', () => {
  const require = createRequire(import.meta.url);
  const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // The official SARIF 2.1.0 schema as published by Microsoft's SARIF SDK. It is written
  // as draft-04, whose root `id` Ajv's draft-07 default spells `$id`; every other keyword
  // it uses means the same in both drafts. One of its patterns is valid only as a
  // non-Unicode regular expression, as JSON Schema validators of its time compiled them.
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { title: string; id: string; $schema: string };
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  addFormatsModule.default(ajv);
  const { id, $schema: _draft04, ...definitions } = schema;
  const validate = ajv.compile({ $id: id, ...definitions });

  test('the schema is the official SARIF 2.1.0 one and it rejects a broken log', () => {
    assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'a driver without a name is rejected');
    const bad = JSON.parse(render('sarif', sampleReport())) as { runs: { results: { level: string }[] }[] };
    bad.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validate(bad), false, 'an unknown level is rejected');
  });

  test('sample report: valid SARIF 2.1.0 with rules, levels, locations and fingerprints', () => {
    const out = render('sarif', sampleReport());
    const log = JSON.parse(out) as SarifLogJson;
    assert.ok(validate(log), JSON.stringify(validate.errors));
    matchSnapshot('report.sarif', out);
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, 'garrison');
    const rules = run.tool.driver.rules;
    const ssh = rules.find((r) => r.id === 'ssh-password-authentication')!;
    assert.equal(ssh.shortDescription.text, 'SSH accepts passwords');
    assert.equal(ssh.properties['security-severity'], '8.0');
    assert.deepEqual(ssh.properties.tags, ['security', 'ssh']);
    assert.match(ssh.help.markdown, /PasswordAuthentication no/);
    assert.equal(rules.find((r) => r.id === 'compose-plaintext-secret')!.properties['security-severity'], '9.5');
    // Failing findings only (passes and not applicable checks are not problems).
    assert.deepEqual(run.results.map((x) => x.ruleId).sort(), ['compose-plaintext-secret', 'ssh-password-authentication']);
    const r = run.results.find((x) => x.ruleId === 'ssh-password-authentication')!;
    assert.equal(r.level, 'error');
    assert.equal(rules[r.ruleIndex]!.id, r.ruleId);
    assert.deepEqual(r.locations[0]!.physicalLocation, {
      artifactLocation: { uri: 'etc/ssh/sshd_config', uriBaseId: 'ROOT' },
      region: { startLine: 58, snippet: { text: 'PasswordAuthentication yes' } },
    });
    assert.equal(run.originalUriBaseIds.ROOT!.uri, 'file:///mnt/image/');
    assert.deepEqual(r.partialFingerprints, { 'garrison/v1': '0123456789abcdef0123456789abcdef' });
    // A check that could not be run is a tool execution notification tied to its rule.
    const notes = run.invocations[0]!.toolExecutionNotifications;
    assert.equal(notes.length, 1);
    assert.equal(rules[notes[0]!.associatedRule.index]!.id, 'nginx-config-parse');
  });

  test('a host audit has its root at file:///; waived findings are suppressed results; hostile text stays data', () => {
    const report = hostileReport();
    const host = { ...report, target: { ...report.target, kind: 'local-host' as const, root: '/' } };
    const out = render('sarif', host);
    const log = JSON.parse(out) as SarifLogJson;
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const run = log.runs[0]!;
    assert.equal(run.originalUriBaseIds.ROOT!.uri, 'file:///');
    const waived = run.results.find((x) => x.partialFingerprints['garrison/v1']!.startsWith('bb'))!;
    assert.equal(waived.suppressions[0]!.status, 'accepted');
    assert.match(waived.suppressions[0]!.justification, /backup robot/);
    const hostile = run.results.find((x) => x.partialFingerprints['garrison/v1']!.startsWith('aa'))!;
    assert.equal(hostile.locations[0]!.physicalLocation.artifactLocation.uri, 'srv/%3Capp%3E%26%22x\'%7Cy.yml');
    assert.equal(hostile.relatedLocations[0]!.physicalLocation.artifactLocation.uri, 'srv/other%20file.yml');
    assert.deepEqual(hostile.relatedLocations[1]!.physicalLocation, { artifactLocation: { uri: 'https://127.0.0.1:8443/' } });
    const bare = run.results.find((x) => x.partialFingerprints['garrison/v1']!.startsWith('cc'))!;
    assert.deepEqual(bare.locations, [
      { physicalLocation: { artifactLocation: { uri: '.', uriBaseId: 'ROOT' } }, logicalLocations: [{ name: 'kernel.randomize_va_space', kind: 'resource' }], message: { text: 'running value 0' } },
    ]);
    const noEvidence = { ...host, findings: [{ ...bareFinding(host), evidence: [] }] };
    const lone = (JSON.parse(render('sarif', noEvidence)) as SarifLogJson).runs[0]!.results[0]!;
    assert.deepEqual(lone.locations, [{ physicalLocation: { artifactLocation: { uri: '.', uriBaseId: 'ROOT' } } }]);
    // GitHub code scanning rejects the whole file when one result has no physical location.
    for (const x of run.results) assert.ok(x.locations.length > 0 && x.locations.every((l) => l.physicalLocation.artifactLocation.uri), x.ruleId);
    assert.equal(run.invocations[0]!.executionSuccessful, false, 'a run error marks the run unsuccessful');
    assert.ok(!out.includes(SECRET), 'secrets are redacted');
  });
});

describe('JUnit XML', () => {
  const xmllint = spawnSync('xmllint', ['--version']).status === 0;
  const skip = !xmllint && !process.env.CI ? 'xmllint is not installed (Debian package libxml2-utils)' : false;

  /** Parses the XML with libxml2 and evaluates an XPath expression on it. */
  function xpath(xml: string, expr: string, trim = true): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-junit-'));
    try {
      const file = path.join(dir, 'report.xml');
      fs.writeFileSync(file, xml);
      const r = spawnSync('xmllint', ['--noout', '--nonet', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `well-formed XML: ${r.stderr}`);
      const q = spawnSync('xmllint', ['--nonet', '--xpath', expr, file], { encoding: 'utf8' });
      assert.equal(q.status, 0, `${expr}: ${q.stderr}`);
      return trim ? q.stdout.trim() : q.stdout;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('sample report: a suite per family, a case per check, failures, errors and skips', { skip }, () => {
    const out = render('junit', sampleReport());
    matchSnapshot('report.junit.xml', out);
    assert.equal(xpath(out, 'count(/testsuites/testsuite)'), '4');
    assert.equal(xpath(out, 'string(/testsuites/@tests)'), '5');
    assert.equal(xpath(out, 'count(//testcase)'), '5');
    assert.equal(xpath(out, 'string(//testsuite[@name="ssh"]/@failures)'), '1');
    assert.equal(xpath(out, 'string(//testcase[failure]/failure[@type="high"]/../@name)'), 'ssh-password-authentication: SSH accepts passwords');
    const body = xpath(out, 'string(//testcase[@name="ssh-password-authentication: SSH accepts passwords"]/failure)');
    assert.match(body, /\/etc\/ssh\/sshd_config:58 {2}PasswordAuthentication yes/);
    assert.match(body, /Fix: Set `PasswordAuthentication no`/);
    assert.equal(xpath(out, 'count(//testcase/error)'), '1');
    assert.equal(xpath(out, 'string(//testcase[skipped]/skipped/@message)'), 'Redis is not installed');
    assert.equal(xpath(out, 'count(//testcase[@name="ssh-root-login: Root cannot log in over SSH"]/*)'), '0', 'a pass has no child');
  });

  test('any text escapes to XML 1.0 characters that a parser reads back unchanged', { skip }, () => {
    const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    const arb = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '\u0000', '\u001b', '\r', '\t', '\n', '\ud800', 'a') }));
    fc.assert(fc.property(arb, (text) => !FORBIDDEN.test(xmlEscape(text)) && !/[<>"'\r]|&(?!(amp|lt|gt|quot|apos|#13);)/.test(xmlEscape(text))));
    const valid = fc.sample(arb, { numRuns: 300, seed: 42 }).filter((t) => !FORBIDDEN.test(t));
    const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<r><v>${valid.map(xmlEscape).join('</v><v>')}</v></r>\n`;
    for (const [i, t] of valid.entries()) if (i % 30 === 0) assert.equal(xpath(doc, `string(/r/v[${i + 1}])`, false), `${t}\n`, JSON.stringify(t));
    assert.equal(xpath(doc, 'count(/r/v)'), String(valid.length));
  });

  test('hostile text and control characters give well-formed XML that says what it said', { skip }, () => {
    const out = render('junit', hostileReport());
    assert.ok(!out.includes(SECRET), 'secrets are redacted');
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(out), 'no character XML forbids');
    const message = xpath(out, 'string(//testcase[@classname="garrison.containers"]/failure[@type="low"]/@message)');
    assert.ok(message.startsWith('# a heading? <script>alert("x")</script> & \' | **bold**'), message);
    assert.match(message, /\\u001b\[31mred\\u0000 \\ud800/);
    assert.match(message, /\n# heading\n- item/, 'line breaks survive in attributes');
    assert.equal(xpath(out, 'string(/testsuites/@errors)'), '2', 'the finding that could not be checked and the run error');
    assert.match(xpath(out, 'string(//testcase[@classname="garrison.ssh"]/skipped/@message)'), /^waived: the backup robot/);
    // Two findings of one rule in one suite get distinct names.
    const names = xpath(out, '//testsuite[@name="containers"]/testcase/@name').split('\n');
    assert.equal(new Set(names).size, names.length);
  });
});

describe('Markdown', () => {
  test('sample report: header, counts, table of failing findings, collapsible details', () => {
    const out = render('markdown', sampleReport());
    matchSnapshot('report.md', out);
    assert.match(out, /^## garrison audit of web01\n/);
    assert.match(out, /\*\*Score:\*\* [\d.]+\/100 · \*\*2 failing\*\*/);
    assert.match(out, /\| critical \| 1 \|/);
    assert.match(out, /\| high \| ssh-password-authentication \| SSH accepts passwords \| \/etc\/ssh\/sshd\\_config:58 \|/);
    assert.ok(out.indexOf('compose-plaintext-secret |') < out.indexOf('ssh-password-authentication |'), 'critical first');
    assert.equal((out.match(/<details>/g) ?? []).length, 2);
    assert.equal((out.match(/<\/details>/g) ?? []).length, 2);
    assert.match(out, /\*\*Fix:\*\* Set \\`PasswordAuthentication no\\`/);
    assert.match(out, /### Could not be checked\n\n- nginx-config-parse: /);
    assert.ok(!out.includes('Root cannot log in'), 'passing checks are not listed');
  });

  test('a report run with a profile: the share of verified recommendations and the failing ones', () => {
    const out = renderMarkdown(withSampleProfile(sampleReport()), { profile: SAMPLE_PROFILE });
    assert.match(
      out,
      /\n### Profile sample\n\nSample hardening guide: 6 of 8 recommendations verified automatically \(75%; 85\.7% of the 7 checkable ones\), 1 manual\.\n\n\| Recommendation \| Section \| Failing rules \|\n\|---\|---\|---\|\n/,
    );
    const rows = out.split('\n').filter((l) => l.startsWith('| ssh-keys-only') || l.startsWith('| compose-secrets'));
    assert.deepEqual(rows, [
      '| ssh-keys-only: Log in with keys, never with passwords or as root. | Remote access | ssh-password-authentication |',
      '| compose-secrets: Keep secrets out of compose files. | Containers | compose-plaintext-secret |',
    ]);
    assert.ok(out.indexOf('### Profile sample') < out.indexOf('### Failing'), 'before the failing findings');
    assert.ok(!out.includes('web-config'), 'only failing recommendations are listed');
    // Passed by the command: the same through the reporter; nothing without the profile or for another one.
    assert.equal(reporters.markdown!.render(withSampleProfile(sampleReport()), { ...options, profile: SAMPLE_PROFILE } as typeof options), out);
    assert.ok(!renderMarkdown(withSampleProfile(sampleReport())).includes('### Profile'));
    assert.ok(!renderMarkdown(sampleReport(), { profile: SAMPLE_PROFILE }).includes('### Profile'));
    const passing = { ...sampleReport(), profile: 'sample', findings: sampleReport().findings.filter((f) => f.status !== 'fail') };
    assert.match(renderMarkdown(passing, { profile: SAMPLE_PROFILE }), /1 manual\.\n\nNo recommendation fails\.\n/);
  });

  test('any text escapes to one inline run: no raw HTML, no unescaped pipe or emphasis, no line break', () => {
    const arb = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('<', '>', '&', '|', '\\', '*', '_', '`', '[', ']', '\n', '\r', '\u001b', '#', '- ', 'a') }));
    fc.assert(
      fc.property(arb, (text) => {
        const out = mdEscape(text);
        // Every Markdown special character is preceded by an odd number of backslashes.
        const unescaped = /(^|[^\\])(\\\\)*[|*_`[\]~$@]/;
        return !/[<>"'\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(out.replace(/<br>/g, '')) && !unescaped.test(out);
      }),
    );
  });

  test('hostile text cannot add markup, HTML, table cells or blocks; secrets stay redacted', () => {
    const out = render('markdown', hostileReport());
    assert.ok(!out.includes(SECRET), 'secrets are redacted');
    assert.ok(!out.includes('<script>'), 'no raw HTML from values');
    assert.ok(!/\u001b|\u0000/.test(out), 'no control characters');
    assert.match(out, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39; \\\| \\\*\\\*bold\\\*\\\* \\\[link\\\]/);
    assert.match(out, /<br># heading<br>- item/, 'line breaks cannot start a heading or list');
    assert.match(out, /\n\\# a heading\?/, 'a value that starts a line cannot start a block');
    assert.match(out, /## garrison audit of web&lt;01&gt;&amp;&quot;\\\|\\\*\n/);
    // Every table row keeps four cells: no value adds an unescaped pipe.
    for (const row of out.split('\n').filter((l) => l.startsWith('| ') && l.split(/(?<!\\)\|/).length > 4)) {
      assert.equal(row.split(/(?<!\\)\|/).length, 6, row);
    }
    assert.equal((out.match(/<details>/g) ?? []).length, (out.match(/<\/details>/g) ?? []).length);
    assert.match(out, /<summary><b>LOW<\/b> Secrets \*in\* &lt;a&gt; compose_file \(compose-plaintext-secret\)<\/summary>/, 'the summary line is raw HTML: entities only');
    assert.match(out, /### Waived\n\n- high ssh-password-authentication SSH accepts passwords: the backup robot/);
  });
});
