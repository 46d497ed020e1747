/**
 * syslog-ng's configuration: /etc/syslog-ng/syslog-ng.conf with `@include` expanded
 * (globs and directories; `scl.conf` and other relative names live in the system
 * library and are skipped). Network destinations count only when a `log` path uses
 * them; their transport (udp, tcp, tls) and peer verification are read from the driver.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { calls, firstWord, optionValue, parseSyslogNg, type SngArg, type SngBlock, type SngCall } from '../parsers/syslog-ng/syslog-ng.ts';
import { statExisting, type LogFileAction, type LogForward } from './rsyslog.ts';

export const SYSLOG_NG_CONF = '/etc/syslog-ng/syslog-ng.conf';
const NET_DRIVERS = new Set(['network', 'syslog', 'tcp', 'tcp6', 'udp', 'udp6']);

export interface SyslogNgFacts {
  installed: boolean;
  files: string[];
  forwards: LogForward[];
  fileActions: LogFileAction[];
  networkInputs: { module: string; source: LogForward['source'] }[];
}

async function load(ctx: FactContext, path: string, depth: number, files: string[], blocks: SngBlock[]): Promise<void> {
  const r = await ctx.target.readFile(path);
  if (!r.ok) return;
  files.push(path);
  const parsed = parseSyslogNg(r.text, path);
  ctx.parseErrors(parsed.errors);
  blocks.push(...parsed.model.blocks);
  if (depth >= 16) return;
  for (const inc of parsed.model.includes) {
    if (!inc.path.startsWith('/')) continue;
    let paths: string[];
    if (/[*?[]/.test(inc.path)) paths = await ctx.target.glob(inc.path);
    else {
      const d = await ctx.target.readDir(inc.path);
      paths = d.ok ? d.entries.filter((e) => e.type === 'file' && !e.name.startsWith('.')).map((e) => posix.join(inc.path, e.name)).sort() : [inc.path];
    }
    for (const p of paths) await load(ctx, p, depth + 1, files, blocks);
  }
}

function driverForward(c: SngCall): LogForward | null {
  const transport = (optionValue(c.args, 'transport') ?? (c.name.startsWith('udp') ? 'udp' : 'tcp')).toLowerCase();
  const tlsBlock = calls(c.args, 'tls')[0];
  const tls = transport === 'tls' || transport.endsWith('tls') || (tlsBlock !== undefined && (c.name === 'tcp' || c.name === 'tcp6' || transport === 'tcp'));
  const verify = tlsBlock ? (optionValue(tlsBlock.args, 'peer-verify') ?? 'required-trusted').toLowerCase() : 'required-trusted';
  return {
    module: c.name,
    protocol: transport === 'udp' ? 'udp' : 'tcp',
    target: firstWord(c) ?? optionValue(c.args, 'host') ?? optionValue(c.args, 'ip') ?? '',
    port: optionValue(c.args, 'port') ?? null,
    tls,
    authMode: /untrusted/.test(verify) ? 'anon' : 'x509/certvalid',
    source: c.source,
  };
}

function usedDestinations(blocks: SngBlock[]): { names: Set<string>; inline: SngBlock[] } {
  const names = new Set<string>();
  const inline: SngBlock[] = [];
  const walk = (items: SngArg[]) => {
    for (const it of items) {
      if (it.kind === 'call' && it.name === 'destination') {
        const n = firstWord(it);
        if (n) names.add(n);
      }
      if (it.kind === 'block') {
        if (it.type === 'destination') inline.push(it);
        else walk(it.items);
      }
    }
  };
  for (const b of blocks) if (b.type === 'log') walk(b.items);
  return { names, inline };
}

async function collect(ctx: FactContext): Promise<SyslogNgFacts> {
  const files: string[] = [];
  const blocks: SngBlock[] = [];
  const st = await ctx.target.stat(SYSLOG_NG_CONF);
  if (!st.ok) return { installed: false, files, forwards: [], fileActions: [], networkInputs: [] };
  await load(ctx, SYSLOG_NG_CONF, 0, files, blocks);
  const options = blocks.filter((b) => b.type === 'options');
  const perm = options.map((o) => optionValue(o.items, 'perm')).filter((p): p is string => p !== undefined).pop();
  const defaultPerm = perm !== undefined && /^[0-7]{3,4}$/.test(perm) ? parseInt(perm, 8) : 0o600;
  const { names, inline } = usedDestinations(blocks);
  const dests = [...blocks.filter((b) => b.type === 'destination' && b.name !== null && names.has(b.name)), ...inline];
  const forwards: LogForward[] = [];
  const fileActions: LogFileAction[] = [];
  for (const d of dests) {
    for (const c of calls(d.items)) {
      if (NET_DRIVERS.has(c.name)) {
        const f = driverForward(c);
        if (f) forwards.push(f);
      }
      if (c.name === 'file') {
        const path = firstWord(c);
        const p = optionValue(c.args, 'perm');
        if (path) fileActions.push({ path: path.replace(/\$\{?(\w+)\}?/g, '%$1%'), dynamic: path.includes('$'), createMode: p && /^[0-7]{3,4}$/.test(p) ? parseInt(p, 8) : defaultPerm, existingMode: null, source: c.source, modeSource: null });
      }
    }
  }
  const networkInputs = blocks
    .filter((b) => b.type === 'source')
    .flatMap((b) => calls(b.items).filter((c) => NET_DRIVERS.has(c.name)))
    .map((c) => ({ module: c.name, source: c.source }));
  await statExisting(ctx, fileActions);
  return { installed: true, files, forwards, fileActions, networkInputs };
}

export default defineFact<'syslogng', SyslogNgFacts>({
  name: 'syslogng',
  description: 'syslog-ng configuration with includes: network destinations used by log paths, file destinations, network sources.',
  collect,
});
