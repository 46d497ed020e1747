import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { optionValue } from '../../parsers/apt-sources/apt-sources.ts';
import { activeSources, isDistributionArchive, isPlainHttp, parseUri } from './_apt.ts';

export default defineRule({
  id: 'updates-apt-plain-http',
  family: 'updates',
  title: 'Third-party APT repositories use HTTPS or a pinned signing key',
  severity: 'medium',
  rationale:
    "Over plain HTTP anyone on the path can replay old metadata and keep the host on vulnerable versions, or watch what it installs. The distribution archives guard against replay with signed, short-lived Release files, but third-party repositories often do not; and a third-party source without `signed-by` accepts any key in APT's global keyring, so a key trusted for one vendor can sign packages for all. HTTPS plus a key pinned per source closes both gaps.",
  description:
    'Reports enabled source entries fetched over http:// (or mirror+http://) that carry no `signed-by` option and do not point at a Debian or Ubuntu archive (official hosts, or a mirror serving the archive layout with only the distribution components). Hosts listed in the `trustedMirrors` parameter count as distribution mirrors.',
  remediation:
    "Switch the entry to https:// when the vendor offers it, and pin the vendor key: download it to /etc/apt/keyrings/<vendor>.asc and write `deb [signed-by=/etc/apt/keyrings/<vendor>.asc] https://... ` (or `Signed-By:` in a .sources file).",
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Only install from reputable sources' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
  ],
  params: {
    trustedMirrors: { default: [], description: 'Host names of local mirrors of the distribution archives that are served over HTTP.' },
  },
  messages: {
    plainHttp: 'The third-party repository {{uri}} is fetched over plain HTTP and has no signed-by key.',
  },
  requires: ['apt'],
  check({ apt }, report, ctx) {
    if (!apt.present) return report.skip('not an APT-based system (no /etc/apt)');
    const mirrors = ctx.param<string[]>('trustedMirrors');
    for (const s of activeSources(apt.sources)) {
      if (optionValue(s, 'signed-by')) continue;
      for (const uri of s.uris) {
        if (!isPlainHttp(uri) || isDistributionArchive(s, uri, mirrors)) continue;
        report.fail('plainHttp', { data: { uri }, evidence: [lineEvidence(s.source, `host ${parseUri(uri)?.host ?? uri}`)], key: `${s.source.file} ${uri}` });
      }
    }
  },
});
