/**
 * Which TCP and UDP ports of the host can be reached over IPv4 and IPv6, from which
 * sources, through which firewall rules.
 *
 * On a live host that can run commands, the running ruleset is dumped (`iptables-save`,
 * `ip6tables-save`, `nft -j list ruleset`, which need root); when that fails the persisted
 * configuration is used instead and `liveFallback` says why. Offline, the tools that load
 * rules at boot are found from their units and settings: firewalld (enabled) or else ufw
 * (ENABLED=yes) manages the filter table; otherwise iptables-persistent (/etc/iptables/
 * rules.v4, rules.v6) and iptables-services (/etc/sysconfig/iptables, ip6tables) apply.
 * nftables.service (/etc/nftables.conf) applies beside any of them: a packet must pass
 * every base chain. A tool that is configured but does not load is listed as inactive,
 * with the reason.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import type { Family } from '../firewall/addr.ts';
import { evaluateFamily, type FamilyEvaluation } from '../firewall/evaluate.ts';
import { iptablesPipeline } from '../firewall/from-iptables.ts';
import { nftablesPipeline } from '../firewall/from-nftables.ts';
import { firewalldPipeline } from '../firewall/from-firewalld.ts';
import type { FirewallDiagnostic, IrPipeline } from '../firewall/ir.ts';
import { emptyPipeline, mergePipeline } from '../firewall/ir.ts';
import { ufwPipelines, UFW_CONF } from '../firewall/ufw.ts';
import { FIREWALLD_CONF, fileLine, readFirewalld, readIptablesFile, readNftConfig, readText, readUfw, type Reader } from '../firewall/sources.ts';
import type { SystemdFacts } from './systemd.ts';
import { parseIptablesSave, type IptablesRuleset } from '../parsers/iptables/iptables.ts';
import { parseNftJson } from '../parsers/nftables/nft-json.ts';
import type { NftRuleset } from '../parsers/nftables/model.ts';
import type { ParseError, SourceLine } from '../parsers/types.ts';
import { parseShellAssignments, ufwYes } from '../parsers/ufw/ufw.ts';

export type FirewallTool = 'firewalld' | 'ufw' | 'nftables' | 'iptables-persistent' | 'iptables-services' | 'iptables' | 'ip6tables';

export interface ActiveFirewall {
  tool: FirewallTool;
  origin: 'live' | 'config';
  /** Files read, or the command run. */
  files: string[];
  /** Families it filters. */
  families: Family[];
  /** For a tool with one file per family: the file loaded for each family. */
  familyFiles: Partial<Record<Family, string>>;
  /** For a tool with one file per family: the file that would filter a family it leaves open. */
  missingFiles: Partial<Record<Family, string>>;
}

export interface InactiveFirewall {
  tool: FirewallTool;
  reason: string;
  /** The setting or file that shows it. */
  evidence: SourceLine;
}

export interface FirewallFacts {
  /** The ruleset was dumped from the running kernel. */
  live: boolean;
  /** Why a live target's ruleset could not be dumped (the configuration was used instead). */
  liveFallback: string | null;
  active: ActiveFirewall[];
  inactive: InactiveFirewall[];
  /** Reachability of each family's TCP and UDP ports. */
  families: Record<Family, FamilyEvaluation>;
  /** Evidence that IPv6 is turned off on the host (sysctl, kernel command line), else null. */
  ipv6Disabled: SourceLine | null;
}

const LIVE_TIMEOUT_MS = 15_000;
const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

/** What the boot sequence does with a unit; unknown without systemd facts. */
type UnitState = 'enabled' | 'disabled' | 'masked' | 'unknown';

interface Collector {
  ctx: FactContext;
  systemd: SystemdFacts | null;
  pipes: Record<Family, IrPipeline>;
  diagnostics: FirewallDiagnostic[];
  errors: ParseError[];
  active: ActiveFirewall[];
  inactive: InactiveFirewall[];
}

function add(c: Collector, family: Family, p: { pipeline: IrPipeline; diagnostics: FirewallDiagnostic[] }): void {
  mergePipeline(c.pipes[family], p.pipeline);
  c.diagnostics.push(...p.diagnostics);
}

const newReader = (c: Collector): Reader => ({ target: c.ctx.target, errors: [], unreadable: [] });

/** Keeps a reader's problems (for a tool whose configuration is in use). */
function keep(c: Collector, r: Reader): void {
  c.errors.push(...r.errors);
  for (const u of r.unreadable) c.ctx.diagnostic({ path: u.path, message: `cannot read: ${u.message}` });
}

const loads = (state: UnitState) => state === 'enabled' || state === 'unknown';

function unitState(c: Collector, unit: string): UnitState {
  const sd = c.systemd;
  if (!sd || !sd.present) return 'unknown';
  if (sd.isMasked(unit)) return 'masked';
  return sd.enabledVia(unit).length > 0 ? 'enabled' : 'disabled';
}

/** Dumps the running ruleset. Returns why it could not, or null on success. */
async function collectLive(c: Collector): Promise<string | null> {
  const t = c.ctx.target;
  const run = (cmd: string, args: string[]) => t.exec(cmd, args, { timeoutMs: LIVE_TIMEOUT_MS });
  const [v4, v6, nft] = await Promise.all([run('iptables-save', []), run('ip6tables-save', []), run('nft', ['-j', 'list', 'ruleset'])]);
  const problems: string[] = [];
  let installed = 0;
  const output = (name: string, r: Awaited<ReturnType<typeof run>>): string | null => {
    if (!r.ok) {
      if (r.error.code !== 'ENOENT') problems.push(`${name}: ${r.error.message}`);
      return null;
    }
    installed++;
    if (r.exitCode !== 0 || r.truncated) {
      problems.push(`${name} failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n')[0] ?? ''}`.trim());
      return null;
    }
    return r.stdout;
  };
  const v4out = output('iptables-save', v4);
  const v6out = output('ip6tables-save', v6);
  const nftout = output('nft -j list ruleset', nft);
  if (installed === 0) return 'neither iptables-save nor nft is installed';
  if (problems.length > 0) return problems.join('; ');
  const dumps: [Family, string | null, string][] = [
    ['ipv4', v4out, 'iptables-save'],
    ['ipv6', v6out, 'ip6tables-save'],
  ];
  const ipt: Partial<Record<Family, IptablesRuleset>> = {};
  for (const [family, text, name] of dumps) {
    if (text === null) continue;
    const p = parseIptablesSave(text, name);
    c.errors.push(...p.errors);
    ipt[family] = p.model;
    const conv = iptablesPipeline(p.model, family, family === 'ipv4' ? 'iptables' : 'ip6tables');
    add(c, family, conv);
    if (conv.pipeline.bases.length > 0) c.active.push({ tool: family === 'ipv4' ? 'iptables' : 'ip6tables', origin: 'live', files: [name], families: [family], familyFiles: {}, missingFiles: {} });
  }
  if (nftout !== null) {
    const p = parseNftJson(nftout, 'nft -j list ruleset');
    c.errors.push(...p.errors);
    const rs = withoutIptablesNft(p.model, ipt);
    const families: Family[] = [];
    for (const family of FAMILIES) {
      const conv = nftablesPipeline(rs, family);
      add(c, family, conv);
      if (conv.pipeline.bases.length > 0) families.push(family);
    }
    if (families.length > 0) c.active.push({ tool: 'nftables', origin: 'live', files: ['nft -j list ruleset'], families, familyFiles: {}, missingFiles: {} });
  }
  return null;
}

/**
 * iptables-nft keeps its tables in nftables too: `nft` shows them with opaque `xt`
 * expressions. They are read from iptables-save instead, so they are left out here.
 */
function withoutIptablesNft(rs: NftRuleset, ipt: Partial<Record<Family, IptablesRuleset>>): NftRuleset {
  const names = (f: Family) => (ipt[f]?.backend === 'nf_tables' ? new Set(ipt[f]!.tables.map((t) => t.name)) : new Set<string>());
  const v4 = names('ipv4');
  const v6 = names('ipv6');
  return { tables: rs.tables.filter((t) => !((t.family === 'ip' && v4.has(t.name)) || (t.family === 'ip6' && v6.has(t.name)))) };
}

async function collectConfig(c: Collector): Promise<void> {
  try {
    c.systemd = await c.ctx.get('systemd');
  } catch {
    c.systemd = null; // enablement unknown: configured tools are taken as loaded
  }
  let manager: 'firewalld' | 'ufw' | null = null;

  const fwdReader = newReader(c);
  const fwd = await readFirewalld(fwdReader);
  if (fwd) {
    const st = unitState(c, 'firewalld.service');
    if (loads(st)) {
      manager = 'firewalld';
      keep(c, fwdReader);
      for (const f of FAMILIES) add(c, f, firewalldPipeline(fwd.config, f));
      c.active.push({ tool: 'firewalld', origin: 'config', files: fwd.files, families: [...FAMILIES], familyFiles: {}, missingFiles: {} });
    } else c.inactive.push({ tool: 'firewalld', reason: `firewalld.service is ${st}`, evidence: fwd.config.defaultZoneSource ?? fileLine(FIREWALLD_CONF) });
  }

  const ufwReader = newReader(c);
  const ufw = await readUfw(ufwReader);
  if (ufw) {
    const enabled = ufw.input.conf.values.get('ENABLED');
    const st = unitState(c, 'ufw.service');
    const evidence = enabled?.source ?? fileLine(UFW_CONF);
    if (!ufwYes(enabled)) c.inactive.push({ tool: 'ufw', reason: 'ufw is not enabled (ENABLED=yes is not set in /etc/ufw/ufw.conf)', evidence });
    else if (!loads(st)) c.inactive.push({ tool: 'ufw', reason: `ufw.service is ${st}`, evidence });
    else if (manager) c.inactive.push({ tool: 'ufw', reason: `${manager} manages the firewall`, evidence });
    else {
      manager = 'ufw';
      keep(c, ufwReader);
      const p = ufwPipelines(ufw.input);
      for (const f of FAMILIES) add(c, f, { pipeline: p.pipelines[f], diagnostics: [] });
      c.diagnostics.push(...p.diagnostics);
      c.active.push({ tool: 'ufw', origin: 'config', files: ufw.files, families: [...FAMILIES], familyFiles: {}, missingFiles: {} });
    }
  }

  for (const path of ['/etc/nftables.conf', '/etc/sysconfig/nftables.conf']) {
    const r = newReader(c);
    const conf = await readNftConfig(r, path);
    if (!conf) continue;
    const st = unitState(c, 'nftables.service');
    if (!loads(st)) {
      c.inactive.push({ tool: 'nftables', reason: `nftables.service is ${st}: ${path} is not loaded at boot`, evidence: fileLine(path) });
      continue;
    }
    keep(c, r);
    if (conf.missing.length > 0) {
      c.inactive.push({ tool: 'nftables', reason: `nft refuses to load ${path}: included file ${conf.missing[0]} does not exist`, evidence: fileLine(path) });
      continue;
    }
    const families: Family[] = [];
    for (const f of FAMILIES) {
      const conv = nftablesPipeline(conf.ruleset, f);
      add(c, f, conv);
      if (conv.pipeline.bases.length > 0) families.push(f);
    }
    c.active.push({ tool: 'nftables', origin: 'config', files: conf.files, families, familyFiles: {}, missingFiles: {} });
  }

  await iptablesFiles(c, manager, 'iptables-persistent', { ipv4: '/etc/iptables/rules.v4', ipv6: '/etc/iptables/rules.v6' }, { ipv4: 'netfilter-persistent.service', ipv6: 'netfilter-persistent.service' });
  await iptablesFiles(c, manager, 'iptables-services', { ipv4: '/etc/sysconfig/iptables', ipv6: '/etc/sysconfig/ip6tables' }, { ipv4: 'iptables.service', ipv6: 'ip6tables.service' });
}

/** A pair of iptables-restore files loaded at boot by a unit per family. */
async function iptablesFiles(c: Collector, manager: string | null, tool: FirewallTool, paths: Record<Family, string>, units: Record<Family, string>): Promise<void> {
  const r = newReader(c);
  const rulesets: Partial<Record<Family, IptablesRuleset>> = {};
  for (const f of FAMILIES) {
    const rs = await readIptablesFile(r, paths[f]);
    if (rs) rulesets[f] = rs;
  }
  const present = FAMILIES.filter((f) => rulesets[f]);
  if (present.length === 0) return;
  if (manager) {
    for (const f of present) c.inactive.push({ tool, reason: `${manager} manages the filter table; ${paths[f]} is not what applies`, evidence: fileLine(paths[f]) });
    return;
  }
  const families: Family[] = [];
  const familyFiles: Partial<Record<Family, string>> = {};
  const missingFiles: Partial<Record<Family, string>> = {};
  for (const f of FAMILIES) {
    const rs = rulesets[f];
    const st = unitState(c, units[f]);
    if (!rs) {
      missingFiles[f] = paths[f];
      continue;
    }
    if (!loads(st)) {
      c.inactive.push({ tool, reason: `${units[f]} is ${st}: ${paths[f]} is not loaded at boot`, evidence: fileLine(paths[f]) });
      continue;
    }
    const conv = iptablesPipeline(rs, f, f === 'ipv4' ? 'iptables' : 'ip6tables');
    add(c, f, conv);
    familyFiles[f] = paths[f];
    if (conv.pipeline.bases.length > 0) families.push(f);
  }
  const files = Object.values(familyFiles);
  if (files.length === 0) return;
  keep(c, r);
  c.active.push({ tool, origin: 'config', files, families, familyFiles, missingFiles });
}

/** Evidence that IPv6 is off: sysctl disable_ipv6 for all interfaces, or ipv6.disable=1 at boot. */
async function ipv6DisabledEvidence(ctx: FactContext): Promise<SourceLine | null> {
  try {
    const sysctl = await ctx.get('sysctl');
    const v = sysctl.get('net.ipv6.conf.all.disable_ipv6');
    if (v.live === '1') return fileLine('/proc/sys/net/ipv6/conf/all/disable_ipv6', '1');
    if (v.live === undefined && v.configured?.value.trim() === '1') return v.configured.source;
  } catch {
    // Without the sysctl fact, the kernel command line still tells.
  }
  const r: Reader = { target: ctx.target, errors: [], unreadable: [] };
  if (ctx.target.capabilities.live) {
    const cmdline = await readText(r, '/proc/cmdline');
    if (cmdline !== null && /(^|\s)ipv6\.disable=1(\s|$)/.test(cmdline)) return fileLine('/proc/cmdline', 'ipv6.disable=1');
    return null;
  }
  const grub = await readText(r, '/etc/default/grub');
  if (grub !== null) {
    const vars = parseShellAssignments(grub, '/etc/default/grub').model.values;
    for (const name of ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT']) {
      const a = vars.get(name);
      if (a && /(^|\s)ipv6\.disable=1(\s|$)/.test(a.value)) return a.source;
    }
  }
  return null;
}

function report(c: Collector, families: Record<Family, FamilyEvaluation>): void {
  c.ctx.parseErrors(c.errors);
  const seen = new Set<string>();
  const all = [...c.diagnostics, ...families.ipv4.diagnostics, ...families.ipv6.diagnostics];
  for (const d of all) {
    const k = `${d.source.file}\u0000${d.source.line}\u0000${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const diag: { path: string; line?: number; message: string; snippet?: string } = { path: d.source.file, message: d.message };
    if (d.source.line > 0) diag.line = d.source.line;
    if (d.source.text) diag.snippet = d.source.text;
    c.ctx.diagnostic(diag);
  }
}

export default defineFact<'firewall', FirewallFacts>({
  name: 'firewall',
  description: 'Firewall rules in force (live dump or boot configuration of iptables, nftables, ufw, firewalld) and the TCP/UDP ports they let in, per address family and source',
  async collect(ctx) {
    const c: Collector = {
      ctx,
      systemd: null,
      pipes: { ipv4: emptyPipeline('ipv4'), ipv6: emptyPipeline('ipv6') },
      diagnostics: [],
      errors: [],
      active: [],
      inactive: [],
    };
    let live = false;
    let liveFallback: string | null = null;
    if (ctx.target.capabilities.exec) {
      liveFallback = await collectLive(c);
      live = liveFallback === null;
      if (!live) {
        const command = /^(iptables-save|ip6tables-save|nft -j list ruleset)/.exec(liveFallback ?? '')?.[1] ?? 'iptables-save';
        ctx.diagnostic({ path: command, message: `cannot read the running firewall (${liveFallback}): judged from the configuration loaded at boot instead; run as root for the live rules` });
        // Start again from the configuration: a partial dump must not mix with it.
        c.pipes = { ipv4: emptyPipeline('ipv4'), ipv6: emptyPipeline('ipv6') };
        c.active = [];
        c.diagnostics = [];
        c.errors = [];
      }
    }
    if (!live) await collectConfig(c);
    const families = { ipv4: evaluateFamily(c.pipes.ipv4), ipv6: evaluateFamily(c.pipes.ipv6) };
    report(c, families);
    return { live, liveFallback, active: c.active, inactive: c.inactive, families, ipv6Disabled: await ipv6DisabledEvidence(ctx) };
  },
});
