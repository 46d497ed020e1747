/**
 * `garrison profiles`, `garrison audit --profile` and `garrison coverage`, run as the built
 * bundle on a small root tree, with bad input.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProfile, profileHostRules, profileRuleIds, PROFILES } from '../profiles/index.ts';
import { rules } from '../rules/index.generated.ts';
import { BIN, ensureBundle } from './testing.ts';

function run(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('garrison profiles and coverage', () => {
  let dir: string;
  let root: string;
  let report: string;

  before(() => {
    ensureBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-profiles-'));
    root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'etc/ssh'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/ssh/sshd_config'), 'PasswordAuthentication no\nX11Forwarding yes\n');
    report = path.join(dir, 'report.json');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('profiles lists every profile with its figures', () => {
    const text = run(['profiles']);
    assert.equal(text.code, 0, text.stderr);
    for (const p of PROFILES) assert.match(text.stdout, new RegExp(`^${p.name} .*${p.title}`, 'm'));
    const json = run(['profiles', '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as { name: string; items: number; checkableShare: number }[];
    assert.deepEqual(rows.map((r) => r.name), PROFILES.map((p) => p.name));
    assert.equal(rows.find((r) => r.name === 'sre')?.items, findProfile('sre')!.items.length);
  });

  test('audit --profile runs exactly the profile\'s host rules and records the profile', () => {
    const r = run(['audit', '--root', root, '--profile', 'picasoft', '--format', 'json', '--output', report, '--no-progress']);
    assert.equal(r.code, 1, r.stderr);
    const data = JSON.parse(fs.readFileSync(report, 'utf8')) as { profile?: string; findings: { ruleId: string; status: string }[] };
    assert.equal(data.profile, 'picasoft');
    const ran = new Set(data.findings.map((f) => f.ruleId));
    assert.deepEqual([...ran].sort(), profileHostRules(findProfile('picasoft')!).map((x) => x.meta.id).sort());
    assert.ok(data.findings.some((f) => f.ruleId === 'ssh-x11-forwarding' && f.status === 'fail'));
  });

  test('audit --profile applies the profile\'s parameters, and --rule narrows it', () => {
    // The SRE guide opens 22 and 8080 to everyone: nginx on port 80 without a firewall passes the default, not the guide.
    const web = path.join(dir, 'web');
    fs.mkdirSync(path.join(web, 'etc/nginx'), { recursive: true });
    fs.writeFileSync(path.join(web, 'etc/nginx/nginx.conf'), 'events {}\nhttp {\n  server {\n    listen 80;\n  }\n}\n');
    const audit = (extra: string[]) => {
      const r = run(['audit', '--root', web, '--rule', 'firewall-unrestricted-listener', '--format', 'json', '--no-progress', ...extra]);
      return { data: JSON.parse(r.stdout) as { profile?: string; findings: { ruleId: string; status: string; message: string }[] } };
    };
    const plain = audit([]);
    assert.equal(plain.data.profile, undefined);
    assert.deepEqual(plain.data.findings.map((f) => f.status), ['pass']);
    const sre = audit(['--profile', 'sre']);
    assert.equal(sre.data.profile, 'sre');
    assert.deepEqual(sre.data.findings.map((f) => `${f.ruleId} ${f.status}`), ['firewall-unrestricted-listener fail']);
    assert.match(sre.data.findings[0]!.message, /port 80\/tcp/);
    const overridden = audit(['--profile', 'sre', '--param', 'allowedPorts=[80]']);
    assert.deepEqual(overridden.data.findings.map((f) => f.status), ['pass']);
  });

  test('rules --profile lists only the rules the profile maps, with --family and --severity', () => {
    const ids = (args: string[]) => {
      const r = run(['rules', '--format', 'json', ...args]);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { id: string }[]).map((m) => m.id).sort();
    };
    const sre = findProfile('sre')!;
    const mapped = profileRuleIds(sre);
    assert.deepEqual(ids(['--profile', 'sre']), [...mapped].sort());
    assert.ok(mapped.length < rules.length);
    const picasoft = profileRuleIds(findProfile('picasoft')!);
    const ssh = ids(['--profile', 'picasoft', '--family', 'ssh', '--severity', 'high']);
    const expected = rules.filter((r) => picasoft.includes(r.meta.id) && r.meta.family === 'ssh' && ['high', 'critical'].includes(r.meta.severity)).map((r) => r.meta.id).sort();
    assert.deepEqual(ssh, expected);
    assert.ok(ssh.length > 0);
    const text = run(['rules', '--profile', 'picasoft']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`\\n${picasoft.length} rules in the profile picasoft\\. `));
    const unknown = run(['rules', '--profile', 'nope']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /unknown profile "nope": use one of baseline, sre, pouta, ewc, enmeshed, picasoft/);
  });

  test('an unknown profile is a usage error that lists the names', () => {
    const r = run(['audit', '--root', root, '--profile', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown profile "nope".*baseline, sre, pouta, ewc, enmeshed, picasoft/);
    const c = run(['coverage', 'nope']);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /unknown profile "nope"/);
  });

  test('coverage prints the matrix with statuses from a report', () => {
    const r = run(['coverage', 'picasoft', report]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Configuration SSH$/m);
    assert.match(r.stdout, /ssh-no-x11 fail: .*\n\s+ssh-x11-forwarding fail/);
    assert.match(r.stdout, /manual: /);
    assert.match(r.stdout, /\d+ of 31 recommendations automated \(\d+(\.\d)?%\); 5 manual; [\d.]+% of the 26 checkable ones\./);
    const json = run(['coverage', 'picasoft', report, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const cov = JSON.parse(json.stdout) as { matrix: { id: string; status?: string; kind: string; rules: { id: string; status?: string }[] }[]; checkableShare: number };
    const x11 = cov.matrix.find((m) => m.id === 'ssh-no-x11');
    assert.equal(x11?.status, 'fail');
    assert.deepEqual(x11?.rules, [{ id: 'ssh-x11-forwarding', status: 'fail' }]);
    assert.ok(cov.matrix.filter((m) => m.kind === 'manual').every((m) => m.status === undefined));
    assert.ok(cov.checkableShare > 0.8);
  });

  test('coverage without a report, and none saved, lists rules only', () => {
    const r = run(['coverage', 'sre', '--format', 'json'], { GARRISON_STATE_DIR: path.join(dir, 'no-state') });
    assert.equal(r.code, 0, r.stderr);
    const cov = JSON.parse(r.stdout) as { matrix: { id: string; status?: string; rules: { id: string; status?: string }[] }[] };
    assert.ok(cov.matrix.every((m) => m.status === undefined && m.rules.every((x) => x.status === undefined)));
    const item = cov.matrix.find((m) => m.id === 'firewall-public-ports');
    assert.deepEqual(item?.rules.map((x) => x.id), ['firewall-unrestricted-listener']);
  });

  test('a malformed report is a clear error with exit code 2', () => {
    const truncated = path.join(dir, 'truncated.json');
    fs.writeFileSync(truncated, fs.readFileSync(report, 'utf8').slice(0, 200));
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ version: '2.1.0', runs: [] }));
    const newer = path.join(dir, 'newer.json');
    const data = JSON.parse(fs.readFileSync(report, 'utf8')) as { schemaVersion: number };
    fs.writeFileSync(newer, JSON.stringify({ ...data, schemaVersion: data.schemaVersion + 1 }));
    for (const [file, message] of [
      [truncated, /looks truncated/],
      [other, /not a garrison report/],
      [newer, /newer than this garrison supports/],
      [path.join(dir, 'missing.json'), /cannot read the report/],
    ] as const) {
      const r = run(['coverage', 'picasoft', file]);
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(r.stderr.includes(file));
      assert.equal(r.stdout, '');
    }
  });
});
