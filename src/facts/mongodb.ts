/**
 * MongoDB: /etc/mongod.conf (YAML; the line of every value kept) or the legacy
 * `key = value` file /etc/mongodb.conf: where mongod listens (net.bindIp, net.bindIpAll,
 * net.port) and whether clients must authenticate (security.authorization).
 * Defaults are mongod's since 3.6: localhost only, port 27017, authorization disabled.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import type { ParseError, SourceLine } from '../parsers/types.ts';
import type { Listener } from './_listener.ts';

const CONFIG_FILES = ['/etc/mongod.conf', '/etc/mongodb.conf'];

export interface MongoValue {
  value: string;
  source: SourceLine | null;
}

export interface MongodbFacts {
  installed: boolean;
  configFile: string | null;
  format: 'yaml' | 'legacy' | null;
  /** Comma-separated addresses as written, or "127.0.0.1" by default. */
  bindIp: MongoValue;
  /** net.bindIpAll: true (or legacy bind_ip_all). */
  bindIpAll: MongoValue;
  port: MongoValue;
  /** "enabled" / "disabled" (legacy `auth = true` becomes "enabled"). */
  authorization: MongoValue;
  /** security.keyFile: internal authentication, which also enforces access control. */
  keyFile: MongoValue;
  /** security.clusterAuthMode (x509 also enforces access control). */
  clusterAuthMode: MongoValue;
  /** security.transitionToAuth: true lets unauthenticated clients in despite the above. */
  transitionToAuth: MongoValue;
  /** Clients must authenticate: authorization enabled, or enforced by keyFile / x509 cluster auth. */
  accessControl: boolean;
  listens: Listener[];
}

interface Parsed {
  format: 'yaml' | 'legacy';
  get(path: string[]): MongoValue | null;
  errors: ParseError[];
}

/** Reads the legacy `key = value` format (mongodb < 2.6). */
export function parseLegacyMongoConf(text: string, file: string): Parsed {
  const values = new Map<string, MongoValue>();
  const errors: ParseError[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.replace(/\r$/, '').trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^([A-Za-z_][\w.]*)\s*=\s*(.*)$/.exec(t);
    if (!m) {
      errors.push({ file, line: i + 1, message: `expected "name = value": ${t.slice(0, 40)}` });
      return;
    }
    values.set(m[1]!.toLowerCase(), { value: m[2]!.trim(), source: { file, line: i + 1, text: raw.replace(/\r$/, '') } });
  });
  const legacyName: Record<string, string> = {
    'net.bindIp': 'bind_ip',
    'net.bindIpAll': 'bind_ip_all',
    'net.port': 'port',
    'security.authorization': 'auth',
    'security.keyFile': 'keyfile',
  };
  return {
    format: 'legacy',
    errors,
    get(path) {
      const v = values.get(legacyName[path.join('.')] ?? '');
      if (!v) return null;
      if (path.join('.') === 'security.authorization') return { ...v, value: /^(true|1|yes)$/i.test(v.value) ? 'enabled' : 'disabled' };
      return v;
    },
  };
}

/** Reads the YAML format, keeping the line of each scalar. */
export function parseYamlMongoConf(text: string, file: string): Parsed | null {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  if (doc.contents !== null && !isMap(doc.contents)) return null;
  const lines = text.split('\n');
  const errors: ParseError[] = doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? 1, message: e.message.split('\n')[0]! }));
  return {
    format: 'yaml',
    errors,
    get(path) {
      const node = doc.getIn(path, true);
      if (!isScalar(node) || node.value === null || node.value === undefined) return null;
      const line = node.range ? lc.linePos(node.range[0]).line : 1;
      return { value: String(node.value), source: { file, line, text: (lines[line - 1] ?? '').replace(/\r$/, '') } };
    },
  };
}

function listenersOf(bindIp: MongoValue, bindIpAll: MongoValue, port: number): Listener[] {
  const base = { service: 'mongodb', protocol: 'tcp' as const, port, origin: 'config' as const };
  if (/^(true|1)$/i.test(bindIpAll.value)) return [{ ...base, address: '*', ...(bindIpAll.source ? { source: bindIpAll.source } : {}) }];
  return bindIp.value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('/'))
    .map((a) => ({ ...base, address: a === 'localhost' ? '127.0.0.1' : a, ...(bindIp.source ? { source: bindIp.source } : {}) }));
}

async function readConfig(ctx: FactContext): Promise<{ file: string; parsed: Parsed } | null> {
  for (const file of CONFIG_FILES) {
    const res = await ctx.target.readFile(file);
    if (!res.ok) continue;
    const looksLegacy = /^\s*[A-Za-z_][\w.]*\s*=/m.test(res.text) && !/^\s*[A-Za-z_]\w*\s*:/m.test(res.text);
    const parsed = (looksLegacy ? null : parseYamlMongoConf(res.text, file)) ?? parseLegacyMongoConf(res.text, file);
    return { file, parsed };
  }
  return null;
}

export default defineFact<'mongodb', MongodbFacts>({
  name: 'mongodb',
  description: 'MongoDB (mongod) network binding and authorization settings',
  async collect(ctx) {
    const found = await readConfig(ctx);
    const dflt = (value: string): MongoValue => ({ value, source: null });
    if (!found) {
      return {
        installed: false,
        configFile: null,
        format: null,
        bindIp: dflt('127.0.0.1'),
        bindIpAll: dflt('false'),
        port: dflt('27017'),
        authorization: dflt('disabled'),
        keyFile: dflt(''),
        clusterAuthMode: dflt('keyFile'),
        transitionToAuth: dflt('false'),
        accessControl: false,
        listens: [],
      };
    }
    const { file, parsed } = found;
    ctx.parseErrors(parsed.errors);
    const bindIp = parsed.get(['net', 'bindIp']) ?? dflt('127.0.0.1');
    const bindIpAll = parsed.get(['net', 'bindIpAll']) ?? dflt('false');
    const port = parsed.get(['net', 'port']) ?? dflt('27017');
    const authorization = parsed.get(['security', 'authorization']) ?? dflt('disabled');
    const keyFile = parsed.get(['security', 'keyFile']) ?? dflt('');
    const clusterAuthMode = parsed.get(['security', 'clusterAuthMode']) ?? dflt('keyFile');
    const transitionToAuth = parsed.get(['security', 'transitionToAuth']) ?? dflt('false');
    const enforced = authorization.value.toLowerCase() === 'enabled' || keyFile.value !== '' || /^(x509|sendX509)$/i.test(clusterAuthMode.value);
    const accessControl = enforced && !/^(true|1)$/i.test(transitionToAuth.value);
    const portNum = Number.parseInt(port.value, 10);
    return {
      installed: true,
      configFile: file,
      format: parsed.format,
      bindIp,
      bindIpAll,
      port,
      authorization,
      keyFile,
      clusterAuthMode,
      transitionToAuth,
      accessControl,
      listens: listenersOf(bindIp, bindIpAll, Number.isFinite(portNum) ? portNum : 27017),
    };
  },
});
