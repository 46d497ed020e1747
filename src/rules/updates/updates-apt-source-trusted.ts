import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { activeSources, trueOption } from './_apt.ts';

export default defineRule({
  id: 'updates-apt-source-trusted',
  family: 'updates',
  title: 'No APT source skips signature checks',
  severity: 'high',
  rationale:
    'APT only installs what a trusted key has signed. A source marked `trusted=yes` (or `Trusted: yes`) is accepted without any signature, and `allow-insecure`, `allow-weak` or `allow-downgrade-to-insecure` accept unsigned or weakly signed metadata: anyone able to tamper with the traffic or the repository can then have root install a package of their choosing at the next upgrade.',
  description:
    'Reads /etc/apt/sources.list and every .list and .sources file apt reads from sources.list.d, and reports enabled entries with `trusted`, `allow-insecure`, `allow-weak` or `allow-downgrade-to-insecure` set to a true value. Repositories on local disk or media (file:, cdrom:, copy:) are reported as medium severity.',
  remediation:
    "Remove the option and give the repository its signing key instead: fetch the vendor's key into /etc/apt/keyrings/<vendor>.asc and reference it with `[signed-by=/etc/apt/keyrings/<vendor>.asc]` (or `Signed-By:` in a .sources file), then run `apt update`.",
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Only install from reputable sources' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Only install from reputable sources' },
  ],
  messages: {
    trusted: 'The source {{uri}} is marked trusted: apt installs its packages without checking any signature.',
    allowInsecure: 'The source {{uri}} sets {{option}}: apt accepts it without a valid signature.',
  },
  requires: ['apt'],
  check({ apt }, report) {
    if (!apt.present) return report.skip('not an APT-based system (no /etc/apt)');
    for (const s of activeSources(apt.sources)) {
      const uri = s.uris.join(' ');
      // A repository on local media or disk can only be altered by someone who can already write there.
      const severity = s.uris.every((u) => /^(file|cdrom|copy):/i.test(u)) ? 'medium' : 'high';
      const trusted = trueOption(s, 'trusted');
      if (trusted) report.fail('trusted', { data: { uri }, evidence: [lineEvidence(trusted.source)], key: `${trusted.source.file} ${uri} trusted`, severity });
      for (const name of ['allow-insecure', 'allow-weak', 'allow-downgrade-to-insecure']) {
        const o = trueOption(s, name);
        if (o) report.fail('allowInsecure', { data: { uri, option: name }, evidence: [lineEvidence(o.source)], key: `${o.source.file} ${uri} ${name}`, severity });
      }
    }
  },
});
