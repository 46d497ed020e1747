/**
 * The Docker daemon's configuration: /etc/docker/daemon.json and the command-line flags
 * dockerd is started with (ExecStart of docker.service with its drop-ins, and DOCKER_OPTS
 * from /etc/default/docker, which Debian's unit reads). dockerd refuses to start when a
 * setting is given both ways, so the two sources simply add up.
 */
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseDaemonJson, type DaemonOption } from '../parsers/docker-daemon/daemon-json.ts';
import { unitLocations } from '../parsers/systemd-ini/dropins.ts';
import { listValue } from '../parsers/systemd-ini/systemd-ini.ts';
import type { SourceLine } from '../parsers/types.ts';
import { splitLines } from '../parsers/types.ts';
import { loadSystemdConfig } from './_systemd-config.ts';
import type { Listener } from './_listener.ts';

export const DAEMON_JSON = '/etc/docker/daemon.json';
const DOCKERD = ['/usr/bin/dockerd', '/usr/sbin/dockerd', '/usr/local/bin/dockerd'];

/** One dockerd flag (`--icc=false`, `-H tcp://0.0.0.0:2376`). */
export interface DockerFlag {
  /** Long name without dashes ("host" for -H, "tlsverify", "icc", ...). */
  name: string;
  value: string | null;
  source: SourceLine;
}

export interface DockerFacts {
  /** dockerd or its unit is present. */
  installed: boolean;
  /** daemon.json options, or null when the file does not exist. */
  daemonJson: Map<string, DaemonOption> | null;
  flags: DockerFlag[];
  /** TCP sockets dockerd listens on (from `hosts` and -H). */
  listens: Listener[];
}

const SHORT: Record<string, string> = { H: 'host', D: 'debug', G: 'group', g: 'data-root', p: 'pidfile' };
const BOOLEAN_FLAGS = new Set(['tlsverify', 'tls', 'icc', 'live-restore', 'debug', 'iptables', 'ip-forward', 'userland-proxy', 'no-new-privileges', 'selinux-enabled']);

/** Splits a command line into words (double and single quotes). */
function shellWords(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Reads dockerd flags from a command line (the program name, if present, is skipped). */
export function parseDockerdFlags(command: string, source: SourceLine): DockerFlag[] {
  const words = shellWords(command);
  const out: DockerFlag[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let name: string;
    let value: string | null = null;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      name = eq === -1 ? w.slice(2) : w.slice(2, eq);
      if (eq !== -1) value = w.slice(eq + 1);
    } else if (/^-[A-Za-z]/.test(w)) {
      const eq = w.indexOf('=');
      const short = w.slice(1, eq === -1 ? 2 : eq);
      name = SHORT[short] ?? short;
      if (eq !== -1) value = w.slice(eq + 1);
      else if (w.length > 2) value = w.slice(2);
    } else continue;
    if (value === null && !BOOLEAN_FLAGS.has(name)) {
      const next = words[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        value = next;
        i++;
      }
    }
    out.push({ name, value, source });
  }
  return out;
}

/** Parses `tcp://host:port` (also `tcp://:2375`, `tcp://[::]:2376`). */
export function tcpEndpoint(host: string): { address: string; port: number } | null {
  const m = /^tcp:\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(host.trim());
  if (!m) return null;
  let address = m[1]!.replace(/^\[|\]$/g, '');
  if (address === '') address = '*';
  return { address, port: m[2] !== undefined ? Number(m[2]) : 2375 };
}

async function collect(ctx: FactContext): Promise<DockerFacts> {
  const { target } = ctx;
  const unitFiles = await loadSystemdConfig(ctx, unitLocations('docker.service'));
  const binaries = await Promise.all(DOCKERD.map((p) => target.stat(p)));
  const installed = binaries.some((b) => b.ok) || unitFiles.length > 0;

  let daemonJson: Map<string, DaemonOption> | null = null;
  const dj = await target.readFile(DAEMON_JSON);
  if (dj.ok) {
    const parsed = parseDaemonJson(dj.text, DAEMON_JSON);
    ctx.parseErrors(parsed.errors);
    daemonJson = parsed.model.options;
  } else if (dj.error.code !== 'ENOENT') ctx.diagnostic({ path: DAEMON_JSON, message: `cannot read: ${dj.error.message}` });

  const flags: DockerFlag[] = [];
  const exec = listValue(unitFiles, 'Service', 'ExecStart');
  const last = exec[exec.length - 1];
  if (last) flags.push(...parseDockerdFlags(last.value.replace(/^[-@:+!]+/, ''), last.source));
  const def = await target.readFile('/etc/default/docker');
  if (def.ok) {
    splitLines(def.text).forEach((raw, i) => {
      const m = /^\s*(?:export\s+)?DOCKER_OPTS\s*=\s*(.*)$/.exec(raw);
      if (!m) return;
      const v = m[1]!.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
      flags.push(...parseDockerdFlags(v, { file: '/etc/default/docker', line: i + 1, text: raw }));
    });
  }

  const listens: Listener[] = [];
  const hosts: { host: string; source: SourceLine }[] = flags.filter((f) => f.name === 'host' && f.value !== null).map((f) => ({ host: f.value!, source: f.source }));
  const jh = daemonJson?.get('hosts');
  if (jh && Array.isArray(jh.value)) for (const h of jh.value) if (typeof h === 'string') hosts.push({ host: h, source: jh.source });
  for (const h of hosts) {
    const ep = tcpEndpoint(h.host);
    if (ep) listens.push({ service: 'docker', protocol: 'tcp', address: ep.address, port: ep.port, source: h.source, origin: 'config' });
  }
  return { installed, daemonJson, flags, listens };
}

export default defineFact<'docker', DockerFacts>({
  name: 'docker',
  description: 'Docker daemon settings from /etc/docker/daemon.json, the docker.service ExecStart flags and /etc/default/docker.',
  collect,
});
