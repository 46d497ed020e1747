/**
 * RabbitMQ: /etc/rabbitmq/rabbitmq.conf and conf.d/*.conf (the sysctl-like `key = value`
 * format, files applied in order), rabbitmq-env.conf (NODE_IP_ADDRESS / NODE_PORT) and the
 * `loopback_users` term of a classic rabbitmq.config: the AMQP listeners with and without
 * TLS, and whether the built-in guest account may log in from other hosts.
 * Values of password keys are never kept.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import type { ParseError, SourceLine } from '../parsers/types.ts';
import { SECRET_NAME } from '../core/redact.ts';
import type { Listener } from './_listener.ts';

const DIR = '/etc/rabbitmq';
const MAIN = `${DIR}/rabbitmq.conf`;
const ENV = `${DIR}/rabbitmq-env.conf`;
const CLASSIC = `${DIR}/rabbitmq.config`;

export interface RabbitEntry {
  key: string;
  value: string;
  source: SourceLine;
}

export interface RabbitListener {
  address: string;
  port: number;
  tls: boolean;
  source: SourceLine | null;
}

export interface RabbitmqFacts {
  installed: boolean;
  files: string[];
  /** Effective `key = value` settings (password values replaced by a marker). */
  settings: Map<string, RabbitEntry>;
  /** AMQP listeners: the default 0.0.0.0/:: 5672 when none is configured. */
  listeners: RabbitListener[];
  /** The line that lets guest log in from any host, or null. */
  guestRemote: SourceLine | null;
  /** The account created on first start ("guest" unless default_user is set). */
  defaultUser: { value: string; source: SourceLine | null };
  listens: Listener[];
}

/** Parses rabbitmq.conf (cuttlefish): `key = value` per line, `#` comments. */
export function parseRabbitmqConf(text: string, file: string): { entries: RabbitEntry[]; errors: ParseError[] } {
  const entries: RabbitEntry[] = [];
  const errors: ParseError[] = [];
  text.split('\n').forEach((raw, i) => {
    const lineText = raw.replace(/\r$/, '');
    const t = lineText.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^([A-Za-z0-9_.$-]+)\s*=\s*(.*)$/.exec(t);
    if (!m) {
      errors.push({ file, line: i + 1, message: `expected "key = value": ${t.slice(0, 40)}` });
      return;
    }
    const key = m[1]!;
    const secret = SECRET_NAME.test(key);
    const value = secret ? '<redacted>' : m[2]!.replace(/\s+#.*$/, '').trim();
    const text = secret ? lineText.replace(/=.*$/, '= <redacted>') : lineText;
    entries.push({ key, value, source: { file, line: i + 1, text } });
  });
  return { entries, errors };
}

/** "5672", "127.0.0.1:5672", "::1:5672", "[::1]:5672" -> address and port. */
export function parseListenerValue(v: string): { address: string; port: number } | null {
  if (/^\d+$/.test(v)) return { address: '*', port: Number(v) };
  const br = /^\[([^\]]+)\]:(\d+)$/.exec(v);
  if (br) return { address: br[1]!, port: Number(br[2]) };
  const m = /^(.*):(\d+)$/.exec(v);
  if (m) return { address: m[1]!, port: Number(m[2]) };
  return null;
}

function listenersOf(settings: Map<string, RabbitEntry>, prefix: 'listeners.tcp' | 'listeners.ssl', tls: boolean): RabbitListener[] | null {
  const none = settings.get(prefix);
  if (none && none.value === 'none') return [];
  const found = [...settings.values()].filter((e) => e.key.startsWith(`${prefix}.`));
  if (found.length === 0) return null;
  const out: RabbitListener[] = [];
  for (const e of found) {
    const l = parseListenerValue(e.value);
    if (l) out.push({ ...l, tls, source: e.source });
  }
  return out;
}

async function readEnv(ctx: FactContext): Promise<{ address?: { value: string; source: SourceLine }; port?: number }> {
  const res = await ctx.target.readFile(ENV);
  if (!res.ok) return {};
  const out: { address?: { value: string; source: SourceLine }; port?: number } = {};
  res.text.split('\n').forEach((raw, i) => {
    const m = /^\s*(?:RABBITMQ_)?(NODE_IP_ADDRESS|NODE_PORT)\s*=\s*["']?([^"'\s#]*)/.exec(raw);
    if (!m || m[2] === '') return;
    if (m[1] === 'NODE_IP_ADDRESS') out.address = { value: m[2]!, source: { file: ENV, line: i + 1, text: raw } };
    else if (/^\d+$/.test(m[2]!)) out.port = Number(m[2]);
  });
  return out;
}

export default defineFact<'rabbitmq', RabbitmqFacts>({
  name: 'rabbitmq',
  description: 'RabbitMQ AMQP listeners (plain and TLS) and remote access of the guest account',
  async collect(ctx) {
    const files = [MAIN, ...(await ctx.target.glob(`${DIR}/conf.d/*.conf`))];
    const settings = new Map<string, RabbitEntry>();
    const read: string[] = [];
    for (const f of files) {
      const res = await ctx.target.readFile(f);
      if (!res.ok) continue;
      read.push(f);
      const parsed = parseRabbitmqConf(res.text, f);
      ctx.parseErrors(parsed.errors);
      for (const e of parsed.entries) settings.set(e.key, e);
    }
    const classic = await ctx.target.readFile(CLASSIC);
    const env = await readEnv(ctx);
    const installed = read.length > 0 || classic.ok || env.address !== undefined || (await ctx.target.stat(DIR)).ok;
    if (!installed) {
      return { installed: false, files: [], settings, listeners: [], guestRemote: null, defaultUser: { value: 'guest', source: null }, listens: [] };
    }
    if (classic.ok) read.push(CLASSIC);

    let guestRemote: SourceLine | null = null;
    const lu = settings.get('loopback_users');
    const lug = settings.get('loopback_users.guest');
    if (lu?.value === 'none') guestRemote = lu.source;
    if (lug && /^(false|off|no)$/i.test(lug.value)) guestRemote = lug.source;
    if (lug && /^(true|on|yes)$/i.test(lug.value)) guestRemote = null;
    if (classic.ok) {
      const lines = classic.text.split('\n');
      const idx = lines.findIndex((l) => /\{\s*loopback_users\s*,\s*\[\s*\]\s*\}/.test(l) && !/^\s*%/.test(l));
      if (idx >= 0) guestRemote = { file: CLASSIC, line: idx + 1, text: lines[idx]! };
    }
    const du = settings.get('default_user');
    const defaultUser = du ? { value: du.value, source: du.source } : { value: 'guest', source: null };

    const tcp = listenersOf(settings, 'listeners.tcp', false) ?? [
      { address: env.address?.value ?? '*', port: env.port ?? 5672, tls: false, source: env.address?.source ?? null },
    ];
    const ssl = listenersOf(settings, 'listeners.ssl', true) ?? [];
    const listeners = [...tcp, ...ssl];
    const listens: Listener[] = listeners.map((l) => ({
      service: 'rabbitmq',
      protocol: 'tcp',
      address: l.address === '*' ? '*' : l.address,
      port: l.port,
      origin: 'config',
      ...(l.source ? { source: l.source } : {}),
    }));
    return { installed: true, files: read, settings, listeners, guestRemote, defaultUser, listens };
  },
});
