import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REPORT_SCHEMA_VERSION, type Evidence, type Finding, type Report } from '../core/report-schema.ts';
import { planFixes } from './fixes.ts';
import { renderAnsible, renderSh } from './render.ts';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

function finding(ruleId: string, messageId: string, message: string, evidence: Evidence[], status: Finding['status'] = 'fail'): Finding {
  return {
    ruleId,
    family: ruleId.slice(0, ruleId.indexOf('-')),
    status,
    severity: 'medium',
    title: ruleId,
    messageId,
    message,
    evidence,
    rationale: '',
    remediation: '',
    references: [],
    fingerprint: ruleId.length.toString(16).padStart(32, '0'),
  };
}

const FINDINGS: Finding[] = [
  finding('ssh-root-login', 'rootLoginAllowed', 'root may log in (PermitRootLogin yes).', [{ path: '/etc/ssh/sshd_config', line: 33, snippet: 'PermitRootLogin yes', note: 'sets permitrootlogin' }]),
  finding('ssh-x11-forwarding', 'x11Forwarding', "sshd forwards X11 (it's on).", [
    { path: '/etc/ssh/sshd_config.d/50-x.conf', line: 2, snippet: 'X11Forwarding yes', note: 'sets x11forwarding' },
    { path: '/etc/ssh/sshd_config.d/50-x.conf', line: 1, snippet: 'Match User bob', note: 'inside this Match block' },
  ]),
  finding('ssh-tcp-forwarding', 'tcpForwarding', 'sshd forwards TCP.', [{ path: '/etc/ssh/sshd_config.d/0-a.conf', line: 1, snippet: 'AllowTcpForwarding yes', note: 'sets allowtcpforwarding' }]),
  finding('ssh-weak-kex', 'weakAlgorithms', 'sshd offers weak GSSAPIKexAlgorithms.', [{ path: '/etc/ssh/sshd_config', note: 'not set' }]),
  finding('kernel-dmesg-restrict', 'defaulted', 'kernel.dmesg_restrict is 0.', [{ path: '/etc/sysctl.d', note: 'no file sets it' }]),
  finding('kernel-suid-dumpable', 'configured', 'fs.suid_dumpable is 2.', [{ path: '/etc/sysctl.conf', line: 9, snippet: 'fs.suid_dumpable = 2' }]),
  finding('kernel-core-limit', 'missing', 'No hard core limit.', [{ path: '/etc/security/limits.conf', note: 'no limits file' }]),
  finding('ssh-host-key-permissions', 'keyExposed', 'Host key readable.', [{ path: "/etc/ssh/ssh_host_ed25519_key's", snippet: '0644 (rw-r--r--) root:root' }]),
  finding('ssh-host-key-permissions', 'keyNotRootOwned', 'Host key not root owned.', [{ path: '/srv/keys/host_rsa', snippet: '0600 (rw-------) 1000:1000' }]),
  finding('ssh-agent-forwarding', 'agentForwarding', 'passes', [], 'pass'),
  finding('accounts-root-password', 'x', 'no mechanical fix', []),
];

const REPORT = {
  schemaVersion: REPORT_SCHEMA_VERSION,
  tool: { name: 'garrison', version: '0.0.0' },
  target: { kind: 'root-dir', root: '/srv/image', hostname: 'web1', os: null },
  startedAt: '2026-01-02T03:04:05.000Z',
  durationMs: 1,
  summary: { total: 0, byStatus: { fail: 0, pass: 0, error: 0, skip: 0, waived: 0 }, failingBySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 }, score: 0 },
  findings: FINDINGS,
  errors: [],
} as Report;

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.GARRISON_UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs; rerun with GARRISON_UPDATE_GOLDEN=1 after reviewing the change`);
}

describe('planFixes', () => {
  const plans = planFixes(FINDINGS);
  const byRule = (id: string) => plans.filter((p) => p.finding.ruleId === id);

  test('only failing findings of rules with a fix are planned', () => {
    assert.deepEqual(byRule('ssh-agent-forwarding'), []);
    assert.deepEqual(byRule('accounts-root-password'), []);
  });
  test('a value inside a Match block is skipped with the block named', () => {
    const [p] = byRule('ssh-x11-forwarding');
    assert.ok(p && 'skip' in p.result);
    assert.match(p.result.skip, /Match User bob.*50-x\.conf:1/);
  });
  test('a drop-in read before 0-garrison.conf and /etc/sysctl.conf are not overridden but named', () => {
    const [tcp] = byRule('ssh-tcp-forwarding');
    assert.ok(tcp && 'skip' in tcp.result && tcp.result.skip.includes('0-a.conf:1'));
    const [suid] = byRule('kernel-suid-dumpable');
    assert.ok(suid && 'skip' in suid.result && suid.result.skip.includes('/etc/sysctl.conf:9'));
  });
  test('GSSAPIKexAlgorithms is written only for a GSSAPI finding', () => {
    const [p] = byRule('ssh-weak-kex');
    assert.ok(p && 'actions' in p.result);
    assert.deepEqual(p.result.actions.map((a) => (a.kind === 'setting' ? a.line.split(' ')[0] : a.kind)), ['GSSAPIKexAlgorithms']);
  });
});

describe('rendering', () => {
  const plans = planFixes(FINDINGS);
  test('shell script (golden)', () => golden('fix.sh', renderSh(REPORT, 'report.json', plans)));
  test('Ansible playbook (golden)', () => golden('playbook.yml', renderAnsible(REPORT, 'report.json', plans)));
  test('uses ansible.builtin modules only', () => {
    const modules = renderAnsible(REPORT, 'report.json', plans).match(/^\s+[a-z_.]+\.[a-z_]+:$/gm) ?? [];
    assert.ok(modules.length > 0);
    for (const m of modules) assert.match(m.trim(), /^ansible\.builtin\./);
  });
  test('a path with a quote stays one shell word', () => {
    assert.ok(renderSh(REPORT, 'report.json', plans).includes(`set_mode '/etc/ssh/ssh_host_ed25519_key'\\''s' 0600`));
  });
  test('with nothing to fix the playbook has an empty task list', () => {
    assert.match(renderAnsible(REPORT, 'r.json', []), /^ {2}tasks: \[\]$/m);
  });
});
