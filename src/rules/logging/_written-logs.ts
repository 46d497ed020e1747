/** Log files the syslog daemons write, with a concrete sample path for dynamic ones. */
import type { LogFileAction, RsyslogFacts } from '../../facts/rsyslog.ts';
import type { SyslogNgFacts } from '../../facts/syslogng.ts';

export interface WrittenLog extends LogFileAction {
  daemon: string;
  /** The path itself, or for a dynamic file one it would write ("/var/log/remote/host1/syslog.log"). */
  sample: string;
}

/** Every file written by rsyslog or syslog-ng, devices excluded. */
export function writtenLogs(rsyslog: RsyslogFacts, syslogng: SyslogNgFacts): WrittenLog[] {
  const all = [...rsyslog.fileActions.map((a) => ({ ...a, daemon: 'rsyslog' })), ...syslogng.fileActions.map((a) => ({ ...a, daemon: 'syslog-ng' }))];
  const out: WrittenLog[] = [];
  const seen = new Set<string>();
  for (const a of all) {
    if (!a.path.startsWith('/') || a.path.startsWith('/dev/')) continue;
    if (seen.has(a.path)) continue;
    seen.add(a.path);
    out.push({ ...a, sample: a.path.replace(/%[^%]*%/g, 'host1') });
  }
  return out;
}
