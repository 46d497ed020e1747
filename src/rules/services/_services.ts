/**
 * Shared pieces of the service rules: which units of a service start at boot, and
 * whether inetd/xinetd (which start the services listed in their configuration) run.
 */
import { fileEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { Enablement, InetdService, SystemdFacts } from '../../facts/systemd.ts';

/** The first of the units that starts at boot, with why. */
export function enabledUnit(systemd: SystemdFacts, units: readonly string[]): { unit: string; via: Enablement[] } | null {
  for (const unit of units) {
    const via = systemd.enabledVia(unit);
    if (via.length > 0) return { unit, via };
  }
  return null;
}

/** Evidence for an enablement: the wants/alias link or rc script, or systemctl. */
export function enablementEvidence(unit: string, via: readonly Enablement[]): Evidence[] {
  return via.slice(0, 3).map((e) => fileEvidence(e.path, e.kind === 'sysv' ? `SysV start link of ${unit}` : e.kind === 'systemctl' ? `systemctl reports ${unit} enabled` : `${unit} enabled (${e.kind})`));
}

/** Units of the inetd implementations Debian and RHEL ship. */
const INETD_UNITS = ['inetd.service', 'openbsd-inetd.service', 'inetutils-inetd.service', 'rlinetd.service'];

/**
 * True when the super-server that reads this entry starts at boot. Without systemd the
 * boot configuration cannot be read, so the entry is taken as active.
 */
export function superServerRuns(systemd: SystemdFacts, s: InetdService): boolean {
  if (!systemd.present) return true;
  return enabledUnit(systemd, s.daemon === 'xinetd' ? ['xinetd.service'] : INETD_UNITS) !== null;
}

/** Active inetd/xinetd entries for the given service names. */
export function activeInetd(systemd: SystemdFacts, services: readonly string[]): InetdService[] {
  return systemd.inetd.filter((s) => s.enabled && services.includes(s.service) && superServerRuns(systemd, s));
}

/** Addresses and keywords that mean "this host only" in MTA listen settings. */
const LOOPBACK = new Set(['loopback-only', 'localhost', '127.0.0.1', '::1', '[::1]', 'lo', 'socket']);

/** True when every address in a list (commas, blanks or `;`) is a loopback one. */
export function loopbackOnly(list: string): boolean {
  const items = list
    .replace(/^<;\s*/, '')
    .split(/[\s,;]+/)
    // exim writes a port after the address ("127.0.0.1.587"), postfix brackets IPv6 ("[::1]").
    .map((s) => s.trim().replace(/^(\d+\.\d+\.\d+\.\d+)\.\d+$/, '$1').replace(/^\[(.*)\](:\d+)?$/, '$1'))
    .filter(Boolean);
  return items.length > 0 && items.every((i) => LOOPBACK.has(i) || /^127\./.test(i));
}
