/**
 * How garrison grades SSH algorithms, and the template the four algorithm rules share.
 * Weak: anything built on SHA-1 or MD5, 1024-bit Diffie-Hellman, CBC mode, 64-bit block
 * ciphers, RC4, 64-bit MAC tags, DSA host keys, and "none".
 */
import type { Reference } from '../../core/report-schema.ts';
import { defineRule, type Rule } from '../../core/rule.ts';
import type { Severity } from '../../core/severity.ts';
import type { SshRecord } from '../../probes/record.ts';
import { endpointEvidence, forEachRecord, reportProbeError } from '../../probes/rule-support.ts';

export const SECURE_PROTOCOLS_POUTA: Reference = { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' };
export const SECURE_PROTOCOLS_EWC: Reference = { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' };
export const ACCOUNTS_POUTA: Reference = { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' };
export const ACCOUNTS_EWC: Reference = { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' };

export type AlgorithmKind = 'kex' | 'hostKey' | 'cipher' | 'mac';

const WEAK: Record<AlgorithmKind, [RegExp, string][]> = {
  kex: [
    [/^diffie-hellman-group1-sha1$/, '1024-bit group with SHA-1'],
    [/^diffie-hellman-group14-sha1$/, 'SHA-1'],
    [/^diffie-hellman-group-exchange-sha1$/, 'SHA-1'],
    [/^rsa1024-sha1$/, '1024-bit RSA with SHA-1'],
    [/^gss-.*-sha1-/, 'SHA-1'],
    [/^ecdh-sha2-1\.3\.132\.0\.1$/, 'weak curve'],
  ],
  hostKey: [
    [/^ssh-rsa$/, 'RSA signatures with SHA-1'],
    [/^ssh-rsa-cert-v0[01]@openssh\.com$/, 'RSA signatures with SHA-1'],
    [/^ssh-dss(-cert-v0[01]@openssh\.com)?$/, 'DSA (1024-bit, SHA-1)'],
    [/^x509v3-ssh-(rsa|dss)$/, 'SHA-1 signatures'],
    [/^null$/, 'no host key'],
  ],
  cipher: [
    [/^3des/, '64-bit block cipher (3DES)'],
    [/^(blowfish|cast128|idea|des)/, '64-bit block cipher'],
    [/^arcfour/, 'RC4'],
    [/^none$/, 'no encryption'],
    [/-cbc$|^rijndael-cbc@lysator\.liu\.se$/, 'CBC mode'],
  ],
  mac: [
    [/^hmac-md5/, 'MD5'],
    [/^hmac-sha1/, 'SHA-1'],
    [/^umac-64/, '64-bit tag'],
    [/^hmac-ripemd160/, 'RIPEMD-160, 160-bit legacy'],
    [/-96(-etm@openssh\.com)?$/, 'truncated 96-bit tag'],
    [/^none$/, 'no integrity protection'],
  ],
};

/** Why an algorithm is weak, or undefined when garrison does not flag it. */
export function weakness(kind: AlgorithmKind, algorithm: string): string | undefined {
  return WEAK[kind].find(([re]) => re.test(algorithm))?.[1];
}

/** The algorithms of one kind a server offers (both directions merged, in order). */
export function offered(algorithms: NonNullable<SshRecord['algorithms']>, kind: AlgorithmKind): string[] {
  const list =
    kind === 'kex' ? algorithms.kex
    : kind === 'hostKey' ? algorithms.hostKey
    : kind === 'cipher' ? [...algorithms.ciphers.serverToClient, ...algorithms.ciphers.clientToServer]
    : [...algorithms.macs.serverToClient, ...algorithms.macs.clientToServer];
  // Markers such as ext-info-s and kex-strict-s-v00@openssh.com are not algorithms.
  return [...new Set(list)].filter((a) => !/^(ext-info-[cs]|kex-strict-[cs]-v00@openssh\.com)$/.test(a));
}

export interface WeakAlgorithmRuleSpec {
  id: string;
  kind: AlgorithmKind;
  /** "key exchange", "host key", "cipher", "MAC" */
  noun: string;
  option: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
}

/** One rule per algorithm kind, all built from this template. */
export function weakAlgorithmRule(spec: WeakAlgorithmRuleSpec): Rule {
  return defineRule({
    id: spec.id,
    family: 'probe-ssh',
    title: spec.title,
    severity: spec.severity,
    rationale: spec.rationale,
    description: `Reads the ${spec.noun} algorithms the server lists in its KEXINIT (the first message of the key exchange) and fails once per weak one, i.e. one that the server would agree to use if a client, or an attacker in the middle, offered only that. Weak ${spec.noun} algorithms: those built on ${describeWeak(spec.kind)}.`,
    remediation: spec.remediation,
    references: [SECURE_PROTOCOLS_POUTA, SECURE_PROTOCOLS_EWC],
    messages: {
      weak: `{{endpoint}} offers the {{noun}} algorithm {{algorithm}} ({{why}}).`,
    },
    requires: ['probes'],
    check({ probes }, report, ctx) {
      forEachRecord(probes, 'ssh', report, 'no SSH endpoint was probed', (rec) => {
        if (!rec.algorithms) return reportProbeError(report, ctx, rec, rec.error, `the ${spec.noun} algorithms`);
        for (const algorithm of offered(rec.algorithms, spec.kind)) {
          const why = weakness(spec.kind, algorithm);
          if (!why) continue;
          report.fail('weak', {
            data: { endpoint: rec.endpoint, noun: spec.noun, algorithm, why },
            evidence: [endpointEvidence(rec.endpoint, `${spec.option} offered: ${offered(rec.algorithms, spec.kind).join(',')}`, rec.banner)],
            key: `${rec.endpoint}\u0001${algorithm}`,
          });
        }
      });
    },
  });
}

function describeWeak(kind: AlgorithmKind): string {
  return [...new Set(WEAK[kind].map(([, why]) => why))].join(', ');
}
