/**
 * Helpers of the PostgreSQL rules: how a pg_hba.conf record reads in words, which records
 * admit clients from beyond the machine, and a stable key for findings.
 */
import type { HbaRecord } from '../../parsers/pg-hba/parser.ts';
import type { PostgresqlFacts, PgCluster } from '../../facts/postgresql.ts';

/** Skip message when no cluster was found. */
export const NO_POSTGRES = 'not applicable: no PostgreSQL configuration found';

export function clustersOf(pg: PostgresqlFacts): PgCluster[] {
  return pg.installed ? pg.clusters : [];
}

/** The address of a record with its separate mask folded in ("10.0.0.0 255.255.255.0" stays readable). */
export function addressOf(r: HbaRecord): string {
  return r.mask ? `${r.address} ${r.mask}` : (r.address ?? '');
}

/** Address fields that match any client. */
export function isWorld(r: HbaRecord): boolean {
  if (r.type === 'local' || r.address === undefined) return false;
  const a = r.address.toLowerCase();
  if (a === 'all' || a === '0.0.0.0/0' || a === '::/0' || a === '::0/0') return true;
  return r.mask !== undefined && (r.mask === '0.0.0.0' || r.mask === '::' || r.mask === '::0');
}

/** Records that can match a client on another machine (not local sockets, not loopback). */
export function isRemote(r: HbaRecord): boolean {
  if (r.type === 'local' || r.address === undefined) return false;
  const a = r.address.toLowerCase();
  if (a === 'samehost' || a === 'localhost') return false;
  if (/^127\./.test(a) || a === '::1/128' || a === '::1') return false;
  return true;
}

/** "all", "replication", "sre,repmgr" — the field as written (quoted names kept quoted). */
export function fieldText(tokens: HbaRecord['databases']): string {
  return tokens.map((t) => (t.quoted ? `"${t.value}"` : t.value)).join(',');
}

export function matchesReplication(r: HbaRecord): boolean {
  return r.databases.some((t) => !t.quoted && t.value === 'replication');
}

export function isAll(tokens: HbaRecord['databases']): boolean {
  return tokens.some((t) => !t.quoted && t.value === 'all');
}

/** Fingerprint key of a record: file, connection kind, database, user and address, never the line number. */
export function recordKey(r: HbaRecord): string {
  // Neither the method nor the SSL variant of a host record is part of its identity: fixing
  // one of them must not turn the record's other findings into new ones.
  return `${r.source.file}|${r.type === 'local' ? 'local' : 'host'}|${fieldText(r.databases)}|${fieldText(r.users)}|${addressOf(r)}`;
}
