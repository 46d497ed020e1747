/** Log forwarding to other hosts, from every shipper garrison reads. */
import type { LogForward } from '../../facts/rsyslog.ts';
import type { RsyslogFacts } from '../../facts/rsyslog.ts';
import type { SyslogNgFacts } from '../../facts/syslogng.ts';

const LOCAL = /^(127\.\d+\.\d+\.\d+|::1|localhost|localhost\.localdomain|ip6-localhost)$/i;

/** True for a target on this host (a local relay or tunnel), where clear text does not travel. */
export function isLocalTarget(target: string): boolean {
  return LOCAL.test(target.trim());
}

/** Every forwarding action to another host, from rsyslog and syslog-ng. */
export function remoteForwards(rsyslog: RsyslogFacts, syslogng: SyslogNgFacts): (LogForward & { daemon: string })[] {
  return [
    ...rsyslog.forwards.map((f) => ({ ...f, daemon: 'rsyslog' })),
    ...syslogng.forwards.map((f) => ({ ...f, daemon: 'syslog-ng' })),
  ].filter((f) => f.target !== '' && !isLocalTarget(f.target));
}
