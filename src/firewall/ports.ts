/**
 * Port numbers and the service names firewall tools accept in their place (the names of
 * /etc/services that rulesets and firewalld services use in practice).
 */

/** An inclusive port range. */
export type PortRange = readonly [number, number];

const SERVICES: Record<string, number> = {
  ftp: 21,
  'ftp-data': 20,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  dns: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  http: 80,
  www: 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  rpcbind: 111,
  auth: 113,
  ntp: 123,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  'netbios-ssn': 139,
  imap: 143,
  imap2: 143,
  snmp: 161,
  'snmp-trap': 162,
  bgp: 179,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  isakmp: 500,
  submissions: 465,
  smtps: 465,
  syslog: 514,
  printer: 515,
  submission: 587,
  'dhcpv6-client': 546,
  'dhcpv6-server': 547,
  ldaps: 636,
  rsync: 873,
  'ftps-data': 989,
  ftps: 990,
  imaps: 993,
  pop3s: 995,
  socks: 1080,
  openvpn: 1194,
  'ms-sql-s': 1433,
  'ingreslock': 1524,
  l2tp: 1701,
  pptp: 1723,
  radius: 1812,
  'radius-acct': 1813,
  nfs: 2049,
  'iscsi-target': 3260,
  mysql: 3306,
  'ms-wbt-server': 3389,
  postgresql: 5432,
  postgres: 5432,
  sip: 5060,
  'sip-tls': 5061,
  amqp: 5672,
  'x11': 6000,
  redis: 6379,
  'http-alt': 8080,
  webcache: 8080,
  'mongodb': 27017,
  memcache: 11211,
  memcached: 11211,
};

/** A port number or a service name; null when neither. */
export function parsePort(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d{1,5}$/.test(t)) {
    const n = Number(t);
    return n <= 65535 ? n : null;
  }
  return Object.prototype.hasOwnProperty.call(SERVICES, t) ? SERVICES[t]! : null;
}

/**
 * Parses a port or a range with the given separator ("22", "1024:65535", ":1023", "8000-8100").
 * An open end stands for 0 or 65535 as in iptables. Null when malformed or reversed.
 */
export function parsePortRange(text: string, separator: ':' | '-'): PortRange | null {
  const i = text.indexOf(separator);
  if (i < 0) {
    const p = parsePort(text);
    return p === null ? null : [p, p];
  }
  const a = text.slice(0, i) === '' ? 0 : parsePort(text.slice(0, i));
  const b = text.slice(i + 1) === '' ? 65535 : parsePort(text.slice(i + 1));
  if (a === null || b === null || a > b) return null;
  return [a, b];
}

/** "22", "1000-2000". */
export function formatPortRange([a, b]: PortRange): string {
  return a === b ? String(a) : `${a}-${b}`;
}
