import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
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
  finding('pg-hba-trust', 'trustRemote', 'trust from 10.0.0.0/8.', [{ path: '/etc/postgresql/15/main/pg_hba.conf', line: 3, snippet: 'host  all  all  10.0.0.0/8  trust  # app servers' }]),
  finding('docker-live-restore', 'noLiveRestore', 'Live restore is off.', [{ path: '/etc/docker/daemon.json', note: 'no "live-restore" setting: the default is false' }]),
  finding('redis-dangerous-commands', 'available', 'Redis (/etc/redis/redis.conf) lets clients run FLUSHALL, CONFIG.', [{ path: '/etc/redis/redis.conf', note: 'not renamed' }]),
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
  test('the playbook is YAML whose file contents are marked !unsafe (never templated by Ansible)', () => {
    const unsafe = { tag: '!unsafe', resolve: (s: string) => `UNSAFE:${s}` };
    const doc = parseYaml(renderAnsible(REPORT, 'report.json', plans), { customTags: [unsafe] }) as { tasks: Record<string, Record<string, unknown>>[] }[];
    assert.equal(doc.length, 1);
    const copies = doc[0]!.tasks.filter((t) => t['ansible.builtin.copy'] && !String(t['ansible.builtin.copy']!.content).startsWith('{{'));
    assert.ok(copies.length > 0);
    for (const t of copies) assert.match(String(t['ansible.builtin.copy']!.content), /^UNSAFE:# Written by garrison fix/);
    const edit = doc[0]!.tasks.find((t) => t['ansible.builtin.lineinfile']?.backrefs === true)!;
    assert.equal(edit['ansible.builtin.lineinfile']!.line, 'UNSAFE:\\1host  all  all  10.0.0.0/8  scram-sha-256  # app servers');
  });
  test('with nothing to fix the playbook has an empty task list', () => {
    assert.match(renderAnsible(REPORT, 'r.json', []), /^ {2}tasks: \[\]$/m);
  });
});

/** Runs a rendered script on a scratch root built by `setup`; returns the root and the output. */
function runOn(plans: ReturnType<typeof planFixes>, setup: (root: string) => void): { root: string; out: string; again: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-render-'));
  const root = path.join(dir, 'root');
  fs.mkdirSync(root);
  setup(root);
  const script = path.join(dir, 'fix.sh');
  fs.writeFileSync(script, renderSh(REPORT, 'r.json', plans));
  const out = execFileSync('sh', [script, root], { encoding: 'utf8' });
  const again = execFileSync('sh', [script, root], { encoding: 'utf8' });
  return { root, out, again, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('the shell functions', () => {
  const hba = planFixes([FINDINGS.find((f) => f.ruleId === 'pg-hba-trust')!]);
  const HBA = 'etc/postgresql/15/main/pg_hba.conf';

  test('a line edit keeps the indentation and the comment, backs the file up outside its directory, and runs once', () => {
    const r = runOn(hba, (root) => write(root, HBA, 'local all postgres peer\n\n   host  all  all  10.0.0.0/8  trust  # app servers\n'));
    try {
      assert.equal(fs.readFileSync(path.join(r.root, HBA), 'utf8'), 'local all postgres peer\n\n   host  all  all  10.0.0.0/8  scram-sha-256  # app servers\n');
      assert.match(r.out, /^edited: \/etc\/postgresql\/15\/main\/pg_hba\.conf:3$/m);
      const backups = fs.readdirSync(path.join(r.root, 'var/backups/garrison'));
      assert.equal(backups.length, 1);
      assert.match(fs.readFileSync(path.join(r.root, 'var/backups/garrison', backups[0]!, HBA), 'utf8'), /10\.0\.0\.0\/8 {2}trust/);
      assert.deepEqual(fs.readdirSync(path.dirname(path.join(r.root, HBA))), ['pg_hba.conf']);
      assert.match(r.again, /^unchanged: .*pg_hba\.conf:3$/m);
    } finally {
      r.cleanup();
    }
  });

  test('a line changed since the audit is left alone and said so', () => {
    const r = runOn(hba, (root) => write(root, HBA, 'local all postgres peer\n\nhost all all 10.0.0.0/8 md5\n'));
    try {
      assert.equal(fs.readFileSync(path.join(r.root, HBA), 'utf8'), 'local all postgres peer\n\nhost all all 10.0.0.0/8 md5\n');
      assert.match(r.out, /skipped: .*pg_hba\.conf:3 no longer reads as in the audit/);
    } finally {
      r.cleanup();
    }
  });

  test('a file reached through a link that leaves the root is not touched', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-outside-'));
    fs.writeFileSync(path.join(outside, 'pg_hba.conf'), 'a\nb\nhost  all  all  10.0.0.0/8  trust  # app servers\n');
    const r = runOn(hba, (root) => {
      fs.mkdirSync(path.join(root, 'etc/postgresql/15'), { recursive: true });
      fs.symlinkSync(outside, path.join(root, 'etc/postgresql/15/main'));
    });
    try {
      assert.match(fs.readFileSync(path.join(outside, 'pg_hba.conf'), 'utf8'), /trust/);
      assert.match(r.out, /skipped: .*pg_hba\.conf is not a regular file inside the root/);
    } finally {
      r.cleanup();
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a JSON key is added to an absent, an empty and a filled object, which stay valid JSON', () => {
    const plans = planFixes([FINDINGS.find((f) => f.ruleId === 'docker-live-restore')!]);
    for (const start of [null, '{}\n', '{\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "50m" }\n}\n', '{"icc":false}']) {
      const r = runOn(plans, (root) => {
        if (start !== null) write(root, 'etc/docker/daemon.json', start);
      });
      try {
        const json = JSON.parse(fs.readFileSync(path.join(r.root, 'etc/docker/daemon.json'), 'utf8')) as Record<string, unknown>;
        assert.equal(json['live-restore'], true);
        if (start?.includes('log-driver')) assert.equal(json['log-driver'], 'json-file');
        assert.match(r.again, /unchanged: \/etc\/docker\/daemon\.json sets live-restore/);
      } finally {
        r.cleanup();
      }
    }
  });

  test('lines are appended once, after a missing final newline', () => {
    const plans = planFixes([FINDINGS.find((f) => f.ruleId === 'redis-dangerous-commands')!]);
    const r = runOn(plans, (root) => write(root, 'etc/redis/redis.conf', 'bind 127.0.0.1 -::1'));
    try {
      assert.equal(fs.readFileSync(path.join(r.root, 'etc/redis/redis.conf'), 'utf8'), 'bind 127.0.0.1 -::1\nrename-command FLUSHALL ""\nrename-command CONFIG ""\n');
      assert.doesNotMatch(r.again, /appended/);
    } finally {
      r.cleanup();
    }
  });
});
