/**
 * Loading systemd-style configuration (a daemon's main file and its drop-ins) through the
 * target, merged the way systemd applies them. Shared by the facts that read coredump.conf,
 * journald.conf, unit files and the like.
 */
import type { FactContext } from '../core/fact.ts';
import type { SourceLine } from '../parsers/types.ts';
import { orderDropIns, type ConfigLocations } from '../parsers/systemd-ini/dropins.ts';
import { lastValue, parseSystemdIni, type IniFile } from '../parsers/systemd-ini/systemd-ini.ts';

/** A single-value setting: what is in effect and the line that set it (null: compiled-in default). */
export interface SystemdSetting {
  value: string;
  source: SourceLine | null;
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

