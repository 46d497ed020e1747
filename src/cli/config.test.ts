/**
 * garrison.yaml through the built command line: parameters, severity overrides, waivers
 * (valid, expired, stale), exit codes and configuration errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReportSchema, type Report } from '../core/report-schema.ts';
import { findProfile, profileRuleIds } from '../profiles/index.ts';
import { BIN, ensureBundle, REPO } from './testing.ts';

function run(args: string[], cwd?: string) {
  const res = spawnSync(BIN, args, { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('garrison audit --config', () => {
  let dir: string;
  let tree: string;
  const config = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const audit = (extra: string[], cwd?: string) => run(['audit', '--root', tree, '--rule', 'ssh-root-login,ssh-x11-forwarding,ssh-login-grace-time', '--format', 'json', ...extra], cwd);
  const byRule = (r: Report, id: string) => r.findings.filter((f) => f.ruleId === id);

  before(() => {
    ensureBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-config-cli-'));
    tree = path.join(dir, 'root');
    fs.mkdirSync(path.join(tree, 'etc/ssh'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'etc/os-release'), 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    fs.writeFileSync(path.join(tree, 'etc/ssh/sshd_config'), 'PermitRootLogin yes\nX11Forwarding yes\nLoginGraceTime 90\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('without a configuration the three rules fail and the exit code is 1', () => {
    const r = audit([]);
    assert.equal(r.code, 1, r.stderr);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    assert.equal(report.summary.byStatus.fail, 3);
  });

  test('a valid waiver waives, an expired one fails again and says so, a stale one warns', () => {
    const file = config(
      'mixed.yaml',
      [
        'waivers:',
        '  - rule: ssh-root-login',
        '    path: /etc/ssh/*',
        '    reason: rescue console only',
        '    expires: 2999-12-31',
        '  - rule: ssh-x11-forwarding',
        '    match: X11Forwarding\\s+yes',
        '    reason: lab machine with X clients',
        '    expires: 2000-01-01',
        '  - rule: ssh-login-grace-time',
        '    path: /etc/ssh/sshd_config.d/*.conf',
        '    reason: no longer needed',
        '',
      ].join('\n'),
    );
    const r = audit(['--config', file]);
    assert.equal(r.code, 1, 'the expired waiver leaves a medium failure');
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    const [root] = byRule(report, 'ssh-root-login');
    assert.equal(root!.status, 'waived');
    assert.deepEqual(root!.waiver, { reason: 'rescue console only', expires: '2999-12-31' });
    const [x11] = byRule(report, 'ssh-x11-forwarding');
    assert.equal(x11!.status, 'fail');
    assert.match(x11!.message, /\(waiver expired on 2000-01-01: lab machine with X clients\)$/);
    assert.equal(byRule(report, 'ssh-login-grace-time')[0]!.status, 'fail');
    assert.deepEqual([report.summary.byStatus.waived, report.summary.byStatus.fail], [1, 2]);
    assert.match(r.stderr, new RegExp(`${file}:6: the waiver of ssh-x11-forwarding expired on 2000-01-01`));
    assert.match(r.stderr, new RegExp(`warning: ${file}:10: the waiver of ssh-login-grace-time covers no failing finding.*stale waiver`));

    const terminal = run(['audit', '--root', tree, '--rule', 'ssh-root-login,ssh-x11-forwarding', '--config', file, '--no-color']);
    assert.match(terminal.stdout, /WAIVED/);
    assert.match(terminal.stdout, /waived: rescue console only \(until 2999-12-31\)/);
    assert.match(terminal.stdout.replace(/\s+/g, ' '), /waiver expired on 2000-01-01: lab machine with X clients/);
  });

  test('waived findings do not count for --fail-on; params and severity apply, the command line wins', () => {
    const file = config(
      'garrison.yaml',
      ['params:', '  sshLoginGraceTime: 120', 'severity:', '  ssh-x11-forwarding: low', 'waivers:', '  - rule: ssh-root-login', '    reason: rescue console only', ''].join('\n'),
    );
    // Found in the working directory without --config.
    const r = audit([], dir);
    assert.equal(r.code, 0, `only a low failure is left: ${r.stderr}`);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    assert.equal(byRule(report, 'ssh-root-login')[0]!.status, 'waived');
    assert.equal(byRule(report, 'ssh-login-grace-time')[0]!.status, 'pass');
    assert.equal(byRule(report, 'ssh-x11-forwarding')[0]!.severity, 'low');
    assert.equal(r.stderr, '');

    const cli = audit(['--config', file, '--param', 'sshLoginGraceTime=60']);
    assert.equal(cli.code, 0, 'ssh-login-grace-time is low');
    assert.equal(byRule(ReportSchema.parse(JSON.parse(cli.stdout)), 'ssh-login-grace-time')[0]!.status, 'fail');
    assert.equal(audit(['--config', file, '--fail-on', 'low']).code, 1);
  });

  test('a bad configuration stops before auditing, naming file, line and key, exit 2', () => {
    const file = config('bad.yaml', 'waivers:\n  - rule: ssh-root-login\n    path: /etc/ssh/sshd_config\n  - rule: ssh-nope\n    reason: x\n');
    const r = audit(['--config', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`${file}:2: waivers\\[0\\]\\.reason: missing: this key is required`));
    assert.match(r.stderr, new RegExp(`${file}:4: waivers\\[1\\]\\.rule: unknown rule "ssh-nope"`));
    assert.match(r.stderr, /GARRISON_ERR_CONFIG/);
    const missing = audit(['--config', path.join(dir, 'absent.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /absent\.yaml: no such file.*GARRISON_ERR_CONFIG/);
  });

  test('probe reads the same file, host rule ids included, and applies its waivers', () => {
    const record = path.join(REPO, 'src/rules/probe-http/fixtures/probe-http-x-frame-options/fail/record.json');
    const probe = (extra: string[]) => run(['probe', '--record', record, '--rule', 'probe-http-x-frame-options', '--format', 'json', '--fail-on', 'low', ...extra]);
    assert.equal(probe([]).code, 1);
    const file = config(
      'shared.yaml',
      ['severity:', '  ssh-root-login: low', 'waivers:', '  - rule: ssh-x11-forwarding', '    reason: lab', '  - rule: probe-http-x-frame-options', '    path: https://127.0.0.1:*', '    match: ALLOW-FROM', '    reason: framed by the intranet portal', ''].join('\n'),
    );
    const r = probe(['--config', file]);
    assert.equal(r.code, 0, r.stderr);
    const [f] = ReportSchema.parse(JSON.parse(r.stdout)).findings;
    assert.equal(f!.status, 'waived');
    assert.deepEqual(f!.waiver, { reason: 'framed by the intranet portal' });
    assert.equal(r.stderr, '', 'the waiver of a host rule that did not run is not stale');
    // One file serves both: probe accepts the profile audit runs, and checks it.
    assert.equal(probe(['--config', config('profile-probe.yaml', 'profile: baseline\n')]).code, 1);
    const bad = probe(['--config', config('bad-probe.yaml', 'profile: nope\nprofiles: baseline\n')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad-probe\.yaml:1: profile: unknown profile "nope": use one of baseline, /);
    assert.match(bad.stderr, /bad-probe\.yaml:2: profiles: unknown key/);
  });

  test('the profile of the file runs when --profile is not given; --profile wins', () => {
    const file = config('profile.yaml', ['# the Picasoft journal', 'profile: picasoft', ''].join('\n'));
    const ran = (r: ReturnType<typeof run>) => {
      const report = ReportSchema.parse(JSON.parse(r.stdout));
      return { profile: report.profile, rules: [...new Set(report.findings.map((f) => f.ruleId))].sort() };
    };
    const fromFile = audit(['--config', file]);
    assert.equal(fromFile.code, 1, fromFile.stderr);
    const picasoft = findProfile('picasoft')!;
    const wanted = ['ssh-login-grace-time', 'ssh-root-login', 'ssh-x11-forwarding'].filter((id) => profileRuleIds(picasoft).includes(id));
    assert.deepEqual(ran(fromFile), { profile: 'picasoft', rules: wanted });
    const cli = audit(['--config', file, '--profile', 'baseline']);
    assert.deepEqual(ran(cli), { profile: 'baseline', rules: ['ssh-login-grace-time', 'ssh-root-login', 'ssh-x11-forwarding'] });
    const bad = audit(['--config', config('bad-profile.yaml', 'params: {}\nprofile: hardened\n')]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, new RegExp(`${path.join(dir, 'bad-profile.yaml')}:2: profile: unknown profile "hardened": use one of baseline, sre, pouta, ewc, enmeshed, picasoft \\(see \`garrison profiles\`\\) \\(GARRISON_ERR_CONFIG\\)`));
  });
});
