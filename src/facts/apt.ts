/**
 * APT's configuration as apt itself assembles it: the source lists (/etc/apt/sources.list,
 * then sources.list.d/*.list and *.sources in C order) and the configuration tree
 * (/etc/apt/apt.conf.d/* in C order, then /etc/apt/apt.conf, with `#include` followed).
 * Only the files apt would read count: `.save`, `.dpkg-old` and the like are ignored.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { AptConfig, aptPartsFilter, parseAptConf, type AptConfOp } from '../parsers/apt-conf/apt-conf.ts';
import { parseAptDeb822Sources, parseAptSourcesList, type AptSource } from '../parsers/apt-sources/apt-sources.ts';

export const APT_DIR = '/etc/apt';
const MAX_INCLUDE_DEPTH = 10;

export interface AptFacts {
  /** /etc/apt exists (an APT-based system). */
  present: boolean;
  /** Every source entry (enabled or not) in the order apt reads them. */
  sources: AptSource[];
  /** The files the entries came from, in reading order. */
  sourceFiles: string[];
  /** The merged configuration tree. */
  config: AptConfig;
  /** The configuration files read, in order. */
  configFiles: string[];
}

async function listDir(ctx: FactContext, dir: string): Promise<string[]> {
  const r = await ctx.target.readDir(dir);
  if (!r.ok) {
    if (r.error.code !== 'ENOENT') ctx.diagnostic({ path: dir, message: `cannot list: ${r.error.message}` });
    return [];
  }
  return r.entries.filter((e) => e.type === 'file' || e.type === 'symlink').map((e) => e.name);
}

async function readSources(ctx: FactContext): Promise<{ sources: AptSource[]; files: string[] }> {
  const names = await listDir(ctx, `${APT_DIR}/sources.list.d`);
  // apt reads sources.list.d in one sorted pass over both extensions.
  const parts = [...aptPartsFilter(names, 'list', false), ...aptPartsFilter(names, 'sources', false)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const paths = [`${APT_DIR}/sources.list`, ...parts.map((n) => `${APT_DIR}/sources.list.d/${n}`)];
  const sources: AptSource[] = [];
  const files: string[] = [];
  for (const r of await ctx.target.readFiles(paths)) {
    if (!r.ok) {
      if (r.error.code !== 'ENOENT') ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = r.path.endsWith('.sources') ? parseAptDeb822Sources(r.text, r.path) : parseAptSourcesList(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    sources.push(...parsed.model.entries);
    files.push(r.path);
  }
  return { sources, files };
}

async function readConfig(ctx: FactContext): Promise<{ config: AptConfig; files: string[] }> {
  const config = new AptConfig();
  const files: string[] = [];
  const seen = new Set<string>();

  const applyFile = async (path: string, depth: number, required: boolean): Promise<void> => {
    if (seen.has(path) || depth > MAX_INCLUDE_DEPTH) return;
    seen.add(path);
    const r = await ctx.target.readFile(path);
    if (!r.ok) {
      if (r.error.code !== 'ENOENT' || required) ctx.diagnostic({ path, message: `cannot read: ${r.error.message}` });
      return;
    }
    files.push(path);
    const parsed = parseAptConf(r.text, path);
    ctx.parseErrors(parsed.errors);
    await applyOps(parsed.model.ops, depth);
  };
  const applyDir = async (dir: string, depth: number): Promise<void> => {
    for (const n of aptPartsFilter(await listDir(ctx, dir), 'conf', true)) await applyFile(`${dir}/${n}`, depth, false);
  };
  const applyOps = async (ops: readonly AptConfOp[], depth: number): Promise<void> => {
    let batch: AptConfOp[] = [];
    for (const op of ops) {
      if (op.kind !== 'include') {
        batch.push(op);
        continue;
      }
      config.apply(batch);
      batch = [];
      if (op.path.endsWith('/')) await applyDir(op.path.slice(0, -1), depth + 1);
      else await applyFile(op.path, depth + 1, true);
    }
    config.apply(batch);
  };

  await applyDir(`${APT_DIR}/apt.conf.d`, 0);
  await applyFile(`${APT_DIR}/apt.conf`, 0, false);
  return { config, files };
}

async function collect(ctx: FactContext): Promise<AptFacts> {
  const dir = await ctx.target.stat(APT_DIR);
  const present = dir.ok && dir.info.type === 'dir';
  if (!present) return { present, sources: [], sourceFiles: [], config: new AptConfig(), configFiles: [] };
  const [{ sources, files: sourceFiles }, { config, files: configFiles }] = await Promise.all([readSources(ctx), readConfig(ctx)]);
  return { present, sources, sourceFiles, config, configFiles };
}

export default defineFact<'apt', AptFacts>({
  name: 'apt',
  description: "APT's source entries (one-line and deb822 lists) and its merged configuration tree (apt.conf.d, apt.conf, #include).",
  collect,
});
