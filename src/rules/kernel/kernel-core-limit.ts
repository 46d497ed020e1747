import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { limitValue, type LimitEntry } from '../../parsers/limits/limits.ts';
import { LIMITS_CONF } from '../../facts/limits.ts';

export default defineRule({
  id: 'kernel-core-limit',
  family: 'kernel',
  title: 'Login sessions have a hard core size limit of 0',
  severity: 'low',
  rationale:
    'A soft limit of 0 only sets a default: any program may raise it again up to the hard limit and dump core. A hard limit of 0 for every user, set by pam_limits at login, keeps processes started from sessions (cron jobs, shells, su) from writing their memory to disk when they crash.',
  description:
    'Reads /etc/security/limits.conf and limits.d/*.conf in pam_limits order. Passes when the last `*` entry for the hard core limit (type hard or -) is 0 and no user- or group-specific entry gives a non-zero hard core limit (such entries take precedence over `*` for their users).',
  remediation:
    'Create /etc/security/limits.d/90-no-core.conf with the line `*    hard    core    0` (and `root hard core 0` to cover root, which `*` does not), and remove entries that raise the hard core limit for particular users or groups.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
  messages: {
    ok: 'The hard core size limit is 0 for all users ({{where}}).',
    missing: 'No pam_limits entry sets a hard core size limit of 0 for all users (`* hard core 0`).',
    nonZero: 'The hard core size limit for all users is {{value}}, not 0.',
    raised: 'The hard core size limit is raised to {{value}} for {{domain}}, overriding the limit for all users.',
  },
  requires: ['limits'],
  check({ limits }, report) {
    const hard = limits.entries.filter((e) => e.item === 'core' && (e.type === 'hard' || e.type === '-'));
    let wildcard: LimitEntry | undefined;
    for (const e of hard) if (e.domain === '*') wildcard = e;
    let failed = false;
    if (!wildcard) {
      failed = true;
      report.fail('missing', {
        evidence: [fileEvidence(limits.files[0] ?? LIMITS_CONF, limits.files.length ? `read ${limits.files.join(', ')}` : 'no limits file')],
      });
    } else if (limitValue(wildcard.value) !== 0) {
      failed = true;
      report.fail('nonZero', { data: { value: wildcard.value }, evidence: [lineEvidence(wildcard.source)] });
    }
    const lastByDomain = new Map<string, LimitEntry>();
    for (const e of hard) if (e.domain !== '*') lastByDomain.set(e.domain, e);
    for (const [domain, e] of lastByDomain) {
      if (limitValue(e.value) === 0) continue;
      failed = true;
      report.fail('raised', { data: { value: e.value, domain }, evidence: [lineEvidence(e.source)], key: domain });
    }
    if (!failed && wildcard) report.pass('ok', { data: { where: `${wildcard.source.file}:${wildcard.source.line}` } });
  },
});
