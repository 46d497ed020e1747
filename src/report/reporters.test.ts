import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { reporters } from './index.ts';
import { sampleReport } from './testdata/sample-report.ts';
import { reportJsonSchema, SCHEMA_PATH } from '../../scripts/gen-schema.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Golden files (oxlint's test_and_snapshot): UPDATE_SNAPSHOTS=1 rewrites them. */
function matchSnapshot(name: string, actual: string): void {
  const file = path.join(here, '__snapshots__', name);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(file)) {
    fs.writeFileSync(file, actual);
    if (process.env.CI) assert.fail(`snapshot ${name} was missing in CI`);
    return;
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}

test('docs/report.schema.json is generated from the code and up to date', () => {
  assert.equal(fs.readFileSync(SCHEMA_PATH, 'utf8'), reportJsonSchema(), 'run `npm run gen`');
});

test('the JSON report validates against the published schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as object);
  const out = reporters.json!.render(sampleReport(), { color: false, verbose: false, width: 100 });
  const ok = validate(JSON.parse(out));
  assert.ok(ok, JSON.stringify(validate.errors));
  matchSnapshot('report.json', out);
  const broken = { ...JSON.parse(out), schemaVersion: 2 };
  assert.equal(validate(broken), false, 'another schema version is rejected');
});

test('terminal report: failing first by severity, evidence, why, fix, summary', () => {
  const out = reporters.terminal!.render(sampleReport(), { color: false, verbose: false, width: 100 });
  matchSnapshot('terminal.txt', out);
  assert.ok(out.indexOf('Secrets in a compose file') < out.indexOf('SSH accepts passwords'), 'critical before high');
  assert.match(out, /\/etc\/ssh\/sshd_config:58 {2}PasswordAuthentication yes/);
  assert.match(out, /why:/);
  assert.match(out, /fix:/);
  assert.match(out, /Score \d/);
  assert.ok(!out.includes('Root cannot log in over SSH'), 'passes hidden without --verbose');
  assert.ok(!/\x1b\[/.test(out), 'no colour codes when colour is off');
});

test('terminal report --verbose lists passing and not applicable checks; colour when asked', () => {
  const out = reporters.terminal!.render(sampleReport(), { color: true, verbose: true, width: 100 });
  assert.match(out, /Root cannot log in over SSH/);
  assert.match(out, /Redis is not installed/);
  assert.match(out, /\x1b\[/);
  matchSnapshot('terminal-verbose-color.txt', out);
});

test('terminal report: findings of one rule share one title, why and fix', () => {
  const r = sampleReport();
  const first = r.findings.find((f) => f.ruleId === 'ssh-password-authentication')!;
  const second = { ...first, message: 'PasswordAuthentication is yes in Match User deploy', fingerprint: 'f'.repeat(32), evidence: [{ path: '/etc/ssh/sshd_config', line: 90, snippet: 'PasswordAuthentication yes' }] };
  r.findings.splice(r.findings.indexOf(first) + 1, 0, second);
  const out = reporters.terminal!.render(r, { color: false, verbose: false, width: 100 });
  assert.equal(out.split('SSH accepts passwords').length - 1, 1, 'title once');
  assert.match(out, /\[ssh-password-authentication\] ×2/);
  assert.match(out, /Match User deploy/);
  assert.match(out, /sshd_config:90/);
  assert.equal(out.split('why:').length - 1, 2, 'one "why" per rule (two failing rules)');
});
