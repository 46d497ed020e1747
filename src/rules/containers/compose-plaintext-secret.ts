import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { redactedLine, secretKind } from './_secrets.ts';

export default defineRule({
  id: 'compose-plaintext-secret',
  family: 'containers',
  title: 'Compose files do not hold secrets in clear',
  severity: 'medium',
  rationale:
    'A password or token written in the environment section of a Compose file is shown to everyone who reads or edits the file, ends up in backups and version control, and is visible to every member of the docker group. Keeping it in a file only root can read, passed to the container as a Docker secret or a *_FILE variable, limits who sees it.',
  description:
    'For every service of every Compose file found, flags `environment:` entries (map or list form) whose name marks a secret (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, *_KEY, ...), whose value is a URL with a password, or whose value looks randomly generated (long, high entropy). `${VAR}` interpolation, `*_FILE` variables, file paths and booleans are accepted. Worse when the Compose file is readable by all users. Values are never shown.',
  remediation:
    'Move the value out of the Compose file: use a Docker secret (`secrets: [db_password]` on the service and `secrets: db_password: file: ./secrets/db_password` at the top level, with the image reading `POSTGRES_PASSWORD_FILE=/run/secrets/db_password`), or an env file readable by root only (`chmod 600 .env`) referenced through `${VAR}`. Then change the password, since it has been exposed.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Autres découvertes' },
    { guideline: '003_3ee6c2d8469499be.txt', section: 'Authentication and User Management' },
  ],
  messages: {
    secretByName: 'Service "{{service}}" in {{file}} sets {{name}} to a clear-text value.',
    secretInUrl: 'Service "{{service}}" in {{file}} sets {{name}} to a URL that contains a password.',
    secretByEntropy: 'Service "{{service}}" in {{file}} sets {{name}} to a value that looks like a generated secret.',
  },
  requires: ['compose'],
  check({ compose }, report) {
    if (compose.files.length === 0) return report.skip('no Compose file found');
    const ids = { name: 'secretByName', url: 'secretInUrl', entropy: 'secretByEntropy' } as const;
    for (const f of compose.files) {
      const worldReadable = (f.info.mode & 0o004) !== 0;
      for (const svc of f.model.services) {
        for (const env of svc.environment) {
          const kind = secretKind(env.name, env.value);
          if (kind === null || env.value === null) continue;
          report.fail(ids[kind], {
            data: { service: svc.name, file: f.path, name: env.name },
            evidence: [lineEvidence(redactedLine(env.source, env.name, env.value), worldReadable ? 'the file is readable by all users' : undefined)],
            key: `${f.path}:${svc.name}:${env.name}`,
            severity: worldReadable ? 'high' : 'medium',
          });
        }
      }
    }
  },
});
