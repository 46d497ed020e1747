/**
 * The JSON form of a live ruleset, `nft -j list ruleset` (libnftables-json(5)):
 * `{"nftables": [{"metainfo": ...}, {"table": ...}, {"chain": ...}, {"rule": {"expr": [...]}}, {"set": ...}, ...]}`.
 *
 * The output is one line, so each object's position in the array (1-based) stands for its
 * line number and the rule is rendered back to nft syntax as the quoted text. Expressions
 * map onto the same model as the script parser produces; `xt` expressions (iptables-nft
 * matches nft cannot show) become unknown statements.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { NFT_FAMILIES, renderStatement, type NftChain, type NftFamily, type NftOp, type NftRuleset, type NftSet, type NftStatement, type NftTable, type NftValue, type NftVerdict } from './model.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The selector words of a JSON expression ("ip saddr", "meta l4proto", "ct state"). */
export function jsonSelector(e: Json | undefined): string {
  if (!isObj(e)) return str(e) ?? 'expression';
  const [key, body] = Object.entries(e)[0] ?? ['?', null];
  if (key === 'payload' && isObj(body)) {
    if (body.protocol !== undefined) return `${str(body.protocol)} ${str(body.field)}`;
    return `payload ${str(body.base)} ${str(body.offset)} ${str(body.len)}`;
  }
  if (key === 'meta' && isObj(body)) return `meta ${str(body.key)}`;
  if (key === 'ct' && isObj(body)) return `ct ${body.dir !== undefined ? `${str(body.dir)} ` : ''}${str(body.key)}`;
  if (key === 'fib' && isObj(body)) {
    const flags = Array.isArray(body.flags) ? body.flags.map((f) => str(f)).join(' . ') : str(body.flags);
    return `fib ${flags} ${str(body.result)}`;
  }
  if (key === 'concat' && Array.isArray(body)) return body.map(jsonSelector).join(' . ');
  if (['&', '|', '^', '<<', '>>'].includes(key) && Array.isArray(body)) return `${jsonSelector(body[0])} ${key} ${body.slice(1).map((b) => jsonValues(b).map((v) => (v.kind === 'setref' ? `@${v.name}` : v.text)).join(',')).join(' ')}`;
  return `${key} ${JSON.stringify(body)}`;
}

/** The alternatives a JSON right-hand side stands for. */
export function jsonValues(e: Json | undefined): NftValue[] {
  if (typeof e === 'string') return [e.startsWith('@') ? { kind: 'setref', name: e.slice(1) } : { kind: 'literal', text: e }];
  if (typeof e === 'number') return [{ kind: 'literal', text: String(e) }];
  if (typeof e === 'boolean') return [{ kind: 'literal', text: e ? 'exists' : 'missing' }];
  if (Array.isArray(e)) return e.flatMap(jsonValues);
  if (!isObj(e)) return [{ kind: 'other', text: 'null' }];
  if (isObj(e.prefix)) return [{ kind: 'literal', text: `${str(e.prefix.addr)}/${str(e.prefix.len)}` }];
  if (Array.isArray(e.range) && e.range.length === 2) return [{ kind: 'literal', text: `${jsonValues(e.range[0]).map(textOf).join()}-${jsonValues(e.range[1]).map(textOf).join()}` }];
  if (Array.isArray(e.set)) return e.set.flatMap(jsonValues);
  if (e.set !== undefined) return jsonValues(e.set);
  if (isObj(e.elem)) return jsonValues(e.elem.val);
  return [{ kind: 'other', text: JSON.stringify(e) }];
}

const textOf = (v: NftValue) => (v.kind === 'setref' ? `@${v.name}` : v.text);

function jsonVerdict(e: Json | undefined): NftVerdict | null {
  if (!isObj(e)) return null;
  const [key, body] = Object.entries(e)[0] ?? ['', null];
  switch (key) {
    case 'accept':
    case 'drop':
    case 'reject':
    case 'return':
    case 'continue':
    case 'queue':
      return { kind: key };
    case 'jump':
    case 'goto': {
      const target = isObj(body) ? str(body.target) : undefined;
      return target ? { kind: key, chain: target } : null;
    }
    default:
      return null;
  }
}

const OPS: Record<string, NftOp> = { '==': '==', in: '==', '!=': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };

function jsonStatement(e: Json): NftStatement {
  const v = jsonVerdict(e);
  if (v) return { kind: 'verdict', verdict: v };
  if (!isObj(e)) return { kind: 'unknown', text: JSON.stringify(e) };
  const [key, body] = Object.entries(e)[0] ?? ['', null];
  switch (key) {
    case 'match': {
      if (!isObj(body)) return { kind: 'unknown', text: 'match' };
      const op = OPS[str(body.op) ?? '=='];
      if (!op) return { kind: 'unknown', text: `${jsonSelector(body.left)} ${str(body.op)} ...` };
      return { kind: 'match', left: jsonSelector(body.left), op, right: jsonValues(body.right) };
    }
    case 'vmap': {
      if (!isObj(body)) return { kind: 'unknown', text: 'vmap' };
      const left = jsonSelector(body.key);
      const data = body.data;
      if (typeof data === 'string' && data.startsWith('@')) return { kind: 'vmap', left, entries: [], mapRef: data.slice(1) };
      const items = isObj(data) && Array.isArray(data.set) ? data.set : [];
      const entries: { keys: NftValue[]; verdict: NftVerdict }[] = [];
      for (const it of items) {
        if (!Array.isArray(it) || it.length !== 2) continue;
        const verdict = jsonVerdict(it[1]);
        if (verdict) entries.push({ keys: jsonValues(it[0]), verdict });
      }
      return { kind: 'vmap', left, entries };
    }
    case 'limit':
    case 'quota':
    case 'meter':
    case 'ct count':
      return { kind: 'rate', text: key };
    case 'xt': {
      const name = isObj(body) ? str(body.name) : undefined;
      const type = isObj(body) ? str(body.type) : undefined;
      if (type === 'target') return { kind: 'effect', text: `xt target ${name ?? '?'}` };
      return { kind: 'unknown', text: `xt ${type ?? 'match'} ${name ?? '?'}` };
    }
    case 'counter':
    case 'log':
    case 'mangle':
    case 'notrack':
    case 'ct helper':
    case 'ct timeout':
    case 'ct expectation':
    case 'snat':
    case 'dnat':
    case 'masquerade':
    case 'redirect':
    case 'tproxy':
    case 'dup':
    case 'fwd':
    case 'synproxy':
    case 'flow':
    case 'set':
    case 'map':
    case 'secmark':
    case 'last':
      return { kind: 'effect', text: key };
    default:
      return { kind: 'unknown', text: key };
  }
}

/** Parses the JSON a live `nft -j list ruleset` prints. Never throws. */
export function parseNftJson(text: string, file: string): ParseResult<NftRuleset> {
  const errors: ParseError[] = [];
  const tables: NftTable[] = [];
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    errors.push({ file, line: 1, message: `not JSON: ${e instanceof Error ? e.message : String(e)}` });
    return { model: { tables }, errors };
  }
  const list = isObj(doc) && Array.isArray(doc.nftables) ? doc.nftables : null;
  if (!list) {
    errors.push({ file, line: 1, message: 'expected {"nftables": [...]}' });
    return { model: { tables }, errors };
  }
  const famOf = (v: Json | undefined): NftFamily | null => {
    const f = str(v);
    return f && (NFT_FAMILIES as readonly string[]).includes(f) ? (f as NftFamily) : null;
  };
  const tableOf = (o: Obj, line: number): NftTable | null => {
    const family = famOf(o.family);
    const name = str(o.table);
    const t = tables.find((x) => x.family === family && x.name === name);
    if (!t) errors.push({ file, line, message: `object refers to unknown table ${str(o.family) ?? '?'} ${name ?? '?'}` });
    return t ?? null;
  };
  list.forEach((item, idx) => {
    const line = idx + 1;
    if (!isObj(item)) {
      errors.push({ file, line, message: 'expected an object' });
      return;
    }
    const [kind, body] = Object.entries(item)[0] ?? ['', null];
    if (kind === 'metainfo') return;
    if (!isObj(body)) {
      errors.push({ file, line, message: `${kind}: expected an object` });
      return;
    }
    const at = (text: string): SourceLine => ({ file, line, text });
    switch (kind) {
      case 'table': {
        const family = famOf(body.family);
        const name = str(body.name);
        if (!family || !name) {
          errors.push({ file, line, message: 'table without family or name' });
          return;
        }
        const flags = Array.isArray(body.flags) ? body.flags : body.flags !== undefined ? [body.flags] : [];
        tables.push({ family, name, source: at(`table ${family} ${name}`), dormant: flags.includes('dormant'), chains: [], sets: [] });
        return;
      }
      case 'chain': {
        const t = tableOf(body, line);
        const name = str(body.name);
        if (!t || !name) return;
        const chain: NftChain = { name, source: at(`chain ${t.family} ${t.name} ${name}`), rules: [] };
        if (body.hook !== undefined) {
          const policy = str(body.policy) === 'drop' ? 'drop' : 'accept';
          const prio = typeof body.prio === 'number' ? body.prio : Number(str(body.prio) ?? 0);
          const text = `chain ${t.family} ${t.name} ${name} { type ${str(body.type) ?? 'filter'} hook ${str(body.hook)} priority ${prio}; policy ${policy}; }`;
          chain.source = at(text);
          chain.base = { type: str(body.type) ?? 'filter', hook: str(body.hook) ?? '', priority: Number.isFinite(prio) ? prio : 0, policy, policySource: at(text) };
          const dev = str(body.dev);
          if (dev) chain.base.device = dev;
        }
        t.chains.push(chain);
        return;
      }
      case 'rule': {
        const t = tableOf(body, line);
        if (!t) return;
        const chain = t.chains.find((c) => c.name === str(body.chain));
        if (!chain) {
          errors.push({ file, line, message: `rule refers to unknown chain ${str(body.chain) ?? '?'}` });
          return;
        }
        const statements = (Array.isArray(body.expr) ? body.expr : []).map(jsonStatement);
        const comment = str(body.comment);
        const text = `${statements.map(renderStatement).join(' ')}${comment ? ` comment "${comment}"` : ''}`;
        chain.rules.push({ source: at(text), statements });
        return;
      }
      case 'set':
      case 'map': {
        const t = tableOf(body, line);
        const name = str(body.name);
        if (!t || !name) return;
        const flags = Array.isArray(body.flags) ? body.flags.map((f) => str(f) ?? '') : body.flags !== undefined ? [str(body.flags) ?? ''] : [];
        const set: NftSet = { name, source: at(`${kind} ${t.family} ${t.name} ${name}`), isMap: kind === 'map', flags, elements: [], mapEntries: [] };
        const type = Array.isArray(body.type) ? body.type.map((x) => str(x)).join(' . ') : str(body.type);
        if (type) set.type = type;
        const elems = Array.isArray(body.elem) ? body.elem : [];
        for (const el of elems) {
          if (kind === 'map' && Array.isArray(el) && el.length === 2) {
            const verdict = jsonVerdict(el[1]);
            if (verdict) set.mapEntries.push({ keys: jsonValues(el[0]), verdict });
          } else set.elements.push(...jsonValues(el));
        }
        t.sets.push(set);
        return;
      }
      default:
        return; // flowtables, counters, quotas, ct helpers: no effect on which packets pass
    }
  });
  return { model: { tables }, errors };
}
