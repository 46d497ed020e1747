import type { Finding, Report } from '../../core/report-schema.ts';
import { summarize, compareFindings } from '../../core/summary.ts';

const base = {
  rationale: 'Passwords can be guessed by brute force; keys cannot.',
  remediation: 'Set `PasswordAuthentication no` in /etc/ssh/sshd_config.d/50-garrison.conf and reload sshd.',
  references: [{ guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' }],
};

const findings: Finding[] = [
  {
    ...base,
    ruleId: 'ssh-password-authentication',
    family: 'ssh',
    status: 'fail',
    severity: 'high',
    title: 'SSH accepts passwords',
    messageId: 'passwordAuth',
    message: 'PasswordAuthentication is yes for the whole server',
    evidence: [{ path: '/etc/ssh/sshd_config', line: 58, snippet: 'PasswordAuthentication yes' }],
    fingerprint: '0123456789abcdef0123456789abcdef',
  },
  {
    ...base,
    ruleId: 'compose-plaintext-secret',
    family: 'containers',
    status: 'fail',
    severity: 'critical',
    title: 'Secrets in a compose file',
    messageId: 'plainSecret',
    message: 'POSTGRES_PASSWORD is given in clear',
    evidence: [{ path: '/DATA/docker/docker-compose.yml', line: 12, snippet: 'POSTGRES_PASSWORD=<redacted sha256:1a2b3c4d>' }],
    fingerprint: '1123456789abcdef0123456789abcdef',
  },
  {
    ...base,
    ruleId: 'nginx-config-parse',
    family: 'web',
    status: 'error',
    severity: 'medium',
    title: 'nginx configuration',
    message: 'Could not fully evaluate: /etc/nginx/nginx.conf:14: unexpected end of file, expecting "}"',
    evidence: [{ path: '/etc/nginx/nginx.conf', line: 14, note: 'unexpected end of file, expecting "}"' }],
    fingerprint: '2123456789abcdef0123456789abcdef',
  },
  {
    ...base,
    ruleId: 'ssh-root-login',
    family: 'ssh',
    status: 'pass',
    severity: 'high',
    title: 'Root cannot log in over SSH',
    message: 'No departure from the guideline found.',
    evidence: [],
    fingerprint: '3123456789abcdef0123456789abcdef',
  },
  {
    ...base,
    ruleId: 'redis-protected-mode',
    family: 'databases',
    status: 'skip',
    severity: 'high',
    title: 'Redis protected mode',
    message: 'Redis is not installed',
    evidence: [],
    fingerprint: '4123456789abcdef0123456789abcdef',
  },
];

export function sampleReport(): Report {
  const sorted = [...findings].sort(compareFindings);
  return {
    schemaVersion: 1,
    tool: { name: 'garrison', version: '0.1.0' },
    target: { kind: 'root-dir', root: '/mnt/image', hostname: 'web01', os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' } },
    startedAt: '2026-11-22T04:00:00.000Z',
    durationMs: 412,
    summary: summarize(sorted),
    findings: sorted,
    errors: [],
  };
}
