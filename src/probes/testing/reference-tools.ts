/**
 * The reference tools garrison's probes are compared with (agreement test, benchmark):
 * testssl.sh for TLS protocol versions and cipher categories, ssh-audit for SSH algorithms.
 * Both are run on loopback endpoints only.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TlsRecord, TlsVersion, WeakCipherClass } from '../record-types.ts';
import type { AlgorithmKind } from '../../rules/probe-ssh/_grade.ts';
import { BINARIES } from './daemons.ts';

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, TERM: 'dumb' } }, (err, stdout) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? -1 : 0;
      resolve({ stdout, code });
    });
  });
}

/** testssl.sh's id for each protocol version garrison probes. */
const TESTSSL_PROTOCOLS: Record<TlsVersion, string> = { SSLv3: 'SSLv3', TLSv1: 'TLS1', 'TLSv1.1': 'TLS1_1', 'TLSv1.2': 'TLS1_2', 'TLSv1.3': 'TLS1_3' };

/** testssl.sh's cipher category for each of garrison's weak classes. */
export const TESTSSL_CATEGORY: Record<WeakCipherClass, string> = {
  null: 'cipherlist_NULL',
  anon: 'cipherlist_aNULL',
  export: 'cipherlist_EXPORT',
  des: 'cipherlist_LOW',
  rc4: 'cipherlist_LOW',
  '3des': 'cipherlist_3DES_IDEA',
  idea: 'cipherlist_3DES_IDEA',
};

export interface TlsVerdict {
  /** Protocol versions accepted, in garrison's names. */
  accepted: TlsVersion[];
  /** testssl.sh cipher categories (cipherlist_*) of broken suites accepted. */
  weakCategories: string[];
}

/** What garrison's TLS record says, in the same terms. */
export function garrisonTlsVerdict(rec: TlsRecord): TlsVerdict {
  return {
    accepted: rec.protocols.filter((p) => p.accepted).map((p) => p.version),
    weakCategories: [...new Set(rec.weakCiphers.map((w) => TESTSSL_CATEGORY[w.class]))].sort(),
  };
}

/**
 * Runs testssl.sh on host:port. `checks` are testssl.sh options (default: protocols and
 * cipher categories). Returns the verdict and the wall time.
 */
export async function runTestssl(hostPort: string, checks: string[] = ['-p', '-s'], timeoutMs = 600_000): Promise<{ verdict: TlsVerdict; ms: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-testssl-'));
  const json = path.join(dir, 'out.json');
  const started = Date.now();
  try {
    await run(BINARIES.testssl, ['--quiet', '--color', '0', '--warnings', 'batch', ...checks, '--jsonfile', json, hostPort], timeoutMs);
    const ms = Date.now() - started;
    if (!fs.existsSync(json)) throw new Error('testssl.sh wrote no JSON file');
    const items = JSON.parse(fs.readFileSync(json, 'utf8')) as { id: string; finding: string }[];
    const offered = (id: string) => items.some((i) => i.id === id && /^offered/i.test(i.finding.trim()));
    const accepted = (Object.entries(TESTSSL_PROTOCOLS) as [TlsVersion, string][]).filter(([, id]) => offered(id)).map(([v]) => v);
    const weakCategories = [...new Set(Object.values(TESTSSL_CATEGORY))].filter(offered).sort();
    return { verdict: { accepted, weakCategories }, ms };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export type SshAuditGrades = Record<AlgorithmKind, Map<string, string[]>>;

const SSH_AUDIT_KINDS: Record<string, AlgorithmKind> = { kex: 'kex', key: 'hostKey', enc: 'cipher', mac: 'mac' };

/** Parses ssh-audit's text output (no colours): each algorithm with its fail/warn notes. */
export function parseSshAudit(text: string): SshAuditGrades {
  const grades: SshAuditGrades = { kex: new Map(), hostKey: new Map(), cipher: new Map(), mac: new Map() };
  let current: { kind: AlgorithmKind; name: string } | undefined;
  for (const line of text.split('\n')) {
    const m = /^\((kex|key|enc|mac)\) (\S+)(?: \([^)]*\))?\s+--\s+\[(\w+)\]\s*(.*)$/.exec(line);
    if (m) {
      current = { kind: SSH_AUDIT_KINDS[m[1]!]!, name: m[2]! };
      if (!grades[current.kind].has(current.name)) grades[current.kind].set(current.name, []);
      if (m[3] === 'fail' || m[3] === 'warn') grades[current.kind].get(current.name)!.push(`${m[3]}: ${m[4]}`);
      continue;
    }
    const cont = /^\s+`-\s+\[(\w+)\]\s*(.*)$/.exec(line);
    if (!cont) current = undefined;
    else if (current && (cont[1] === 'fail' || cont[1] === 'warn')) grades[current.kind].get(current.name)!.push(`${cont[1]}: ${cont[2]}`);
  }
  return grades;
}

/** Runs ssh-audit on 127.0.0.1:port and returns its grades and the wall time. */
export async function runSshAudit(port: number, timeoutMs = 60_000): Promise<{ grades: SshAuditGrades; ms: number }> {
  const started = Date.now();
  const { stdout } = await run(BINARIES.sshAudit, ['-n', '-p', String(port), '127.0.0.1'], timeoutMs);
  return { grades: parseSshAudit(stdout), ms: Date.now() - started };
}

/**
 * Notes of ssh-audit that garrison deliberately does not count as weak (see docs/probes.md):
 * NIST elliptic curves and ECDSA's need for good randomness, encrypt-and-MAC (non-etm)
 * MACs with strong hashes, and algorithms ssh-audit 2.5 does not know yet (post-quantum
 * hybrids, the strict-kex marker).
 */
export const INTENTIONAL_DIFFERENCES = /weak elliptic curves|weak random number generator|encrypt-and-MAC mode|unknown algorithm|experimental algorithm/;
