/**
 * Reads each firewall tool's configuration through the Target (the only I/O of the
 * firewall module) and hands parsed models to the pure converters: iptables-persistent
 * and iptables-services files, nftables.conf with its includes, ufw's settings and rules
 * files, firewalld's zones and services.
 */
import type { Target } from '../target/target.ts';
import type { ParseError, SourceLine } from '../parsers/types.ts';
import { parseIptablesSave, type IptablesRuleset } from '../parsers/iptables/iptables.ts';
import { listNftIncludes, parseNftables, type IncludedFile } from '../parsers/nftables/nftables.ts';
import type { NftRuleset } from '../parsers/nftables/model.ts';
import { parseShellAssignments, type AssignmentsFile } from '../parsers/ufw/ufw.ts';
import { parseFirewalldService, parseFirewalldZone, type FirewalldService, type FirewalldZone } from '../parsers/firewalld/firewalld.ts';
import { hasGlobMagic } from '../target/glob.ts';
import type { FirewalldConfig } from './from-firewalld.ts';
import type { UfwInput, UfwRulesFiles } from './ufw.ts';
import { UFW_CONF, UFW_DEFAULTS } from './ufw.ts';

export interface Reader {
  target: Target;
  errors: ParseError[];
  /** Files that could not be read for another reason than their absence. */
  unreadable: { path: string; message: string }[];
}

/** The file's text, null when absent (or not a regular file). */
export async function readText(r: Reader, path: string): Promise<string | null> {
  const res = await r.target.readFile(path);
  if (res.ok) return res.text;
  if (res.error.code !== 'ENOENT' && res.error.code !== 'ENOTDIR') r.unreadable.push({ path, message: res.error.message });
  return null;
}

/** An iptables-restore file, parsed; null when absent. */
export async function readIptablesFile(r: Reader, path: string): Promise<IptablesRuleset | null> {
  const text = await readText(r, path);
  if (text === null) return null;
  const p = parseIptablesSave(text, path);
  r.errors.push(...p.errors);
  return p.model;
}

const MAX_NFT_FILES = 256;

/** nftables.conf and every file it includes; `missing` names includes nft would refuse. */
export async function readNftConfig(r: Reader, path: string): Promise<{ ruleset: NftRuleset; files: string[]; missing: string[] } | null> {
  const text = await readText(r, path);
  if (text === null) return null;
  const texts = new Map<string, string>([[path, text]]);
  const resolved = new Map<string, string[] | null>();
  const candidates = (pattern: string, from: string): string[] => {
    if (pattern.startsWith('/')) return [pattern];
    if (pattern.startsWith('./')) return [`/${pattern.slice(2)}`];
    // nft searches its include path (/etc); the including file's directory is a fallback.
    const dir = from.slice(0, from.lastIndexOf('/')) || '/';
    return dir === '/etc' ? [`/etc/${pattern}`] : [`/etc/${pattern}`, `${dir}/${pattern}`];
  };
  const queue = [path];
  while (queue.length > 0 && texts.size < MAX_NFT_FILES) {
    const file = queue.shift()!;
    for (const pattern of listNftIncludes(texts.get(file) ?? '', file)) {
      const key = `${file}\u0000${pattern}`;
      if (resolved.has(key)) continue;
      let found: string[] | null = null;
      for (const c of candidates(pattern, file)) {
        if (hasGlobMagic(c)) {
          const matches = await r.target.glob(c);
          if (matches.length === 0) continue;
          found = matches;
          break;
        }
        const t = texts.has(c) ? texts.get(c)! : await readText(r, c);
        if (t !== null) {
          texts.set(c, t);
          found = [c];
          break;
        }
      }
      if (found === null && hasGlobMagic(pattern)) found = [];
      resolved.set(key, found);
      for (const f of found ?? []) {
        if (texts.has(f)) continue;
        const t = await readText(r, f);
        if (t !== null) {
          texts.set(f, t);
          queue.push(f);
        }
      }
    }
  }
  const missing: string[] = [];
  const parsed = parseNftables(text, path, {
    resolveInclude: (pattern, from) => {
      const files = resolved.get(`${from}\u0000${pattern}`);
      if (files === undefined) return [];
      if (files === null) {
        missing.push(pattern);
        return null;
      }
      return files.filter((f) => texts.has(f)).map((f): IncludedFile => ({ file: f, text: texts.get(f)! }));
    },
  });
  r.errors.push(...parsed.errors);
  return { ruleset: parsed.model, files: [...texts.keys()], missing };
}

async function readAssignments(r: Reader, path: string): Promise<AssignmentsFile | null> {
  const text = await readText(r, path);
  if (text === null) return null;
  const p = parseShellAssignments(text, path);
  r.errors.push(...p.errors);
  return p.model;
}

/** ufw's settings and rules files; null when ufw is not installed (no ufw.conf). */
export async function readUfw(r: Reader): Promise<{ input: UfwInput; files: string[] } | null> {
  const conf = await readAssignments(r, UFW_CONF);
  if (!conf) return null;
  const defaults = await readAssignments(r, UFW_DEFAULTS);
  const files = [UFW_CONF, ...(defaults ? [UFW_DEFAULTS] : [])];
  const family = async (suffix: string): Promise<UfwRulesFiles> => {
    const one = async (name: string) => {
      const path = `/etc/ufw/${name}${suffix}.rules`;
      const rs = await readIptablesFile(r, path);
      if (rs) files.push(path);
      return rs;
    };
    return { before: await one('before'), user: await one('user'), after: await one('after') };
  };
  return { input: { conf, defaults, ipv4: await family(''), ipv6: await family('6') }, files };
}

export const FIREWALLD_CONF = '/etc/firewalld/firewalld.conf';
const FIREWALLD_DIRS = ['/usr/lib/firewalld', '/etc/firewalld'];

/** firewalld's permanent configuration; null when firewalld is not installed. */
export async function readFirewalld(r: Reader): Promise<{ config: FirewalldConfig; files: string[] } | null> {
  const conf = await readAssignments(r, FIREWALLD_CONF);
  const zones = new Map<string, FirewalldZone>();
  const files: string[] = conf ? [FIREWALLD_CONF] : [];
  for (const dir of FIREWALLD_DIRS) {
    const paths = await r.target.glob(`${dir}/zones/*.xml`);
    const reads = await r.target.readFiles(paths);
    for (const res of reads) {
      if (!res.ok) continue;
      const p = parseFirewalldZone(res.text, res.path);
      r.errors.push(...p.errors);
      zones.set(res.path.slice(res.path.lastIndexOf('/') + 1, -4), p.model);
      files.push(res.path);
    }
  }
  if (!conf && zones.size === 0) return null;
  const services = new Map<string, FirewalldService>();
  const wanted = new Set<string>();
  for (const z of zones.values()) {
    for (const s of z.services) wanted.add(s.name);
    for (const rr of z.rules) if (rr.element?.kind === 'service') wanted.add(rr.element.name);
  }
  const pending = [...wanted];
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (services.has(name) || !/^[\w.+-]+$/.test(name)) continue;
    // /etc overrides /usr/lib: read /etc first.
    for (const dir of [...FIREWALLD_DIRS].reverse()) {
      const text = await readText(r, `${dir}/services/${name}.xml`);
      if (text === null) continue;
      const p = parseFirewalldService(text, `${dir}/services/${name}.xml`);
      r.errors.push(...p.errors);
      services.set(name, p.model);
      files.push(p.model.file);
      pending.push(...p.model.includes);
      break;
    }
  }
  const dz = conf?.values.get('DefaultZone');
  const config: FirewalldConfig = { defaultZone: dz?.value || 'public', zones, services };
  if (dz) config.defaultZoneSource = dz.source;
  return { config, files };
}

/** A SourceLine naming a whole file (for settings that are absent, not written on a line). */
export function fileLine(path: string, text = ''): SourceLine {
  return { file: path, line: 0, text };
}
