/**
 * What a service listens on, as told by its own configuration (offline) or by the kernel
 * (live, /proc/net/*). Every service fact that can say where its daemon listens exposes
 * `listens: Listener[]`; the `listeners` fact joins them for the exposure rules.
 */
import type { SourceLine } from '../parsers/types.ts';

export interface Listener {
  /** Short service name: "sshd", "nginx", "postgresql", "redis", "mysql", "mongodb", "slapd", "docker", ... */
  service: string;
  protocol: 'tcp' | 'udp';
  /** Literal address: "0.0.0.0", "::", "127.0.0.1", "::1", "10.0.0.5"; "*" for all families. */
  address: string;
  port: number;
  /** Where the configuration says so (offline), absent for live sockets. */
  source?: SourceLine;
  /** Live only: owning process. */
  process?: { pid: number; name: string };
  /** How it was learnt. */
  origin: 'config' | 'live';
}
