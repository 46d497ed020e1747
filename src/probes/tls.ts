/**
 * TLS retriever: which protocol versions the server accepts and the suite it picks for
 * each (raw ClientHellos), which weak suites it accepts when offered nothing else, and the
 * certificate chain of one full handshake (Node's TLS client, any version, security level
 * 0 so that old servers still answer), with hostname, trust and OCSP stapling.
 */
import tls from 'node:tls';
import { ProbeFailure, toProbeError, type ProbeBudget } from './net.ts';
import { TLS_VERSIONS, WEAK_CIPHER_CLASSES, type ProbeError, type TlsRecord, type TlsVersion, type WeakCipherClass } from './record-types.ts';
import { suiteById, suiteName, suitesFor } from './tls-ciphers.ts';
import { VERSION_CODES, helloExchange } from './tls-hello.ts';
import { describeCertificate } from './x509.ts';

export interface TlsProbeTarget {
  /** Host as written in the URL: used for SNI and the hostname check. */
  host: string;
  serverName?: string;
}

type VersionResult = TlsRecord['protocols'][number];

async function probeVersion(budget: ProbeBudget, version: TlsVersion, serverName?: string): Promise<VersionResult> {
  const code = VERSION_CODES[version];
  try {
    const answer = await helloExchange(budget, code, suitesFor(code), serverName);
    if (!answer.accepted || answer.hello.version !== code) return { version, accepted: false };
    return { version, accepted: true, cipher: suiteName(answer.hello.cipher) };
  } catch (err) {
    return { version, accepted: false, error: toProbeError(err, budget) };
  }
}

/** Offers only weak suites, one class removed after each hit, until the server refuses. */
async function probeWeak(budget: ProbeBudget, version: TlsVersion, serverName?: string): Promise<TlsRecord['weakCiphers']> {
  const code = VERSION_CODES[version];
  const found: TlsRecord['weakCiphers'] = [];
  const excluded = new Set<WeakCipherClass>();
  while (excluded.size < WEAK_CIPHER_CLASSES.length) {
    const offer = suitesFor(code, (c) => c.weak !== undefined && !excluded.has(c.weak));
    if (offer.length === 0) break;
    let answer;
    try {
      answer = await helloExchange(budget, code, offer, serverName);
    } catch {
      break;
    }
    if (!answer.accepted || answer.hello.version !== code) break;
    const suite = suiteById(answer.hello.cipher);
    if (!suite?.weak || excluded.has(suite.weak)) break;
    found.push({ version, cipher: suite.name, class: suite.weak });
    excluded.add(suite.weak);
  }
  return found;
}

/** One full handshake with Node's TLS client to read the chain the server sends. */
function fetchCertificate(budget: ProbeBudget, target: TlsProbeTarget): Promise<NonNullable<TlsRecord['certificate']>> {
  return new Promise((resolve) => {
    let ocspStapled = false;
    const empty = (error: ProbeError): NonNullable<TlsRecord['certificate']> => ({
      error,
      chain: [],
      hostnameMatches: false,
      trusted: false,
      ocspStapled: false,
    });
    // requestOCSP is passed on to the TLSSocket by tls.connect, though its type omits it.
    const options: tls.ConnectionOptions & { requestOCSP: boolean } = {
      host: budget.address,
      port: budget.port,
      ...(target.serverName ? { servername: target.serverName } : {}),
      rejectUnauthorized: false,
      requestOCSP: true,
      minVersion: 'TLSv1',
      ciphers: 'ALL:@SECLEVEL=0',
    };
    const conn = tls.connect(options);
    const finish = (value: NonNullable<TlsRecord['certificate']>) => {
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', onAbort);
      conn.destroy();
      resolve(value);
    };
    const onAbort = () => finish(empty({ code: 'timeout', message: `${budget.label}: no complete TLS handshake within ${budget.overallTimeoutMs} ms` }));
    const timer = setTimeout(() => {
      if (conn.connecting) finish(empty({ code: 'connect-timeout', message: `${budget.label}: no TCP connection within ${budget.connectTimeoutMs} ms` }));
    }, budget.connectTimeoutMs);
    budget.signal.addEventListener('abort', onAbort, { once: true });
    conn.on('OCSPResponse', (resp: Buffer) => {
      if (resp && resp.length > 0) ocspStapled = true;
    });
    conn.once('error', (err) => {
      const pe = toProbeError(err, budget);
      finish(empty(pe.code === 'other' ? { code: 'tls', message: pe.message } : pe));
    });
    conn.once('secureConnect', () => {
      try {
        const peer = conn.getPeerCertificate(true);
        const chain: Buffer[] = [];
        const seen = new Set<string>();
        for (let c: tls.DetailedPeerCertificate | undefined = peer; c && c.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
          seen.add(c.fingerprint256);
          chain.push(c.raw);
        }
        if (chain.length === 0) return finish(empty({ code: 'tls', message: `${budget.label}: the server sent no certificate` }));
        const identity = tls.checkServerIdentity(target.host, peer);
        const cipher = conn.getCipher();
        finish({
          protocol: conn.getProtocol() ?? undefined,
          cipher: cipher?.standardName ?? cipher?.name,
          chain: chain.map((der) => describeCertificate(der)),
          hostnameMatches: identity === undefined,
          ...(identity ? { hostnameError: identity.message } : {}),
          trusted: conn.authorized,
          ...(conn.authorizationError ? { trustError: String(conn.authorizationError) } : {}),
          ocspStapled,
        });
      } catch (err) {
        finish(empty(toProbeError(err, budget)));
      }
    });
  });
}

/** Probes one TLS endpoint. Never throws: failures are recorded. */
export async function probeTls(budget: ProbeBudget, target: TlsProbeTarget, base: Pick<TlsRecord, 'endpoint' | 'host' | 'port'>): Promise<TlsRecord> {
  const started = Date.now();
  const record: TlsRecord = {
    kind: 'tls',
    ...base,
    retrievedAt: new Date(started).toISOString(),
    durationMs: 0,
    ...(target.serverName ? { serverName: target.serverName } : {}),
    protocols: [],
    weakCiphers: [],
  };
  const certPromise = fetchCertificate(budget, target);
  const protocols = await Promise.all(TLS_VERSIONS.map((v) => probeVersion(budget, v, target.serverName)));
  record.protocols = protocols;

  const answered = protocols.filter((p) => p.error === undefined);
  if (answered.length === 0) {
    // Nothing answered like a TLS server: one cause for the whole endpoint.
    const first = protocols.find((p) => p.error?.code === 'protocol') ?? protocols[0];
    record.error = first?.error ?? new ProbeFailure('other', `${budget.label}: no answer`).toRecord();
    await certPromise;
  } else {
    const weak = await Promise.all(
      protocols.filter((p) => p.accepted && p.version !== 'TLSv1.3').map((p) => probeWeak(budget, p.version, target.serverName)),
    );
    record.weakCiphers = weak.flat();
    record.certificate = await certPromise;
  }
  record.durationMs = Date.now() - started;
  return record;
}
