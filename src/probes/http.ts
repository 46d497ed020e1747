/**
 * HTTP retriever: the status and headers of the first response (and of redirects followed
 * on the same host), and of a login page when one is given. The body is never read: the
 * connection is dropped as soon as the headers are in, so a 100 MB page costs nothing.
 * Redirects to another host are not followed unless asked.
 */
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { SECRET_NAME, redactSecrets, redactValue } from '../core/redact.ts';
import { VERSION } from '../core/version.ts';
import { toProbeError, type ProbeBudget } from './net.ts';
import type { HttpRecord, HttpResponse } from './record-types.ts';

const MAX_HEADERS = 200;
const MAX_HEADER_VALUE = 4096;
const MAX_REDIRECTS = 5;

export interface HttpProbeOptions {
  /** Path of a login page whose cookies are checked too. */
  loginPath?: string;
  /** Follow redirects to other hosts (default: stop there). */
  followOtherHosts?: boolean;
}

/** "name=<redacted …>; Path=/; HttpOnly": the value of a cookie never enters a record. */
export function redactSetCookie(value: string): string {
  const semi = value.indexOf(';');
  const pair = semi === -1 ? value : value.slice(0, semi);
  const rest = semi === -1 ? '' : value.slice(semi);
  const eq = pair.indexOf('=');
  if (eq === -1) return value;
  return `${pair.slice(0, eq)}=${redactValue(pair.slice(eq + 1).trim())}${rest}`;
}

function headerPairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length && out.length < MAX_HEADERS; i += 2) {
    const name = raw[i]!.toLowerCase();
    let value = raw[i + 1]!.slice(0, MAX_HEADER_VALUE);
    if (name === 'set-cookie') value = redactSetCookie(value);
    else if (SECRET_NAME.test(name)) value = redactValue(value);
    else value = redactSecrets(value);
    out.push([name, value]);
  }
  return out;
}

/** One request; resolves with the status and headers, never reading the body. */
function fetchHead(budget: ProbeBudget, url: URL, address: string, servername: string | undefined): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
    const options: https.RequestOptions = {
      host: address,
      port,
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      headers: { host: url.host, 'user-agent': `garrison-probe/${VERSION}`, accept: '*/*', connection: 'close' },
      agent: false,
      signal: budget.signal,
      ...(secure
        ? { rejectUnauthorized: false, minVersion: 'TLSv1' as const, ciphers: 'ALL:@SECLEVEL=0', ...(servername ? { servername } : {}) }
        : {}),
    };
    const req = (secure ? https : http).request(options, (res) => {
      clearTimeout(timer);
      const headers = headerPairs(res.rawHeaders);
      res.destroy();
      req.destroy();
      resolve({ url: redactSecrets(url.toString()), status: res.statusCode ?? 0, headers });
    });
    const timer = setTimeout(() => {
      if (!req.socket || req.socket.connecting) {
        const err = Object.assign(new Error(`${budget.label}: no TCP connection within ${budget.connectTimeoutMs} ms (host down or port filtered)`), { code: 'CONNECT_TIMEOUT' });
        req.destroy(err);
      }
    }, budget.connectTimeoutMs);
    req.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

function sameHost(a: URL, b: URL): boolean {
  return a.hostname.toLowerCase() === b.hostname.toLowerCase();
}

/** Requests `start` and follows redirects that stay on the same host over HTTPS. */
async function exchange(
  budget: ProbeBudget,
  start: URL,
  follow: boolean,
  options: HttpProbeOptions,
): Promise<HttpRecord['main']> {
  const result: HttpRecord['main'] = { responses: [] };
  let url = start;
  try {
    for (let hop = 0; ; hop++) {
      const address = sameHost(url, start) ? budget.address : (await dns.lookup(url.hostname)).address;
      const servername = /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname;
      const res = await fetchHead(budget, url, address, servername);
      result.responses.push(res);
      const location = res.headers.find(([n]) => n === 'location')?.[1];
      if (!follow || res.status < 300 || res.status > 399 || location === undefined) break;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        break;
      }
      if (next.protocol !== 'https:') {
        result.stopped = { location: redactSecrets(next.toString()), reason: 'plain-http' };
        break;
      }
      if (!sameHost(next, start) && !options.followOtherHosts) {
        result.stopped = { location: redactSecrets(next.toString()), reason: 'other-host' };
        break;
      }
      if (hop + 1 >= MAX_REDIRECTS) {
        result.stopped = { location: redactSecrets(next.toString()), reason: 'too-many-redirects' };
        break;
      }
      url = next;
    }
  } catch (err) {
    const pe = toProbeError(err, budget);
    result.error = (err as { code?: string }).code === 'CONNECT_TIMEOUT' ? { code: 'connect-timeout', message: pe.message } : pe;
  }
  return result;
}

/**
 * Probes one HTTP(S) endpoint. For plain HTTP the first answer is the point (does it send
 * the client to HTTPS?), so redirects are not followed; over HTTPS same-host redirects are.
 */
export async function probeHttp(
  budget: ProbeBudget,
  base: Pick<HttpRecord, 'endpoint' | 'host' | 'port' | 'scheme'> & { path: string; implied?: boolean },
  options: HttpProbeOptions = {},
): Promise<HttpRecord> {
  const started = Date.now();
  const { path, implied, ...ids } = base;
  const origin = new URL(ids.endpoint);
  const record: HttpRecord = {
    kind: 'http',
    ...ids,
    ...(implied ? { implied } : {}),
    retrievedAt: new Date(started).toISOString(),
    durationMs: 0,
    main: { responses: [] },
  };
  const secure = ids.scheme === 'https';
  const [main, login] = await Promise.all([
    exchange(budget, new URL(path, origin), secure, options),
    options.loginPath !== undefined ? exchange(budget, new URL(options.loginPath, origin), secure, options) : undefined,
  ]);
  record.main = main;
  if (login && options.loginPath !== undefined) record.login = { path: options.loginPath, ...login };
  if (main.error && main.responses.length === 0) record.error = main.error;
  record.durationMs = Date.now() - started;
  return record;
}
