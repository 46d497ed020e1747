/**
 * How one directive changes sshd's options, per keyword kind, as servconf.c
 * `process_server_config_line_depth` does it: checking the value, then first occurrence
 * wins, or the last, or the values accumulate. An `OptionState` is what sshd calls
 * `ServerOptions` before its compiled-in defaults are filled in.
 */
import type { SourceLine } from '../types.ts';
import { checkAlgorithmSpec } from './algorithms.ts';
import type { KeywordSpec } from './keywords.ts';
import { parsePort } from './match.ts';
import { convtime, parseInteger, parseState } from './values.ts';

/** One option's value as set by the configuration. */
export interface OptionValue {
  /** Normalised the way `sshd -T` prints it (algorithm lists: as configured, expanded later). */
  value: string;
  /** The words: for lists every collected item, otherwise the value's words. */
  values: string[];
  /** The line that decided the value (the first line for accumulated lists). */
  source: SourceLine;
  /** Every line that contributed (accumulated lists), in order. */
  sources: SourceLine[];
  /** The words as written on the deciding line. */
  args: string[];
}

/** A ListenAddress as written: host and port (0: every Port). */
export interface ListenSpec {
  host: string;
  port: number;
  source: SourceLine;
}

/** Option values by canonical keyword, plus the queued listen addresses. */
export class OptionState {
  readonly values = new Map<string, OptionValue>();
  readonly listens: ListenSpec[] = [];
}

/** The directive as `apply` needs it. */
export interface DirectiveInput {
  spec: KeywordSpec;
  args: string[];
  rest: string;
  source: SourceLine;
}

/** Word counts beyond which sshd complains of "extra arguments at end of line". */
const MAX_ARGS: Partial<Record<string, number>> = { ipqos: 2, rekeylimit: 2, listenaddress: 3 };
const SINGLE: ReadonlySet<KeywordSpec['kind']> = new Set(['flag', 'multistate', 'int', 'time', 'string', 'path', 'last', 'algorithms', 'port', 'hostkey']);
const MANY = new Set(['pubkeyauthoptions']);

/** Options that `sshd` clears when set to "none" (any case), printing "none". */
const CLEARED_ON_NONE = new Set([
  'pidfile', 'xauthlocation', 'banner', 'trustedusercakeys', 'revokedkeys', 'securitykeyprovider',
  'authorizedprincipalsfile', 'forcecommand', 'chrootdirectory', 'hostkeyagent',
]);

const IPQOS = new Set([
  'af11', 'af12', 'af13', 'af21', 'af22', 'af23', 'af31', 'af32', 'af33', 'af41', 'af42', 'af43',
  'cs0', 'cs1', 'cs2', 'cs3', 'cs4', 'cs5', 'cs6', 'cs7', 'ef', 'le', 'lowdelay', 'throughput', 'reliability',
]);

/** derelativise_path as the daemon (cwd "/", running as root) sees it. */
function derelativise(path: string): string {
  if (path.toLowerCase() === 'none') return 'none';
  if (path === '~' || path.startsWith('~/')) return `/root${path.slice(1)}`;
  if (path.startsWith('/')) return path;
  return `/${path}`;
}

/** hpdelim + cleanhostname for ListenAddress: host and optional port. */
function splitHostPort(arg: string): { host: string; port: string | null } | null {
  if (!arg.includes('[') && (arg.match(/:/g) ?? []).length >= 2) return { host: arg, port: null };
  if (arg.startsWith('[')) {
    const close = arg.indexOf(']');
    if (close === -1) return null;
    const host = arg.slice(1, close);
    const after = arg.slice(close + 1);
    if (after === '') return { host, port: null };
    if (!after.startsWith(':') && !after.startsWith('/')) return null;
    return { host, port: after.slice(1) };
  }
  const sep = arg.search(/[:/]/);
  if (sep === -1) return { host: arg, port: null };
  return { host: arg.slice(0, sep), port: arg.slice(sep + 1) };
}

/** a2port with the one service name sshd configurations use. */
function portNumber(s: string): number | null {
  if (s === 'ssh') return 22;
  return parsePort(s);
}

type Reject = (message: string) => void;

/** The value a single-word directive sets, or null (and a complaint) when sshd refuses it. */
function scalarValue(d: DirectiveInput, arg: string, reject: Reject): string | null {
  const { spec } = d;
  switch (spec.kind) {
    case 'flag': {
      const v = parseState(arg, { yes: 'yes', no: 'no' });
      if (v === null) reject(`unsupported option "${arg}".`);
      return v;
    }
    case 'multistate': {
      const v = parseState(arg, spec.states ?? {}, spec.caseSensitive);
      if (v === null) reject(spec.caseSensitive ? `bad ${spec.name} argument ${arg}` : `unsupported option "${arg}".`);
      return v;
    }
    case 'int': {
      const v = parseInteger(arg);
      if (v === null) reject(`${spec.name} integer value invalid.`);
      return v === null ? null : String(v);
    }
    case 'time': {
      // UnusedConnectionTimeout 0 means none, and sshd -T prints it so.
      if (spec.name === 'unusedconnectiontimeout' && arg.toLowerCase() === 'none') return 'none';
      const v = convtime(arg);
      if (v === null) reject('invalid time value.');
      if (v === 0 && spec.name === 'unusedconnectiontimeout') return 'none';
      return v === null ? null : String(v);
    }
    case 'path':
      return CLEARED_ON_NONE.has(spec.name) && arg.toLowerCase() === 'none' ? 'none' : derelativise(arg);
    case 'string':
      if (CLEARED_ON_NONE.has(spec.name) && arg.toLowerCase() === 'none') return 'none';
      return arg;
    case 'algorithms': {
      const problem = checkAlgorithmSpec(spec.algorithms ?? 'cipher', arg);
      if (problem) reject(`Bad ${spec.name} value: ${problem}`);
      return problem ? null : arg;
    }
    default:
      return arg;
  }
}

/** Checks a "last occurrence wins" value; returns its normal form or null. */
function lastValue(name: string, args: string[], reject: Reject): string | null {
  const a = args[0] ?? '';
  switch (name) {
    case 'maxstartups':
      if (!/^\d+(:\d+:\d+)?$/.test(a)) {
        reject('Invalid maxstartups spec.');
        return null;
      }
      return a;
    case 'persourcemaxstartups':
      if (a !== 'none' && parseInteger(a) === null) {
        reject('persourcemaxstartups integer value invalid.');
        return null;
      }
      return a;
    case 'persourcenetblocksize':
      if (!/^\d+(:\d+)?$/.test(a)) {
        reject('Invalid persourcenetblocksize spec.');
        return null;
      }
      return a;
    case 'ipqos': {
      const ok = (w: string) => IPQOS.has(w.toLowerCase()) || /^(0x[0-9a-f]+|\d+)$/i.test(w);
      if (!args.every(ok)) {
        reject(`Bad ipqos value: ${args.find((w) => !ok(w))}`);
        return null;
      }
      const first = a.toLowerCase();
      return `${first} ${(args[1] ?? a).toLowerCase()}`;
    }
    case 'streamlocalbindmask':
      if (!/^[0-7]+$/.test(a) || parseInt(a, 8) > 0o777) {
        reject('Invalid streamlocalbindmask.');
        return null;
      }
      return `0${parseInt(a, 8).toString(8).padStart(3, '0')}`;
    case 'fingerprinthash': {
      const h = a.toLowerCase();
      if (h !== 'md5' && h !== 'sha256') {
        reject(`Invalid fingerprinthash algorithm "${a}".`);
        return null;
      }
      return h === 'md5' ? 'MD5' : 'SHA256';
    }
    default:
      return a;
  }
}

/**
 * Applies one directive to `state`. `active` says whether sshd acts on it (false inside a
 * Match block that does not apply): the value is checked either way, but only an active
 * line changes the state. Complaints go to `reject`.
 */
export function applyDirective(state: OptionState, d: DirectiveInput, active: boolean, reject: Reject): void {
  const { spec, args, source } = d;
  const name = spec.name;
  const max = MAX_ARGS[name] ?? (SINGLE.has(spec.kind) && !MANY.has(name) ? 1 : Infinity);
  if (args.length === 0 && (SINGLE.has(spec.kind) || spec.kind === 'listen' || spec.kind === 'subsystem')) {
    reject(`${name} missing argument.`);
    return;
  }
  if (args.length > max && !(spec.kind === 'listen')) {
    reject(`keyword ${d.spec.name} extra arguments at end of line`);
    return;
  }
  const put = (value: string, values: string[]) => {
    if (!state.values.has(name)) state.values.set(name, { value, values, source, sources: [source], args });
  };
  const append = (items: string[]) => {
    const cur = state.values.get(name);
    if (cur) {
      cur.values.push(...items);
      cur.value = cur.values.join(' ');
      cur.sources.push(source);
    } else state.values.set(name, { value: items.join(' '), values: [...items], source, sources: [source], args });
  };

  switch (spec.kind) {
    case 'flag':
    case 'multistate':
    case 'int':
    case 'time':
    case 'path':
    case 'string':
    case 'algorithms': {
      const v = scalarValue(d, args[0]!, reject);
      if (v !== null && active) put(v, [v]);
      return;
    }
    case 'rest': {
      const text = name === 'versionaddendum' ? d.rest.replace(/#.*$/, '').trimEnd() : d.rest;
      if ((name === 'authorizedkeyscommand' || name === 'authorizedprincipalscommand') && !text.startsWith('/') && text.toLowerCase() !== 'none') {
        reject(`${name} must be an absolute path`);
        return;
      }
      const v = CLEARED_ON_NONE.has(name) && text.toLowerCase() === 'none' ? 'none' : text;
      // sshd's own quirk: AuthorizedPrincipalsCommand is only taken while no
      // AuthorizedKeysCommand has been set (both test the keys command).
      if (name === 'authorizedprincipalscommand' && state.values.has('authorizedkeyscommand')) return;
      if (active) put(v, [v]);
      return;
    }
    case 'append':
      if (args.some((a) => a === '')) {
        reject(`empty ${name} pattern`);
        return;
      }
      if (name === 'acceptenv' && args.some((a) => a.includes('='))) {
        reject('Invalid environment name.');
        return;
      }
      if (active) append(name === 'hostcertificate' ? args.map(derelativise) : args);
      return;
    case 'firstLine':
      if (name === 'setenv' && args.some((a) => !a.includes('='))) {
        reject('Invalid environment.');
        return;
      }
      if (active) put(args.join(' '), [...args]);
      return;
    case 'last': {
      const v = lastValue(name, args, reject);
      if (v === null || !active) return;
      const prev = state.values.get(name);
      const value = name === 'maxstartups' ? composeMaxStartups(prev?.value, v) : v;
      state.values.set(name, { value, values: [value], source, sources: [...(prev?.sources ?? []), source], args });
      return;
    }
    case 'port': {
      const p = portNumber(args[0]!);
      if (p === null) {
        reject('Badly formatted port number.');
        return;
      }
      if (active) append([String(p)]);
      return;
    }
    case 'hostkey':
      if (active) append([derelativise(args[0]!)]);
      return;
    case 'listen': {
      const hp = splitHostPort(args[0]!);
      if (!hp) {
        reject('bad address:port usage');
        return;
      }
      let port = 0;
      if (hp.port !== null) {
        const p = portNumber(hp.port);
        if (p === null) {
          reject('bad port number');
          return;
        }
        port = p;
      }
      if (args.length > 1) {
        reject(args[1] === 'rdomain' && args.length === 3 ? 'bad routing domain' : 'bad ListenAddress syntax');
        return;
      }
      if (active) {
        state.listens.push({ host: hp.host, port, source });
        append([args[0]!]);
      }
      return;
    }
    case 'subsystem': {
      if (args.length < 2) {
        reject('Missing subsystem command.');
        return;
      }
      if (!active) return;
      const cur = state.values.get(name);
      if (cur?.values.some((s) => s.split(' ')[0] === args[0])) {
        reject(`Subsystem '${args[0]}' already defined.`);
        return;
      }
      append([args.join(' ')]);
      return;
    }
    case 'rejected':
      reject(`setting ${spec.name} is not supported on this platform (${spec.note ?? 'rejected'})`);
      return;
    case 'ignored':
    case 'include':
    case 'match':
      return;
  }
}

/** MaxStartups "start:rate:full" or "n": sshd keeps the rate of an earlier line when only n is given. */
function composeMaxStartups(previous: string | undefined, next: string): string {
  const parts = next.split(':');
  if (parts.length === 3) return next;
  const rate = previous?.split(':')[1] ?? '30';
  return `${parts[0]}:${rate}:${parts[0]}`;
}
