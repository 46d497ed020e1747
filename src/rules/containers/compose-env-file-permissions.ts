import { defineRule } from '../../core/rule.ts';
import { describeMode, fileEvidence } from '../../core/evidence.ts';
import { secretKind } from './_secrets.ts';

export default defineRule({
  id: 'compose-env-file-permissions',
  family: 'containers',
  title: 'Env files holding secrets are not readable by other users',
  severity: 'medium',
  rationale:
    'Env files exist to keep passwords out of Compose files; they only help when ordinary users cannot read them. A world-readable .env gives every local account, and every compromised service running as one, the credentials of the databases and applications it configures.',
  description:
    'For the `.env` file of each Compose project and every file named by `env_file:`, checks whether it assigns a secret (by name, URL with password or random-looking value) and whether its mode lets other users read or write it.',
  remediation: 'Restrict the file to its owner: `chown root:root .env && chmod 600 .env` (Compose runs as root or a docker-group member and still reads it).',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Autres découvertes' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Authentication and User Management' },
  ],
  messages: {
    envFileReadable: '{{path}} holds {{count}} secret(s) and is {{access}} by all users ({{mode}}).',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.envFiles.length === 0) return report.skip('no env file used by a Compose project');
    for (const f of compose.envFiles) {
      const secrets = f.vars.filter((v) => secretKind(v.name, v.value) !== null);
      if (secrets.length === 0) continue;
      const mode = f.info.mode;
      if ((mode & 0o006) === 0) continue;
      report.fail('envFileReadable', {
        data: { path: f.path, count: secrets.length, access: mode & 0o002 ? 'writable' : 'readable', mode: describeMode(mode) },
        evidence: [fileEvidence(f.path, `mode ${describeMode(mode)}; secrets: ${secrets.map((s) => s.name).join(', ')}`)],
        key: f.path,
      });
    }
  },
});
