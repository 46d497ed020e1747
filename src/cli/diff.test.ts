/**
 * `garrison diff` as CI runs it: the built bundle, on two real reports of a tree audited
 * before and after a change, and on every kind of bad input.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORT_SCHEMA_VERSION } from '../core/report-schema.ts';
import { DiffSchema } from '../diff/schema.ts';
import { ensureBundle } from './testing.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/garrison');

function run(args: string[]) {
  const res = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('garrison diff', () => {
  let dir: string;
  let oldReport: string;
  let newReport: string;
  let otherHost: string;

  const write = (root: string, p: string, c: string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), c);
  };
  const audit = (root: string, out: string) => {
    const r = run(['audit', '--root', root, '--family', 'ssh', '--format', 'json', '--output', out]);
    assert.equal(r.code, 1, r.stderr);
  };

  before(() => {
    ensureBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-diff-'));
    const tree = path.join(dir, 'tree');
    write(tree, 'etc/hostname', 'web1\n');
    write(tree, 'etc/os-release', 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    write(tree, 'etc/ssh/sshd_config', 'PermitRootLogin yes\nPasswordAuthentication yes\nX11Forwarding yes\n');
    oldReport = path.join(dir, 'old.json');
    audit(tree, oldReport);
    // The administrator turns passwords off, moves PermitRootLogin further down, and by mistake allows empty passwords.
    write(tree, 'etc/ssh/sshd_config', '# hardened\n\nX11Forwarding yes\nPasswordAuthentication no\nPermitEmptyPasswords yes\nPermitRootLogin yes\n');
    newReport = path.join(dir, 'new.json');
    audit(tree, newReport);
    const other = path.join(dir, 'other');
    fs.cpSync(tree, other, { recursive: true });
    write(other, 'etc/hostname', 'db2\n');
    otherHost = path.join(dir, 'other.json');
    audit(other, otherHost);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('terminal: new, fixed and still-failing findings; exit 0 without --fail-on-new', () => {
    const r = run(['diff', oldReport, newReport]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /── New failures \(1\)/);
    assert.match(r.stdout, /NEW {3}HIGH .*\[ssh-empty-passwords\]\n.*\n.*\n? *▸ \/etc\/ssh\/sshd_config:5 {2}PermitEmptyPasswords yes/);
    assert.match(r.stdout, /FIXED HIGH .*\[ssh-password-authentication\]/);
    assert.match(r.stdout, /1 new, 1 fixed, 0 gone, \d+ still failing/);
    assert.doesNotMatch(r.stdout, /\[ssh-root-login\]/, 'a moved line is not new');
    assert.match(run(['diff', '--verbose', oldReport, newReport]).stdout, /STILL HIGH .*\[ssh-root-login\]/);
  });

  test('--fail-on-new exits 1 for a new failure at or above --fail-on, else 0', () => {
    assert.equal(run(['diff', '--fail-on-new', oldReport, newReport]).code, 1);
    assert.equal(run(['diff', '--fail-on-new', '--fail-on', 'high', oldReport, newReport]).code, 1);
    assert.equal(run(['diff', '--fail-on-new', '--fail-on', 'critical', oldReport, newReport]).code, 0);
    assert.equal(run(['diff', '--fail-on-new', newReport, newReport]).code, 0);
    assert.equal(run(['diff', '--fail-on-new', newReport, oldReport]).code, 1, 'going back re-introduces password logins');
  });

  test('json: the documented shape, the moved line still failing with its new line number, written to a private file', () => {
    const out = path.join(dir, 'diff.json');
    const r = run(['diff', '--format', 'json', '--output', out, oldReport, newReport]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /diff written to/);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    const d = DiffSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
    assert.deepEqual(
      d.newFailures.map((e) => [e.ruleId, e.before, e.after]),
      [['ssh-empty-passwords', 'absent', 'fail']],
    );
    assert.deepEqual(
      d.fixed.map((e) => e.ruleId),
      ['ssh-password-authentication'],
    );
    const root = d.stillFailing.find((e) => e.ruleId === 'ssh-root-login');
    assert.equal(root?.evidence[0]?.line, 6);
    assert.equal(d.summary.newBySeverity.high, 1);
    assert.equal(d.before.file, oldReport);
  });

  test('warns on standard error when the reports are of different targets or rule sets', () => {
    const r = run(['diff', newReport, otherHost]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /garrison: warning: the reports are of different targets: .*new\.json audits web1 \(root-dir\), .*other\.json audits db2 \(root-dir\)/);
    const narrow = path.join(dir, 'narrow.json');
    const a = run(['audit', '--root', path.join(dir, 'tree'), '--rule', 'ssh-root-login', '--format', 'json', '--output', narrow]);
    assert.equal(a.code, 1, a.stderr);
    assert.match(run(['diff', newReport, narrow]).stderr, /different rule sets: \d+ only in .*new\.json/);
  });

  test('bad input: a clear error naming the file, exit 2, never a stack trace', () => {
    const text = fs.readFileSync(newReport, 'utf8');
    const put = (name: string, content: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    };
    const future = JSON.parse(text) as Record<string, unknown>;
    future.schemaVersion = REPORT_SCHEMA_VERSION + 1;
    const cases: [string, RegExp][] = [
      [put('truncated.json', text.slice(0, Math.floor(text.length / 3))), /truncated\.json: the file looks truncated/],
      [put('eslint.json', JSON.stringify([{ filePath: '/x.ts', messages: [], errorCount: 0 }])), /eslint\.json: not a garrison report/],
      [put('future.json', JSON.stringify(future)), new RegExp(`future\\.json: report schema version ${REPORT_SCHEMA_VERSION + 1} is newer than this garrison supports \\(version ${REPORT_SCHEMA_VERSION}\\)`)],
      [path.join(dir, 'missing.json'), /missing\.json: cannot read the report \(ENOENT\)/],
      [dir, /is a directory/],
    ];
    for (const [file, msg] of cases) {
      for (const args of [['diff', file, newReport], ['diff', newReport, file]]) {
        const r = run(args);
        assert.equal(r.code, 2, `${file}: ${r.stderr}`);
        assert.match(r.stderr, msg);
        assert.match(r.stderr, /\(GARRISON_ERR_REPORT_INVALID\)\n$/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
        assert.equal(r.stdout, '');
      }
    }
  });

  test('usage errors exit 2', () => {
    assert.equal(run(['diff', oldReport]).code, 2);
    const f = run(['diff', '--format', 'sarif', oldReport, newReport]);
    assert.equal(f.code, 2);
    assert.match(f.stderr, /Allowed choices are terminal, json/);
    const help = run(['diff', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--fail-on-new/);
    assert.match(run(['--help']).stdout, /diff \[options\] <old> <new>/);
  });
});
