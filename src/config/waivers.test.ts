import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportSchema, REPORT_SCHEMA_VERSION, type Finding, type Report } from '../core/report-schema.ts';
import { summarize } from '../core/summary.ts';
import type { Waiver } from './schema.ts';
import { applyWaivers, pathMatches } from './waivers.ts';

function finding(ruleId: string, status: Finding['status'], message: string, evidence: Finding['evidence'], severity: Finding['severity'] = 'high'): Finding {
  return {
    ruleId,
    family: 'ssh',
    status,
    severity,
    title: ruleId,
    message,
    evidence,
    rationale: 'r',
    remediation: 'fix',
    references: [],
    fingerprint: ruleId.padEnd(32, '0').replace(/[^0-9a-f]/g, 'a').slice(0, 32),
  };
}

function report(findings: Finding[]): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'garrison', version: '0.0.0' },
    target: { kind: 'root-dir', root: '/srv/image', hostname: 'web1', os: null },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    summary: summarize(findings),
    findings,
    errors: [],
  };
}

const sample = () =>
  report([
    finding('ssh-root-login', 'fail', 'root may log in (PermitRootLogin yes).', [{ path: '/etc/ssh/sshd_config.d/50-cloud.conf', line: 3, snippet: 'PermitRootLogin yes' }]),
    finding('ssh-x11-forwarding', 'fail', 'sshd forwards X11.', [{ path: '/etc/ssh/sshd_config', line: 9, snippet: 'X11Forwarding yes' }], 'medium'),
    finding('ssh-x11-forwarding', 'fail', 'sshd forwards X11 in a Match block.', [{ path: '/etc/ssh/sshd_config', line: 20, snippet: 'X11Forwarding yes' }], 'medium'),
    finding('ssh-weak-macs', 'pass', 'no weak MACs.', []),
    finding('ssh-login-grace-time', 'error', 'could not read.', [{ path: '/etc/ssh/sshd_config' }]),
  ]);

const w = (o: Omit<Waiver, 'source' | 'reason'> & { reason?: string }, line = 1): Waiver => ({ reason: 'accepted', source: `garrison.yaml:${line}`, ...o });

describe('applyWaivers', () => {
  test('a waiver with neither path nor match covers every failing finding of its rule', () => {
    const out = applyWaivers(sample(), [w({ rule: 'ssh-x11-forwarding', reason: 'X needed by the lab' })], '2026-06-01');
    const x11 = out.report.findings.filter((f) => f.ruleId === 'ssh-x11-forwarding');
    assert.equal(x11.length, 2);
    for (const f of x11) {
      assert.equal(f.status, 'waived');
      assert.deepEqual(f.waiver, { reason: 'X needed by the lab' });
    }
    assert.equal(out.report.summary.byStatus.waived, 2);
    assert.equal(out.report.summary.byStatus.fail, 1);
    assert.equal(out.report.summary.failingBySeverity.medium, 0);
    assert.deepEqual(out.stale, []);
    assert.deepEqual(out.expired, []);
    assert.ok(ReportSchema.safeParse(out.report).success);
    assert.equal(out.report.findings[0]!.ruleId, 'ssh-root-login', 'failures still come first');
  });

  test('path (exact or glob) and match narrow what a waiver covers', () => {
    const byGlob = applyWaivers(sample(), [w({ rule: 'ssh-root-login', path: '/etc/ssh/sshd_config.d/*.conf', expires: '2026-12-31' })], '2026-06-01');
    const root = byGlob.report.findings.find((f) => f.ruleId === 'ssh-root-login')!;
    assert.equal(root.status, 'waived');
    assert.deepEqual(root.waiver, { reason: 'accepted', expires: '2026-12-31' });

    const byMatch = applyWaivers(sample(), [w({ rule: 'ssh-x11-forwarding', path: '/etc/ssh/sshd_config', match: 'Match block' })], '2026-06-01');
    const status = (message: string) => byMatch.report.findings.find((f) => f.message === message)!.status;
    assert.equal(status('sshd forwards X11 in a Match block.'), 'waived');
    assert.equal(status('sshd forwards X11.'), 'fail');

    const bySnippet = applyWaivers(sample(), [w({ rule: 'ssh-root-login', match: '^PermitRootLogin\\s+yes$' })], '2026-06-01');
    assert.equal(bySnippet.report.findings.find((f) => f.ruleId === 'ssh-root-login')!.status, 'waived');

    const otherPath = applyWaivers(sample(), [w({ rule: 'ssh-root-login', path: '/etc/ssh/sshd_config' }, 7)], '2026-06-01');
    assert.equal(otherPath.report.findings.find((f) => f.ruleId === 'ssh-root-login')!.status, 'fail');
    assert.deepEqual(otherPath.stale.map((s) => s.source), ['garrison.yaml:7']);
  });

  test('an expired waiver leaves the finding failing and says so; the last day still counts', () => {
    const waiver = w({ rule: 'ssh-root-login', reason: 'until the migration', expires: '2026-05-31' });
    const onLastDay = applyWaivers(sample(), [waiver], '2026-05-31');
    assert.equal(onLastDay.report.findings.find((f) => f.ruleId === 'ssh-root-login')!.status, 'waived');
    const after = applyWaivers(sample(), [waiver], '2026-06-01');
    const f = after.report.findings.find((x) => x.ruleId === 'ssh-root-login')!;
    assert.equal(f.status, 'fail');
    assert.equal(f.waiver, undefined);
    assert.equal(f.message, 'root may log in (PermitRootLogin yes). (waiver expired on 2026-05-31: until the migration)');
    assert.deepEqual(after.expired, [waiver]);
    assert.deepEqual(after.stale, []);
  });

  test('a valid waiver wins over an expired one for the same finding', () => {
    const old = w({ rule: 'ssh-root-login', reason: 'old', expires: '2020-01-01' });
    const current = w({ rule: 'ssh-root-login', reason: 'renewed', expires: '2030-01-01' });
    const out = applyWaivers(sample(), [old, current], '2026-06-01');
    assert.deepEqual(out.report.findings.find((f) => f.ruleId === 'ssh-root-login')!.waiver, { reason: 'renewed', expires: '2030-01-01' });
    assert.deepEqual(out.expired, []);
  });

  test('passes and errors are never waived; waivers of rules that did not run are not stale', () => {
    const out = applyWaivers(sample(), [w({ rule: 'ssh-weak-macs' }, 3), w({ rule: 'ssh-login-grace-time' }, 4), w({ rule: 'ssh-agent-forwarding' }, 5)], '2026-06-01');
    assert.equal(out.report.findings.find((f) => f.ruleId === 'ssh-login-grace-time')!.status, 'error');
    assert.deepEqual(out.stale.map((s) => s.source), ['garrison.yaml:3', 'garrison.yaml:4']);
    assert.deepEqual(out.report.summary, sample().summary);
  });

  test('the input report is not changed', () => {
    const input = sample();
    const copy = structuredClone(input);
    applyWaivers(input, [w({ rule: 'ssh-root-login', expires: '2000-01-01' }), w({ rule: 'ssh-x11-forwarding' })], '2026-06-01');
    assert.deepEqual(input, copy);
  });
});

test('pathMatches: exact paths, globs per component, ** across directories', () => {
  assert.ok(pathMatches('/etc/ssh/sshd_config', '/etc/ssh/sshd_config'));
  assert.ok(pathMatches('/etc/ssh/*', '/etc/ssh/sshd_config'));
  assert.ok(!pathMatches('/etc/ssh/*', '/etc/ssh/sshd_config.d/a.conf'));
  assert.ok(pathMatches('/etc/**/*.conf', '/etc/ssh/sshd_config.d/a.conf'));
  assert.ok(pathMatches('/etc/**/*.conf', '/etc/a.conf'));
  assert.ok(pathMatches('/home/*/.ssh/authorized_keys', '/home/ann/.ssh/authorized_keys'));
  assert.ok(!pathMatches('/home/*', '/home/.hidden'));
  assert.ok(pathMatches('tls://db.example.org:5432', 'tls://db.example.org:5432'));
  assert.ok(!pathMatches('/etc/ssh/sshd_config', '/etc/ssh/sshd_config.bak'));
});
