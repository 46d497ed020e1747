/**
 * Every TCP and UDP socket that accepts connections from others.
 *
 * Live: the kernel's tables /proc/net/tcp, tcp6, udp and udp6 (TCP sockets in LISTEN, UDP
 * sockets bound without a peer), each with its owning process found by matching the
 * socket inode against the /proc/<pid>/fd links. A socket on the IPv6 wildcard also takes
 * IPv4 connections unless IPv6-only; it is taken as IPv6-only when the same port is bound
 * on the IPv4 wildcard too, or when net.ipv6.bindv6only is 1.
 *
 * Offline: the `listens` of every service fact (sshd, nginx, apache, PostgreSQL, MySQL,
 * Redis, MongoDB, RabbitMQ, slapd, vsftpd, Docker, Compose published ports, ...), which
 * read where each daemon listens from its own configuration.
 */
import { defineFact, type FactContext, type FactName } from '../core/fact.ts';
import type { Listener } from './_listener.ts';
import { listeningSockets, parseProcNet, type ProcNetSocket } from '../parsers/proc-net/proc-net.ts';

/** A listener and the service fact it comes from (offline). */
export interface ServiceListener extends Listener {
  fact?: string;
  /**
   * A port Docker publishes for a container: packets to it are redirected (DNAT) before the
   * host's INPUT chain, so host firewall rules on INPUT do not restrict it.
   */
  dockerPublished?: boolean;
}

export interface ListenersFacts {
  /** Where the list comes from. */
  origin: 'live' | 'config';
  listeners: ServiceListener[];
  /** Service facts consulted (offline). */
  services: string[];
}

/** The service facts that expose `listens: Listener[]` (a name that is no fact fails to type-check). */
export const SERVICE_FACTS = [
  'sshd', 'nginx', 'apache', 'postgresql', 'mysql', 'redis', 'mongodb', 'rabbitmq', 'slapd', 'vsftpd', 'docker', 'compose',
] as const satisfies readonly FactName[];

const PROC_TABLES: [string, 'tcp' | 'udp', 'ipv4' | 'ipv6'][] = [
  ['/proc/net/tcp', 'tcp', 'ipv4'],
  ['/proc/net/tcp6', 'tcp', 'ipv6'],
  ['/proc/net/udp', 'udp', 'ipv4'],
  ['/proc/net/udp6', 'udp', 'ipv6'],
];

/** Upper bounds of the /proc walk that maps sockets to processes. */
const MAX_PROCESSES = 8192;
const MAX_FD_LINKS = 200_000;

function isListener(v: unknown): v is Listener {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return typeof l.service === 'string' && (l.protocol === 'tcp' || l.protocol === 'udp') && typeof l.address === 'string' && typeof l.port === 'number';
}

async function fromServices(ctx: FactContext): Promise<ListenersFacts> {
  const listeners: ServiceListener[] = [];
  const services: string[] = [];
  const seen = new Set<string>();
  for (const name of SERVICE_FACTS) {
    let value: unknown;
    try {
      value = await ctx.get(name);
    } catch {
      continue; // the service fact reports its own failure
    }
    const listens = (value as { listens?: unknown } | null)?.listens;
    if (!Array.isArray(listens)) continue;
    services.push(name);
    for (const l of listens) {
      if (!isListener(l)) continue;
      const k = `${l.service}|${l.protocol}|${l.address}|${l.port}`;
      if (seen.has(k)) continue;
      seen.add(k);
      listeners.push(name === 'compose' ? { ...l, fact: name, dockerPublished: true } : { ...l, fact: name });
    }
  }
  if (listeners.some((l) => l.fact === 'compose') && !(await dockerManagesIptables(ctx))) {
    for (const l of listeners) if (l.fact === 'compose') delete l.dockerPublished;
  }
  return { origin: 'config', listeners, services };
}

/** dockerd redirects published ports with iptables unless `"iptables": false` / `--iptables=false`. */
async function dockerManagesIptables(ctx: FactContext): Promise<boolean> {
  try {
    const docker = await ctx.get('docker');
    if (docker.daemonJson?.get('iptables')?.value === false) return false;
    if (docker.flags.some((f) => f.name === 'iptables' && f.value === 'false')) return false;
  } catch {
    // No docker fact: Docker's default applies.
  }
  return true;
}

/** Maps socket inodes to processes through /proc/<pid>/fd (bounded). */
async function owners(ctx: FactContext, inodes: Set<number>): Promise<Map<number, { pid: number; name: string }>> {
  const out = new Map<number, { pid: number; name: string }>();
  const t = ctx.target;
  const proc = await t.readDir('/proc');
  if (!proc.ok) return out;
  const pids = proc.entries.filter((e) => /^\d+$/.test(e.name)).map((e) => Number(e.name)).slice(0, MAX_PROCESSES);
  let budget = MAX_FD_LINKS;
  for (const pid of pids) {
    if (out.size >= inodes.size || budget <= 0) break;
    const fds = await t.readDir(`/proc/${pid}/fd`);
    if (!fds.ok) continue;
    const entries = fds.entries.slice(0, budget);
    budget -= entries.length;
    const links = await Promise.all(entries.map((e) => t.readLink(`/proc/${pid}/fd/${e.name}`)));
    let found = false;
    for (const l of links) {
      if (!l.ok) continue;
      const m = /^socket:\[(\d+)\]$/.exec(l.target);
      if (!m) continue;
      const inode = Number(m[1]);
      if (inodes.has(inode) && !out.has(inode)) {
        out.set(inode, { pid, name: '' });
        found = true;
      }
    }
    if (found) {
      const comm = await t.readFile(`/proc/${pid}/comm`, { maxBytes: 256 });
      const name = comm.ok ? comm.text.trim() : '';
      for (const [inode, o] of out) if (o.pid === pid) out.set(inode, { pid, name });
    }
  }
  return out;
}

async function fromProc(ctx: FactContext): Promise<ListenersFacts> {
  const t = ctx.target;
  const sockets: ProcNetSocket[] = [];
  const reads = await t.readFiles(PROC_TABLES.map(([p]) => p));
  reads.forEach((r, i) => {
    const [file, protocol, family] = PROC_TABLES[i]!;
    if (!r.ok) return; // a kernel without IPv6 has no tcp6 table
    const p = parseProcNet(r.text, file, { protocol, family });
    ctx.parseErrors(p.errors);
    sockets.push(...listeningSockets(p.model.sockets));
  });
  const bindv6only = await t.readFile('/proc/sys/net/ipv6/bindv6only', { maxBytes: 64 });
  const v6onlyDefault = bindv6only.ok && bindv6only.text.trim() === '1';
  const who = await owners(ctx, new Set(sockets.map((s) => s.inode).filter((n) => n > 0)));
  const listeners: Listener[] = [];
  const seen = new Set<string>();
  for (const s of sockets) {
    let address = s.localAddress;
    if (address === '::') {
      const v4twin = sockets.some((o) => o.family === 'ipv4' && o.protocol === s.protocol && o.localPort === s.localPort && o.localAddress === '0.0.0.0');
      if (!v4twin && !v6onlyDefault) address = '*';
    } else if (address.startsWith('::ffff:')) address = address.slice(7);
    const owner = who.get(s.inode);
    const k = `${s.protocol}|${address}|${s.localPort}|${owner?.pid ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const file = PROC_TABLES.find(([, p, f]) => p === s.protocol && f === s.family)![0];
    const shownAddr = address.includes(':') ? `[${address}]` : address;
    const l: ServiceListener = {
      service: owner?.name || 'unknown',
      protocol: s.protocol,
      address,
      port: s.localPort,
      source: { file, line: s.line, text: `${s.protocol} ${shownAddr}:${s.localPort}${owner ? ` ${owner.name || '?'}[${owner.pid}]` : ''} uid ${s.uid}` },
      origin: 'live',
    };
    if (owner) l.process = { pid: owner.pid, name: owner.name };
    listeners.push(owner?.name === 'docker-proxy' ? { ...l, dockerPublished: true } : l);
  }
  return { origin: 'live', listeners, services: [] };
}

export default defineFact<'listeners', ListenersFacts>({
  name: 'listeners',
  description: 'TCP and UDP sockets open to others: from the kernel with their processes on a live host, else from the services\' configuration',
  async collect(ctx) {
    if (ctx.target.capabilities.live) {
      const probe = await ctx.target.readFile('/proc/net/tcp', { maxBytes: 64 });
      if (probe.ok) return fromProc(ctx);
      ctx.diagnostic({ path: '/proc/net/tcp', message: `cannot read the kernel's socket table (${probe.error.message}): listeners taken from the configuration` });
    }
    return fromServices(ctx);
  },
});
