import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { GarrisonError } from '../core/errors.ts';
import { loadConfig, parseConfig } from './load.ts';
import { configFile } from './locate.ts';
import { isCalendarDate, type ConfigVocabulary } from './schema.ts';

const vocabulary: ConfigVocabulary = {
  ruleIds: new Set(['ssh-root-login', 'ssh-x11-forwarding']),
  paramNames: new Set(['sshLoginGraceTime', 'allowedPorts']),
  profileNames: new Set(['baseline', 'sre', 'picasoft']),
};

/** The message of the GarrisonError the text raises. */
function configErrorOf(text: string): string {
  try {
    parseConfig(text, 'garrison.yaml', vocabulary);
  } catch (err) {
    assert.ok(err instanceof GarrisonError, `expected a GarrisonError, got ${String(err)}`);
    assert.equal(err.code, 'GARRISON_ERR_CONFIG');
    assert.equal(err.exitCode, 2);
    return err.message;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('parseConfig', () => {
  test('reads params, severity overrides and waivers, each waiver with its line', () => {
    const c = parseConfig(
      [
        '# comment',
        'params:',
        '  sshLoginGraceTime: 30',
        '  allowedPorts: [22, 443]',
        'severity:',
        '  ssh-x11-forwarding: critical',
        'waivers:',
        '  - rule: ssh-root-login',
        '    path: /etc/ssh/sshd_config.d/*.conf',
        '    match: PermitRootLogin\\s+yes',
        '    reason: rescue console only',
        '    expires: 2027-03-31',
        '  - rule: ssh-x11-forwarding',
        '    reason: "legacy X application, see ticket OPS-12"',
        '',
      ].join('\n'),
      'garrison.yaml',
      vocabulary,
    );
    assert.deepEqual(c.params, { sshLoginGraceTime: 30, allowedPorts: [22, 443] });
    assert.deepEqual(c.severity, { 'ssh-x11-forwarding': 'critical' });
    assert.deepEqual(c.waivers, [
      { rule: 'ssh-root-login', path: '/etc/ssh/sshd_config.d/*.conf', match: 'PermitRootLogin\\s+yes', reason: 'rescue console only', expires: '2027-03-31', source: 'garrison.yaml:8' },
      { rule: 'ssh-x11-forwarding', reason: 'legacy X application, see ticket OPS-12', source: 'garrison.yaml:13' },
    ]);
  });

  test('profile names one of the profiles; without it the configuration has none', () => {
    assert.equal(parseConfig('profile: sre\nparams:\n  allowedPorts: [22]\n', 'garrison.yaml', vocabulary).profile, 'sre');
    assert.equal('profile' in parseConfig('params: {}\n', 'garrison.yaml', vocabulary), false);
  });

  test('an unknown or mistyped profile names file, line and key, and lists the profiles', () => {
    assert.equal(
      configErrorOf('params: {}\nprofile: hardened\n'),
      'garrison.yaml:2: profile: unknown profile "hardened": use one of baseline, sre, picasoft (see `garrison profiles`)',
    );
    assert.equal(configErrorOf('profile: [sre]\n'), 'garrison.yaml:1: profile: expected text, got a list');
    assert.equal(configErrorOf('# the profile\nprofile:\n'), 'garrison.yaml:2: profile: expected text, got nothing');
  });

  test('a line break in a value or key stays inside its one line of the message', () => {
    assert.equal(
      configErrorOf('profile: |\n  profile: \n'),
      'garrison.yaml:1: profile: unknown profile "profile: \\n": use one of baseline, sre, picasoft (see `garrison profiles`)',
    );
    assert.equal(configErrorOf('severity:\n  "a\\nb": high\n'), 'garrison.yaml:2: severity.a\\nb: unknown rule "a\\nb": see `garrison rules`');
  });

  test('an empty file or one with only comments is an empty configuration', () => {
    for (const text of ['', '# nothing yet\n', '---\n']) assert.deepEqual(parseConfig(text, 'g.yaml', vocabulary), { file: 'g.yaml', params: {}, severity: {}, waivers: [] });
  });

  test('CRLF line ends are read like LF', () => {
    const c = parseConfig('waivers:\r\n  - rule: ssh-root-login\r\n    reason: ok\r\n', 'g.yaml', vocabulary);
    assert.equal(c.waivers[0]!.reason, 'ok');
    assert.equal(c.waivers[0]!.source, 'g.yaml:2');
  });

  test('a waiver without reason names file, line and key', () => {
    assert.equal(configErrorOf('waivers:\n  - rule: ssh-root-login\n    path: /etc/ssh/sshd_config\n'), 'garrison.yaml:2: waivers[0].reason: missing: this key is required');
  });

  test('an empty or blank reason is refused', () => {
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n    reason: "   "\n'), /^garrison\.yaml:3: waivers\[0\]\.reason: a waiver needs a reason/);
  });

  test('a date that is not YYYY-MM-DD or not in the calendar is refused', () => {
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n    reason: x\n    expires: 2026-02-30\n'), /^garrison\.yaml:4: waivers\[0\]\.expires: expected a date written YYYY-MM-DD, got "2026-02-30"$/);
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n    reason: x\n    expires: 31/12/2026\n'), /^garrison\.yaml:4: waivers\[0\]\.expires: expected a date/);
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n    reason: x\n    expires: 2026\n'), /^garrison\.yaml:4: waivers\[0\]\.expires: expected text, got a number$/);
  });

  test('unknown rule ids are refused in waivers and severity overrides', () => {
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n    reason: x\n  - rule: ssh-nope\n    reason: y\n'), /^garrison\.yaml:4: waivers\[1\]\.rule: unknown rule "ssh-nope"/);
    assert.match(configErrorOf('severity:\n  ssh-root-login: low\n  ssh-nope: high\n'), /^garrison\.yaml:3: severity\.ssh-nope: unknown rule "ssh-nope"/);
  });

  test('unknown parameters, severities and keys are refused', () => {
    assert.match(configErrorOf('params:\n  sshLoginGracetime: 30\n'), /^garrison\.yaml:2: params\.sshLoginGracetime: unknown parameter/);
    assert.match(configErrorOf('severity:\n  ssh-root-login: severe\n'), /^garrison\.yaml:2: severity\.ssh-root-login: expected one of info, low, medium, high, critical$/);
    assert.match(configErrorOf('params: {}\nprofiles: baseline\n'), /^garrison\.yaml:2: profiles: unknown key \(garrison\.yaml holds profile, params, severity and waivers\)$/);
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n    reason: x\n    expiry: 2026-01-01\n'), /^garrison\.yaml:4: waivers\[0\]\.expiry: unknown key$/);
  });

  test('wrong types name what was expected and what was found', () => {
    assert.equal(configErrorOf('params: 3\n'), 'garrison.yaml:1: params: expected a mapping (key: value), got a number');
    assert.equal(configErrorOf('waivers:\n  rule: ssh-root-login\n'), 'garrison.yaml:2: waivers: expected a list, got a mapping');
    assert.equal(configErrorOf('waivers:\n  - ssh-root-login\n'), 'garrison.yaml:2: waivers[0]: expected a mapping (key: value), got a string');
    assert.equal(configErrorOf('- a\n- b\n'), 'garrison.yaml:1: (top level): expected a mapping (key: value), got a list');
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n    reason: x\n    match: "(unclosed"\n'), /^garrison\.yaml:4: waivers\[0\]\.match: not a valid regular expression/);
  });

  test('every problem is listed, one per line', () => {
    const lines = configErrorOf('waivers:\n  - rule: ssh-nope\n    reason: x\n  - rule: ssh-root-login\n    reason: y\n    expires: soon\n').split('\n');
    assert.deepEqual(lines, ['garrison.yaml:2: waivers[0].rule: unknown rule "ssh-nope": see `garrison rules`', 'garrison.yaml:6: waivers[1].expires: expected a date written YYYY-MM-DD, got "soon"']);
  });

  test('YAML syntax errors and duplicate keys name the line', () => {
    assert.match(configErrorOf('waivers:\n  - rule: ssh-root-login\n   reason: [\n'), /^garrison\.yaml:3: YAML syntax error: /);
    assert.match(configErrorOf('params: {}\nparams: {}\n'), /^garrison\.yaml:2: YAML syntax error: Map keys must be unique/);
  });

  test('alias expansion is bounded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n');
    assert.match(configErrorOf(bomb), /^garrison\.yaml:1: /);
  });

  test('never throws anything but a GarrisonError, on random text or on YAML-shaped text', () => {
    const check = (text: string) => {
      let thrown: unknown;
      try {
        parseConfig(text, 'g.yaml', vocabulary);
      } catch (err) {
        thrown = err;
      }
      if (thrown === undefined) return;
      if (!(thrown instanceof GarrisonError) || (thrown.code !== 'GARRISON_ERR_CONFIG' && thrown.code !== 'GARRISON_ERR_USAGE')) throw thrown;
      for (const line of thrown.message.split('\n')) assert.match(line, /^g\.yaml:\d+: /);
    };
    fc.assert(fc.property(fc.string({ maxLength: 400 }), check), { numRuns: 300 });
    const key = fc.constantFrom('profile', 'params', 'severity', 'waivers', 'rule', 'path', 'match', 'reason', 'expires', 'ssh-root-login', 'sshLoginGraceTime', '- rule', '-', 'x');
    const value = fc.constantFrom('', 'ssh-root-login', 'sre', 'high', '2026-01-01', '2026-13-01', '[1, 2]', '{}', '"(("', '&a x', '*a', '|', '~', '"unterminated', '!!binary AA==', '[');
    const line = fc.tuple(fc.constantFrom('', '  ', '    ', '  - ', '\t'), key, value).map(([indent, k, v]) => `${indent}${k}: ${v}`);
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), (lines) => check(lines.join('\n'))), { numRuns: 500 });
  });
});

describe('configFile and loadConfig', () => {
  test('--config wins; otherwise garrison.yaml of the working directory when there is one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-config-'));
    try {
      assert.equal(configFile(undefined, dir), undefined);
      assert.equal(configFile('other.yaml', dir), 'other.yaml');
      fs.writeFileSync(path.join(dir, 'garrison.yaml'), 'params: {}\n');
      assert.equal(configFile(undefined, dir), 'garrison.yaml');
      assert.deepEqual(loadConfig(path.join(dir, 'garrison.yaml'), vocabulary).params, {});
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing file is a configuration error', () => {
    assert.throws(() => loadConfig('/nonexistent/garrison.yaml', vocabulary), (err: unknown) => err instanceof GarrisonError && err.code === 'GARRISON_ERR_CONFIG' && /no such file/.test(err.message));
  });
});

test('isCalendarDate accepts real dates only', () => {
  assert.ok(isCalendarDate('2024-02-29'));
  assert.ok(!isCalendarDate('2023-02-29'));
  assert.ok(!isCalendarDate('2024-2-1'));
  assert.ok(!isCalendarDate('2024-00-10'));
});
