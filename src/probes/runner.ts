/**
 * Runs the retrievers for a list of endpoint URLs: endpoints in parallel up to a
 * concurrency limit, each with a connect timeout and an overall timeout, no retries.
 * Every endpoint yields its records whatever happens: a failure is recorded in them.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { usageError } from '../core/errors.ts';
import { endpointId, hostPort, parseEndpoint, type Endpoint } from './endpoint.ts';
import { probeHttp } from './http.ts';
import { probeLdap } from './ldap.ts';
import { probeMysql } from './mysql.ts';
import { toProbeError, type ProbeBudget } from './net.ts';
import { probePostgres } from './postgres.ts';
import type { ProbeError, ProbeKind, ProbeRecord } from './record-types.ts';
import { probeRedis } from './redis.ts';
import { probeSsh } from './ssh.ts';
import { probeTls } from './tls.ts';

export interface ProbeOptions {
  /** Time allowed for each TCP connection to be established (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Time allowed for everything done against one endpoint (default 10000 ms). */
  timeoutMs?: number;
  /** Endpoints probed at the same time (default 8). */
  concurrency?: number;
  /** Path of a login page whose cookies the HTTP checks judge too (`--login-path`). */
  loginPath?: string;
  /** Follow HTTP redirects to other hosts (default: never). */
  followOtherHosts?: boolean;
  /** User name sent with the SSH `none` authentication request (default "garrison-probe"). */
  sshUser?: string;
  /** Progress messages (for standard error). */
  onProgress?: (message: string) => void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
export const DEFAULT_TIMEOUT_MS = 10000;
export const DEFAULT_CONCURRENCY = 8;

interface Job {
  endpoint: Endpoint;
  /** Plain HTTP on port 80 alongside an https:// URL on the default port. */
  impliedHttp: boolean;
}

/** The record kinds an endpoint yields, in order. */
export function kindsFor(e: Endpoint): ProbeKind[] {
  switch (e.scheme) {
    case 'https':
      return ['tls', 'http'];
    case 'http':
      return ['http'];
    case 'ssh':
      return ['ssh'];
    case 'postgres':
      return ['postgres'];
    case 'redis':
      return ['redis'];
    case 'mysql':
      return ['mysql'];
    case 'ldap':
      return ['ldap'];
    case 'ldaps':
      return ['tls', 'ldap'];
  }
}

/** A record of the given kind that says only that the endpoint could not be probed. */
export function failedRecord(kind: ProbeKind, e: Endpoint, error: ProbeError, implied = false): ProbeRecord {
  const base = { endpoint: e.id, host: e.host, port: e.port, retrievedAt: new Date().toISOString(), durationMs: 0, error };
  switch (kind) {
    case 'tls':
      return { kind, ...base, protocols: [], weakCiphers: [] };
    case 'http':
      return { kind, ...base, scheme: e.scheme === 'http' ? 'http' : 'https', ...(implied ? { implied } : {}), main: { responses: [], error } };
    case 'ssh':
    case 'redis':
    case 'mysql':
      return { kind, ...base };
    case 'postgres':
      return { kind, ...base, startups: [] };
    case 'ldap':
      return { kind, ...base, tls: e.scheme === 'ldaps' };
  }
}

function serverNameOf(host: string): string | undefined {
  return net.isIP(host) === 0 ? host : undefined;
}

async function runJob(job: Job, options: Required<Pick<ProbeOptions, 'connectTimeoutMs' | 'timeoutMs'>> & ProbeOptions): Promise<ProbeRecord[]> {
  const e = job.endpoint;
  const kinds: ProbeKind[] = job.impliedHttp ? ['http'] : kindsFor(e);
  const overall = AbortSignal.timeout(options.timeoutMs);
  const label = hostPort(e.host, e.port);
  let address: string;
  try {
    address = net.isIP(e.host) !== 0 ? e.host : (await dns.lookup(e.host)).address;
  } catch (err) {
    const error = toProbeError(err, { label, overallTimeoutMs: options.timeoutMs });
    return kinds.map((k) => failedRecord(k, e, error, job.impliedHttp));
  }
  const budget: ProbeBudget = {
    address,
    port: e.port,
    label,
    connectTimeoutMs: Math.min(options.connectTimeoutMs, options.timeoutMs),
    overallTimeoutMs: options.timeoutMs,
    signal: overall,
  };
  const ids = { endpoint: e.id, host: e.host, port: e.port };
  const serverName = serverNameOf(e.host);
  return Promise.all(
    kinds.map((kind): Promise<ProbeRecord> => {
      switch (kind) {
        case 'tls':
          return probeTls(budget, { host: e.host, ...(serverName ? { serverName } : {}) }, ids);
        case 'http':
          return probeHttp(
            budget,
            { ...ids, scheme: e.scheme === 'http' || job.impliedHttp ? 'http' : 'https', path: e.path, ...(job.impliedHttp ? { implied: true } : {}) },
            { ...(options.loginPath !== undefined ? { loginPath: options.loginPath } : {}), ...(options.followOtherHosts ? { followOtherHosts: true } : {}) },
          );
        case 'ssh':
          return probeSsh(budget, ids, options.sshUser !== undefined ? { user: options.sshUser } : {});
        case 'postgres':
          return probePostgres(budget, ids);
        case 'redis':
          return probeRedis(budget, ids);
        case 'mysql':
          return probeMysql(budget, ids);
        case 'ldap':
          return probeLdap(budget, ids, e.scheme === 'ldaps', serverName);
      }
    }),
  );
}

/** Parses every URL first, so that a typo ends the run before any connection is made. */
export function planJobs(urls: readonly string[]): Job[] {
  const jobs: Job[] = [];
  const seen = new Set<string>();
  const add = (job: Job) => {
    const key = `${job.impliedHttp ? 'implied:' : ''}${job.endpoint.id}${job.endpoint.path}`;
    if (!seen.has(key)) jobs.push(job);
    seen.add(key);
  };
  for (const url of urls) {
    let e: Endpoint;
    try {
      e = parseEndpoint(url);
    } catch (err) {
      throw usageError(err instanceof Error ? err.message : String(err));
    }
    add({ endpoint: e, impliedHttp: false });
    if (e.scheme === 'https' && e.defaultPort) {
      const plain: Endpoint = { ...e, scheme: 'http', port: 80, defaultPort: true, id: endpointId('http', e.host, 80) };
      add({ endpoint: plain, impliedHttp: true });
    }
  }
  // An explicit http:// URL wins over the implied one for the same host.
  return jobs.filter((j) => !j.impliedHttp || !jobs.some((o) => !o.impliedHttp && o.endpoint.id === j.endpoint.id));
}

/** Probes every endpoint and returns the records, in the order of the URLs. */
export async function collectRecords(urls: readonly string[], options: ProbeOptions = {}): Promise<ProbeRecord[]> {
  const jobs = planJobs(urls);
  const opts = {
    ...options,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const limit = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const results: ProbeRecord[][] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      options.onProgress?.(`probing ${job.endpoint.id}`);
      results[i] = await runJob(job, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results.flat();
}
