/**
 * What the fixture harness cannot show: SSH rules on hosts without sshd, with an
 * unreadable or broken configuration, and with their "needed" parameters set.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from '../../core/engine.ts';
import { defaultAuditOptions } from '../../core/options.ts';
import { RootDirTarget } from '../../target/root-dir.ts';

const temps: string[] = [];
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-ssh-rules-'));
  temps.push(dir);
  for (const [p, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), content);
  }
  return dir;
}

async function audit(root: string, params: Record<string, unknown> = {}) {
  const report = await runAudit(new RootDirTarget(root), defaultAuditOptions({ families: ['ssh'], params }));
  return report.findings.filter((f) => f.family === 'ssh');
}

test('without /etc/ssh/sshd_config every SSH rule is skipped, none fails', async () => {
  const findings = await audit(tree({ 'etc/hostname': 'web1\n' }));
  assert.ok(findings.length >= 16);
  for (const f of findings) assert.equal(f.status, 'skip', `${f.ruleId}: ${f.message}`);
});

test('an sshd_config that cannot be read makes the option rules errors, not passes', async () => {
  const root = tree({ 'etc/ssh/.keep': '' });
  execFileSync('mkfifo', [path.join(root, 'etc/ssh/sshd_config')]);
  const findings = await audit(root);
  const pw = findings.filter((f) => f.ruleId === 'ssh-password-authentication');
  assert.deepEqual(pw.map((f) => f.status), ['error']);
  assert.equal(pw[0]!.evidence[0]!.path, '/etc/ssh/sshd_config');
});

test('a line sshd refuses is an error naming file and line, and the audit goes on', async () => {
  const findings = await audit(tree({ 'etc/ssh/sshd_config': 'PasswordAuthentication no\nPermitRootLogin sometimes\n' }));
  const pw = findings.filter((f) => f.ruleId === 'ssh-password-authentication');
  assert.deepEqual(pw.map((f) => f.status).sort(), ['error']);
  assert.deepEqual([pw[0]!.evidence[0]!.path, pw[0]!.evidence[0]!.line], ['/etc/ssh/sshd_config', 2]);
  const root = findings.filter((f) => f.ruleId === 'ssh-root-login');
  assert.ok(root.some((f) => f.status === 'fail' && f.messageId === 'rootLoginWithKey'), 'the default still applies and is judged');
});

test('forwarding rules skip when the host declares it needs forwarding', async () => {
  const findings = await audit(tree({ 'etc/ssh/sshd_config': 'PasswordAuthentication no\n' }), {
    sshTcpForwardingNeeded: true,
    sshAgentForwardingNeeded: true,
  });
  for (const id of ['ssh-tcp-forwarding', 'ssh-agent-forwarding']) {
    assert.deepEqual(findings.filter((f) => f.ruleId === id).map((f) => f.status), ['skip']);
  }
});

test('fingerprints of Match block findings do not move with line numbers', async () => {
  const conf = (pad: string) => `${pad}PasswordAuthentication no\nMatch User bob\n  PasswordAuthentication yes\n`;
  const a = (await audit(tree({ 'etc/hostname': 'web1\n', 'etc/ssh/sshd_config': conf('') }))).filter((f) => f.ruleId === 'ssh-password-authentication' && f.status === 'fail');
  const b = (await audit(tree({ 'etc/hostname': 'web1\n', 'etc/ssh/sshd_config': conf('# a comment\n\n') }))).filter((f) => f.ruleId === 'ssh-password-authentication' && f.status === 'fail');
  assert.equal(a.length, 1);
  assert.deepEqual(a.map((f) => f.fingerprint), b.map((f) => f.fingerprint));
  assert.notEqual(a[0]!.evidence[0]!.line, b[0]!.evidence[0]!.line);
});
