import { defineRule } from '../../core/rule.ts';
import { describeMode, fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { ExposedSecret } from '../../facts/appsecrets.ts';

const KIND_WORDS: Record<ExposedSecret['kind'], string> = {
  password: 'password',
  token: 'secret key or token',
  'credential-pair': 'user:password pair',
  url: 'URL with a password',
  hash: 'password hash',
};

export default defineRule({
  id: 'secrets-readable-config',
  family: 'secrets',
  title: 'Application configuration files holding passwords are not readable by all users',
  severity: 'high',
  rationale:
    'Database, LDAP and API credentials written in a configuration file are only as private as the file. When every local account can read it, any user, any compromised service running under its own account, or any web application able to read files gets those credentials and, with them, the database or directory behind. Hashes in such files can be cracked offline.',
  description:
    'Walks /etc, /opt, /srv, /usr/local/etc and /var/www (depth and count bounded; certificates, package data and caches skipped) for configuration files (.env, .ini, .cfg, .conf, .cnf, .yml/.yaml, .json, .toml, .properties, systemd .service) that others can read (mode o+r and every directory above o+x). In them it looks for password, passphrase, secret, token and API key options with a literal value (placeholders, ${VARIABLES}, file paths and switches are ignored), user:password pairs in credential options (such as `dme_superuser=sre:secretpassword`), URLs with a password (postgres://user:pw@host), netrc-style `password` words, systemd `Environment=` secrets and password hashes. Compose files and their .env are covered by the container rules. Values are never shown. Password hashes alone make a medium-severity finding.',
  remediation:
    'Restrict the file to the service that reads it: `chown root:<service group> FILE && chmod 640 FILE` (or 600 when the service runs as the owner), or move the secret to a file only the service can read (systemd `LoadCredential=`, a Docker secret, a `*_FILE` variable). The credential has been readable: change it.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Semaine 4' },
    { guideline: '000_a8be9711ada6c275.txt', section: 'PostgreSQL Database' },
  ],
  messages: {
    readable: '{{path}} is mode {{mode}}, so every local user can read it, and it holds {{count}} credential(s): {{what}}.',
  },
  requires: ['appsecrets'],
  check({ appsecrets }, report) {
    const byFile = new Map<string, ExposedSecret[]>();
    for (const s of appsecrets.secrets) byFile.set(s.path, [...(byFile.get(s.path) ?? []), s]);
    for (const [path, secrets] of byFile) {
      const first = secrets[0]!;
      const what = [...new Set(secrets.map((s) => `${s.key} (${KIND_WORDS[s.kind]})`))].slice(0, 6).join(', ');
      report.fail('readable', {
        data: { path, mode: (first.mode & 0o7777).toString(8).padStart(4, '0'), count: secrets.length, what },
        evidence: [fileEvidence(path, `mode ${describeMode(first.mode)} uid ${first.uid} gid ${first.gid}`), ...secrets.slice(0, 5).map((s) => lineEvidence(s.source, KIND_WORDS[s.kind]))],
        key: path,
        severity: secrets.every((s) => s.kind === 'hash') ? 'medium' : 'high',
      });
    }
  },
});
