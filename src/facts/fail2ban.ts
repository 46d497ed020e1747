/**
 * fail2ban's effective jails, read the way fail2ban-client reads them: jail.conf, then
 * jail.d/*.conf (sorted), jail.local, jail.d/*.local (sorted), each with its
 * `[INCLUDES] before/after` files (and their .local companions). A later file overrides an
 * earlier one option by option; a jail's option falls back to [DEFAULT]; `%(name)s`
 * references are interpolated. Also notes the other brute-force blockers that fill the
 * same role (sshguard, denyhosts, CrowdSec).
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { fail2banBool, parseFail2ban, type Fail2banFile } from '../parsers/fail2ban/fail2ban.ts';
import type { SourceLine } from '../parsers/types.ts';

export const FAIL2BAN_DIR = '/etc/fail2ban';
const MAX_INTERPOLATION = 10;

export interface JailOption {
  value: string;
  source: SourceLine;
}

export interface Fail2banJail {
  name: string;
  enabled: boolean;
  /** The line that decided `enabled` (the jail's own or [DEFAULT]'s), null when unset. */
  enabledSource: SourceLine | null;
  /** Filter name without its options ("sshd" for "sshd[mode=aggressive]"). */
  filter: string;
  /** Interpolated backend ("auto", "systemd", "pyinotify", "polling", ...). */
  backend: string;
  /** Interpolated log paths (one per line of `logpath`). */
  logpaths: string[];
  /** Where the jail's section starts (first file that defines it). */
  source: SourceLine;
}

/** Another tool that blocks brute-force attempts. */
export interface Blocker {
  name: 'sshguard' | 'denyhosts' | 'crowdsec';
  /** The systemd unit that runs it. */
  unit: string;
  /** A file that shows it is installed. */
  evidence: string;
}

export interface Fail2banFacts {
  /** The fail2ban package is installed or its configuration directory exists. */
  installed: boolean;
  /** Files read, in order. */
  files: string[];
  jails: Fail2banJail[];
  /** Which log paths of the jails exist (for file-based backends). */
  existingLogs: Set<string>;
  /** Other brute-force blockers found. */
  others: Blocker[];
}

/** The files fail2ban-client reads for "jail", before include expansion. */
async function jailFiles(ctx: FactContext): Promise<string[]> {
  const d = await ctx.target.readDir(`${FAIL2BAN_DIR}/jail.d`);
  const names = d.ok ? d.entries.filter((e) => e.type !== 'dir').map((e) => e.name).sort() : [];
  return [
    `${FAIL2BAN_DIR}/jail.conf`,
    ...names.filter((n) => n.endsWith('.conf')).map((n) => `${FAIL2BAN_DIR}/jail.d/${n}`),
    `${FAIL2BAN_DIR}/jail.local`,
    ...names.filter((n) => n.endsWith('.local')).map((n) => `${FAIL2BAN_DIR}/jail.d/${n}`),
  ];
}

const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';

/** Reads a file and its [INCLUDES], returning parsed files in the order fail2ban applies them. */
async function withIncludes(ctx: FactContext, path: string, listed: ReadonlySet<string>, seen: Set<string>): Promise<Fail2banFile[]> {
  if (seen.has(path)) return [];
  seen.add(path);
  const r = await ctx.target.readFile(path);
  if (!r.ok) {
    if (r.error.code !== 'ENOENT') ctx.diagnostic({ path, message: `cannot read: ${r.error.message}` });
    return [];
  }
  const parsed = parseFail2ban(r.text, path);
  ctx.parseErrors(parsed.errors);
  const inc = (name: string) =>
    parsed.model.options
      .filter((o) => o.section === 'INCLUDES' && o.name === name)
      .flatMap((o) => o.value.split('\n'))
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (s.startsWith('/') ? s : `${dirOf(path)}/${s}`));
  const expand = async (paths: string[]) => {
    const out: Fail2banFile[] = [];
    for (const p of paths) {
      out.push(...(await withIncludes(ctx, p, listed, seen)));
      const local = p.replace(/\.[^./]*$/, '') + '.local';
      if (local !== p && !listed.has(local)) out.push(...(await withIncludes(ctx, local, listed, seen)));
    }
    return out;
  };
  return [...(await expand(inc('before'))), parsed.model, ...(await expand(inc('after')))];
}

/** Merged options: section -> option -> value (later files win). */
type Merged = Map<string, Map<string, JailOption>>;

function merge(files: readonly Fail2banFile[]): { merged: Merged; order: { name: string; source: SourceLine }[] } {
  const merged: Merged = new Map();
  const order: { name: string; source: SourceLine }[] = [];
  for (const f of files) {
    for (const h of f.sections)
      if (!merged.has(h.name)) {
        merged.set(h.name, new Map());
        order.push({ name: h.name, source: h.source });
      }
    for (const o of f.options) merged.get(o.section)!.set(o.name, { value: o.value, source: o.source });
  }
  return { merged, order };
}

/** Interpolates `%(name)s`, `%(default/name)s` and `%(__name__)s` like fail2ban's BasicInterpolationWithName. */
export function interpolate(value: string, section: string, merged: Merged, depth = 0): string {
  if (depth > MAX_INTERPOLATION || !value.includes('%(')) return value;
  return value.replace(/%\(([^)]+)\)s/g, (m, ref: string) => {
    if (ref === '__name__') return section;
    const slash = ref.indexOf('/');
    const [sec, name] = slash === -1 ? [section, ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
    const secName = sec.toLowerCase() === 'default' ? 'DEFAULT' : sec.toLowerCase() === 'known' ? section : sec;
    const v = merged.get(secName)?.get(name.toLowerCase()) ?? merged.get('DEFAULT')?.get(name.toLowerCase());
    return v === undefined ? m : interpolate(v.value, secName, merged, depth + 1);
  });
}

async function collect(ctx: FactContext): Promise<Fail2banFacts> {
  const { target } = ctx;
  const packages = await ctx.get('packages');
  const dir = await target.stat(FAIL2BAN_DIR);
  const installed = packages.installed.has('fail2ban') || (dir.ok && dir.info.type === 'dir');

  const others: Blocker[] = [];
  const probes: [Blocker['name'], string, string[]][] = [
    ['sshguard', 'sshguard.service', ['/etc/sshguard/sshguard.conf', '/etc/sshguard.conf']],
    ['denyhosts', 'denyhosts.service', ['/etc/denyhosts.conf']],
    ['crowdsec', 'crowdsec.service', ['/etc/crowdsec/config.yaml']],
  ];
  for (const [name, unit, paths] of probes) {
    if (packages.installed.has(name)) {
      others.push({ name, unit, evidence: '/var/lib/dpkg/status' });
      continue;
    }
    const stats = await Promise.all(paths.map((p) => target.stat(p)));
    const i = stats.findIndex((s) => s.ok);
    if (i !== -1) others.push({ name, unit, evidence: paths[i]! });
  }

  if (!installed) return { installed, files: [], jails: [], existingLogs: new Set(), others };

  const listedPaths = await jailFiles(ctx);
  const listed = new Set(listedPaths);
  const seen = new Set<string>();
  const files: Fail2banFile[] = [];
  for (const p of listedPaths) files.push(...(await withIncludes(ctx, p, listed, seen)));
  const { merged, order } = merge(files);

  const jails: Fail2banJail[] = [];
  for (const { name, source } of order) {
    if (name === 'DEFAULT' || name === 'INCLUDES' || name.startsWith('KNOWN/') || name.includes('?')) continue;
    const own = merged.get(name)!;
    const dflt = merged.get('DEFAULT');
    const opt = (k: string) => own.get(k) ?? dflt?.get(k);
    const en = opt('enabled');
    const filterRaw = interpolate(opt('filter')?.value ?? name, name, merged);
    const filter = filterRaw.replace(/\[.*$/s, '').trim();
    const backend = interpolate(opt('backend')?.value ?? 'auto', name, merged).trim();
    const logpaths = interpolate(opt('logpath')?.value ?? '', name, merged)
      .split('\n')
      .map((s) => s.trim().split(/\s+/)[0] ?? '')
      .filter((s) => s.startsWith('/'));
    jails.push({ name, enabled: en ? fail2banBool(interpolate(en.value, name, merged)) : false, enabledSource: en?.source ?? null, filter, backend, logpaths, source });
  }

  const existingLogs = new Set<string>();
  const wanted = [...new Set(jails.filter((j) => j.enabled).flatMap((j) => j.logpaths))];
  for (const p of wanted) {
    const matches = /[*?[]/.test(p) ? await target.glob(p) : (await target.stat(p)).ok ? [p] : [];
    if (matches.length > 0) existingLogs.add(p);
  }
  return { installed, files: files.map((f) => f.file), jails, existingLogs, others };
}

export default defineFact<'fail2ban', Fail2banFacts>({
  name: 'fail2ban',
  description: "fail2ban's effective jails (jail.conf, jail.d, .local overrides, includes, interpolation) and other brute-force blockers (sshguard, denyhosts, CrowdSec).",
  collect,
});
