/**
 * systemd-coredump's configuration (coredump.conf(5)): the main file and its drop-ins
 * merged as systemd does, and whether systemd-coredump is installed at all.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import type { SourceLine } from '../parsers/types.ts';
import { daemonConfigLocations, orderDropIns, type ConfigLocations } from '../parsers/systemd-ini/dropins.ts';
import { lastValue, parseSystemdIni, type IniFile } from '../parsers/systemd-ini/systemd-ini.ts';

const COREDUMP_BINARIES = ['/usr/lib/systemd/systemd-coredump', '/lib/systemd/systemd-coredump'];

/** A single-value setting: what is in effect and the line that set it (null: compiled-in default). */
export interface SystemdSetting {
  value: string;
  source: SourceLine | null;
}

export interface CoredumpFacts {
  /** The systemd-coredump helper exists on the target. */
  installed: boolean;
  /** Files read, in the order applied (main file first, then drop-ins). */
  files: string[];
  /** Storage= (none, external, journal); default external. */
  storage: SystemdSetting;
  /** ProcessSizeMax=; default 2G. 0 disables processing of dumps. */
  processSizeMax: SystemdSetting;
}

/**
 * Reads a systemd configuration file and its drop-ins through the target, in the order
 * systemd applies them: the first main file that exists, then the drop-ins (one per file
 * name, the /etc one masking the /run one masking the vendor one), sorted by file name.
 * Files masked with a link to /dev/null count as empty.
 */
export async function loadSystemdConfig(ctx: FactContext, loc: ConfigLocations): Promise<IniFile[]> {
  const { target } = ctx;
  const mains = await Promise.all(loc.mains.map((p) => target.lstat(p)));
  const mainIdx = mains.findIndex((m) => m.ok);
  const found = (await Promise.all(loc.dropInDirs.map((d) => target.glob(`${d}/*.conf`)))).flat();
  const paths = [...(mainIdx === -1 ? [] : [loc.mains[mainIdx]!]), ...orderDropIns(found, loc.dropInDirs)];
  const out: IniFile[] = [];
  for (const r of await target.readFiles(paths)) {
    if (!r.ok) {
      if (r.error.code !== 'ENOENT' && r.error.code !== 'NOT_REGULAR') ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = parseSystemdIni(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    out.push(parsed.model);
  }
  return out;
}

/** The effective value of a single-value setting, or its default when unset or reset. */
export function settingOf(files: readonly IniFile[], section: string, key: string, def: string): SystemdSetting {
  const e = lastValue(files, section, key);
  return e && e.value !== '' ? { value: e.value, source: e.source } : { value: def, source: null };
}

async function collect(ctx: FactContext): Promise<CoredumpFacts> {
  const installed = (await Promise.all(COREDUMP_BINARIES.map((p) => ctx.target.lstat(p)))).some((r) => r.ok);
  const files = await loadSystemdConfig(ctx, daemonConfigLocations('coredump.conf'));
  return {
    installed,
    files: files.map((f) => f.file),
    storage: settingOf(files, 'Coredump', 'Storage', 'external'),
    processSizeMax: settingOf(files, 'Coredump', 'ProcessSizeMax', '2G'),
  };
}

export default defineFact<'coredump', CoredumpFacts>({
  name: 'coredump',
  description: 'systemd-coredump: installed or not, and Storage/ProcessSizeMax from coredump.conf and its drop-ins.',
  collect,
});
