import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprint } from '../core/fingerprint.ts';
import { REPORT_SCHEMA_VERSION, ReportSchema } from '../core/report-schema.ts';
import type { Finding, Report } from '../core/report-schema.ts';
import type { Severity, Status } from '../core/severity.ts';
import { diffExitCode } from '../cli/diff.ts';
import { diffReports } from './diff.ts';
import { DiffSchema } from './schema.ts';
import { renderDiffTerminal } from './terminal.ts';

const TARGET = 'root-dir:web1';

interface FindingSpec {
  rule: string;
  status: Status;
  key?: string;
  line?: number;
  severity?: Severity;
  waiver?: { reason: string };
}

/** A finding as the engine makes it: the fingerprint comes from rule, target and key, never the line. */
function finding(s: FindingSpec): Finding {
  const key = s.key ?? '';
  return {
    ruleId: s.rule,
    family: s.rule.split('-')[0]!,
    status: s.status,
    severity: s.severity ?? 'high',
    title: `title of ${s.rule}`,
    message: `message of ${s.rule} ${key}`,
    evidence: key ? [{ path: '/etc/ssh/sshd_config', line: s.line ?? 1, snippet: key }] : [],
    rationale: 'why',
    remediation: 'fix',
    references: [],
    fingerprint: fingerprint(s.rule, TARGET, `${s.status === 'pass' ? 'pass' : ''}${key}`),
    ...(s.waiver ? { waiver: s.waiver } : {}),
  };
}

function report(findings: Finding[], over: Partial<Report['target']> = {}, profile?: string): Report {
  return ReportSchema.parse({
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'garrison', version: '0.0.0' },
    target: { kind: 'root-dir', root: '/srv/img', hostname: 'web1', os: null, ...over },
    ...(profile !== undefined ? { profile } : {}),
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    summary: {
      total: findings.length,
      byStatus: { fail: 0, error: 0, pass: 0, skip: 0, waived: 0 },
      failingBySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
      score: 50,
    },
    findings,
    errors: [],
  });
}

const diff = (a: Finding[], b: Finding[]) => diffReports({ file: 'old.json', report: report(a) }, { file: 'new.json', report: report(b) });
const rules = (entries: { ruleId: string }[]) => entries.map((e) => e.ruleId);

describe('diffReports', () => {
  test('a failure whose line moved keeps its identity: still failing, not new and fixed', () => {
    const d = diff([finding({ rule: 'ssh-root-login', status: 'fail', key: 'PermitRootLogin yes', line: 3 })], [
      finding({ rule: 'ssh-root-login', status: 'fail', key: 'PermitRootLogin yes', line: 40 }),
    ]);
    assert.deepEqual(rules(d.stillFailing), ['ssh-root-login']);
    assert.equal(d.stillFailing[0]!.evidence[0]!.line, 40, 'the newer evidence is shown');
    assert.equal(d.newFailures.length, 0);
    assert.equal(d.fixed.length, 0);
  });

  test('changed offending text is a new finding, and the old one is fixed', () => {
    const d = diff([finding({ rule: 'ssh-root-login', status: 'fail', key: 'PermitRootLogin yes' })], [
      finding({ rule: 'ssh-root-login', status: 'fail', key: 'PermitRootLogin without-password' }),
    ]);
    assert.equal(d.newFailures.length, 1);
    assert.equal(d.newFailures[0]!.message, 'message of ssh-root-login PermitRootLogin without-password');
    assert.equal(d.newFailures[0]!.before, 'absent');
    assert.equal(d.fixed.length, 1);
    assert.equal(d.fixed[0]!.after, 'absent');
  });

  test('a failure that now passes is fixed', () => {
    const d = diff([finding({ rule: 'ssh-x11', status: 'fail', key: 'X11Forwarding yes' })], [finding({ rule: 'ssh-x11', status: 'pass' })]);
    assert.deepEqual(rules(d.fixed), ['ssh-x11']);
    assert.equal(d.gone.length, 0);
  });

  test('a failure of a rule that did not run, no longer applies or could not be checked is gone, with the reason', () => {
    const d = diff(
      [
        finding({ rule: 'ssh-a', status: 'fail', key: 'a' }),
        finding({ rule: 'nginx-b', status: 'fail', key: 'b' }),
        finding({ rule: 'kernel-c', status: 'fail', key: 'c' }),
      ],
      [finding({ rule: 'nginx-b', status: 'skip', key: 'not installed' }), finding({ rule: 'kernel-c', status: 'error', key: 'unreadable' })],
    );
    assert.equal(d.fixed.length, 0);
    assert.deepEqual(
      d.gone.map((e) => [e.ruleId, e.reason]).sort(),
      [
        ['kernel-c', 'not-checked'],
        ['nginx-b', 'not-applicable'],
        ['ssh-a', 'not-run'],
      ],
    );
    assert.deepEqual(rules(d.errors), ['kernel-c']);
  });

  test('a failure matched by a finding that is now an error is not counted as fixed', () => {
    const d = diff([finding({ rule: 'ssh-a', status: 'fail', key: 'k' })], [finding({ rule: 'ssh-a', status: 'error', key: 'k' })]);
    assert.equal(d.fixed.length, 0);
    assert.equal(d.gone[0]!.reason, 'not-checked');
  });

  test('waived in the newer report is listed as waived, neither new nor fixed; an expired waiver turning into a failure is new', () => {
    const waiver = { reason: 'legacy app needs it' };
    const d = diff([finding({ rule: 'ssh-a', status: 'fail', key: 'k' }), finding({ rule: 'ssh-b', status: 'waived', key: 'w', waiver })], [
      finding({ rule: 'ssh-a', status: 'waived', key: 'k', waiver }),
      finding({ rule: 'ssh-b', status: 'fail', key: 'w' }),
    ]);
    assert.deepEqual(rules(d.waived), ['ssh-a']);
    assert.equal(d.waived[0]!.before, 'fail');
    assert.deepEqual(d.waived[0]!.waiver, waiver);
    assert.equal(d.fixed.length, 0);
    assert.deepEqual(rules(d.newFailures), ['ssh-b']);
    assert.equal(d.newFailures[0]!.before, 'waived');
  });

  test('new failures are counted by severity, ordered most severe first, and the exit code follows --fail-on-new and --fail-on', () => {
    const d = diff(
      [],
      [
        finding({ rule: 'ssh-low', status: 'fail', key: 'l', severity: 'low' }),
        finding({ rule: 'ssh-crit', status: 'fail', key: 'c', severity: 'critical' }),
        finding({ rule: 'ssh-med', status: 'fail', key: 'm', severity: 'medium' }),
      ],
    );
    assert.deepEqual(rules(d.newFailures), ['ssh-crit', 'ssh-med', 'ssh-low']);
    assert.deepEqual(d.summary.newBySeverity, { info: 0, low: 1, medium: 1, high: 0, critical: 1 });
    assert.equal(diffExitCode(d, false, 'info'), 0);
    assert.equal(diffExitCode(d, true, 'medium'), 1);
    assert.equal(diffExitCode(d, true, 'none'), 0);
    const onlyLow = diff([], [finding({ rule: 'ssh-low', status: 'fail', key: 'l', severity: 'low' })]);
    assert.equal(diffExitCode(onlyLow, true, 'medium'), 0);
    assert.equal(diffExitCode(onlyLow, true, 'low'), 1);
  });

  test('identical reports: everything failing is still failing, nothing new or fixed', () => {
    const fs = [finding({ rule: 'ssh-a', status: 'fail', key: 'a' }), finding({ rule: 'ssh-b', status: 'pass' })];
    const d = diff(fs, fs);
    assert.deepEqual(d.summary, { newFailures: 0, fixed: 0, gone: 0, stillFailing: 1, waived: 0, errors: 0, newBySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 } });
    assert.deepEqual(d.warnings, []);
  });

  test('warns when the targets, rule sets or profiles differ', () => {
    const d = diffReports(
      { file: 'old.json', report: report([finding({ rule: 'ssh-a', status: 'pass' })], { hostname: 'web1' }, 'baseline') },
      { file: 'new.json', report: report([finding({ rule: 'ssh-b', status: 'pass' })], { hostname: 'db2', kind: 'local-host' }) },
    );
    assert.equal(d.warnings.length, 3);
    assert.match(d.warnings[0]!, /different targets: old.json audits web1 \(root-dir\), new.json audits db2 \(local-host\)/);
    assert.match(d.warnings[1]!, /different rule sets: 1 only in new.json \(ssh-b\); 1 only in old.json \(ssh-a\)/);
    assert.match(d.warnings[2]!, /different profiles: baseline and \(none\)/);
  });

  test('the result matches the documented JSON shape', () => {
    const d = diff([finding({ rule: 'ssh-a', status: 'fail', key: 'a' })], [finding({ rule: 'ssh-b', status: 'fail', key: 'b' })]);
    assert.deepEqual(DiffSchema.parse(JSON.parse(JSON.stringify(d))), d);
  });
});

describe('renderDiffTerminal', () => {
  const d = diff([finding({ rule: 'ssh-a', status: 'fail', key: 'a' }), finding({ rule: 'ssh-s', status: 'fail', key: 's' })], [
    finding({ rule: 'ssh-s', status: 'fail', key: 's' }),
    finding({ rule: 'ssh-b', status: 'fail', key: 'PermitEmptyPasswords yes', line: 7 }),
    finding({ rule: 'ssh-a', status: 'pass' }),
  ]);

  test('shows new failures with evidence, fixed ones, and counts still-failing ones', () => {
    const text = renderDiffTerminal(d, { color: false, verbose: false, width: 100 });
    assert.match(text, /── New failures \(1\)/);
    assert.match(text, /NEW {3}HIGH {5}title of ssh-b \[ssh-b\]/);
    assert.match(text, /\/etc\/ssh\/sshd_config:7 {2}PermitEmptyPasswords yes/);
    assert.match(text, /FIXED HIGH {5}title of ssh-a \[ssh-a\]/);
    assert.doesNotMatch(text, /STILL/);
    assert.match(text, /1 new, 1 fixed, 0 gone, 1 still failing \(listed with --verbose\), 0 waived, 0 not checked/);
    assert.doesNotMatch(text, /\x1b\[/);
  });

  test('--verbose lists still-failing findings', () => {
    const text = renderDiffTerminal(d, { color: false, verbose: true, width: 100 });
    assert.match(text, /STILL HIGH {5}title of ssh-s \[ssh-s\]/);
  });
});
