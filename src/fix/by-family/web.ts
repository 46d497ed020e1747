/** nginx and Apache: an http-level nginx drop-in for settings no server sets, and line edits. */
import { editableLine, editOf, type Fix, type FixAction, type FixResult, type ManagedFile } from '../actions.ts';

/** Debian's nginx.conf includes conf.d/*.conf inside http{}: these settings apply to every server that sets none. */
export const NGINX_DROPIN: ManagedFile = { path: '/etc/nginx/conf.d/zz-garrison.conf', mode: '0644', reload: 'nginx -t && systemctl reload nginx' };
const NGINX_RELOAD = NGINX_DROPIN.reload;
const APACHE_RELOAD = 'apache2ctl configtest && systemctl reload apache2';

const MODERN_CIPHERS =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384';

/** Edits of the quoted lines that match one of the patterns; `null` when none does. */
function editLines(finding: Parameters<Fix>[0], edits: [RegExp, (t: string) => string, string][]): FixResult | null {
  const actions = [];
  for (const e of finding.evidence) {
    if (!editableLine(e)) continue;
    const hit = edits.find(([re]) => re.test(e.snippet));
    if (hit) actions.push(editOf(e, hit[1], hit[2]));
  }
  return actions.length > 0 ? { actions } : null;
}

/** When no quoted line sets the directive, nginx uses its default everywhere: set it once at http level. */
function nginxDefault(finding: Parameters<Fix>[0], directive: string, line: string): FixResult | null {
  const notSet = finding.evidence.some((e) => e.path?.startsWith('/etc/nginx/') && /not set|default/.test(e.note ?? '') && !e.snippet?.startsWith(directive));
  const setSomewhere = finding.evidence.some((e) => e.snippet?.startsWith(`${directive} `));
  return notSet && !setSomewhere ? { actions: [{ kind: 'setting', file: NGINX_DROPIN, line }] } : null;
}

const serverTokensFix: Fix = (finding) => {
  if (finding.messageId === 'nginxTokens')
    return editLines(finding, [[/^server_tokens\s+(on|build)\s*;/, () => 'server_tokens off;', NGINX_RELOAD]]) ?? nginxDefault(finding, 'server_tokens', 'server_tokens off;') ?? { skip: 'set server_tokens off; by hand' };
  if (finding.messageId === 'apacheTokens') return editLines(finding, [[/^ServerTokens\s+\w+$/i, () => 'ServerTokens Prod', APACHE_RELOAD]]) ?? { skip: 'set ServerTokens Prod by hand' };
  return editLines(finding, [[/^ServerSignature\s+\w+$/i, () => 'ServerSignature Off', APACHE_RELOAD]]) ?? { skip: 'set ServerSignature Off by hand' };
};

const ticketsFix: Fix = (finding) =>
  editLines(finding, [
    [/^ssl_session_tickets\s+on\s*;/, () => 'ssl_session_tickets off;', NGINX_RELOAD],
    [/^SSLSessionTickets\s+on$/i, () => 'SSLSessionTickets off', APACHE_RELOAD],
  ]) ??
  (finding.evidence.some((e) => e.path?.startsWith('/etc/nginx/')) ? nginxDefault(finding, 'ssl_session_tickets', 'ssl_session_tickets off;') : null) ?? { skip: 'set SSLSessionTickets off by hand' };

const protocolsFix: Fix = (finding) =>
  editLines(finding, [
    [/^ssl_protocols\s[^;]*;/, (t) => t.replace(/^ssl_protocols\s[^;]*;/, 'ssl_protocols TLSv1.2 TLSv1.3;'), NGINX_RELOAD],
    [/^SSLProtocol\s/i, () => 'SSLProtocol -all +TLSv1.2 +TLSv1.3', APACHE_RELOAD],
  ]) ?? { skip: 'the old protocols are a default: set ssl_protocols TLSv1.2 TLSv1.3; (or SSLProtocol -all +TLSv1.2 +TLSv1.3) where the site is defined' };

const ciphersFix: Fix = (finding) =>
  editLines(finding, [
    [/^ssl_ciphers\s[^;]*;/, (t) => t.replace(/^ssl_ciphers\s[^;]*;/, `ssl_ciphers ${MODERN_CIPHERS};`), NGINX_RELOAD],
    [/^SSLCipherSuite\s/i, () => `SSLCipherSuite ${MODERN_CIPHERS}`, APACHE_RELOAD],
  ]) ?? { skip: 'the weak suites are a default: set a modern ssl_ciphers (SSLCipherSuite) list where the site is defined' };

/** A short max-age raised to one year; the other parts (includeSubDomains, preload, always) are kept. */
const hstsFix: Fix = (finding) => {
  if (finding.messageId !== 'weak') return { skip: 'add the header where the TLS site is defined (see the remediation)' };
  return editLines(finding, [[/Strict-Transport-Security.*max-age=\d+/i, (t) => t.replace(/max-age=\d+/i, 'max-age=31536000'), /^add_header/.test(finding.evidence[0]?.snippet ?? '') ? NGINX_RELOAD : APACHE_RELOAD]]) ?? {
    skip: 'the header line is not quoted: raise max-age by hand',
  };
};


/** The values the header fixes send (each accepted by its rule). */
const HEADER_VALUES: Record<string, [string, string]> = {
  'web-content-type-options': ['X-Content-Type-Options', 'nosniff'],
  'web-frame-options': ['X-Frame-Options', 'SAMEORIGIN'],
  'web-referrer-policy': ['Referrer-Policy', 'strict-origin-when-cross-origin'],
};

/** Debian's layout: a configuration in conf-available, enabled with a link, and mod_headers enabled the same way. */
export const APACHE_HEADERS: ManagedFile = { path: '/etc/apache2/conf-available/garrison-headers.conf', mode: '0644', reload: APACHE_RELOAD };

/**
 * A missing Apache header, set in the main server configuration (every virtual host inherits
 * it; one that sets its own value keeps it), with mod_headers enabled for it.
 */
function apacheHeaderFix(finding: Parameters<Fix>[0], name: string, value: string): FixResult {
  if (!finding.evidence.some((e) => e.path?.startsWith('/etc/apache2/'))) return { skip: 'not the Debian Apache layout: add the Header directive to the site by hand' };
  // A site with Header directives of its own may unset or override what the main server sets.
  if (!finding.evidence.some((e) => e.note === 'no Header directive here or in the main server sets any header')) return { skip: 'the site has Header directives of its own: add this one next to them by hand' };
  return {
    actions: [
      { kind: 'symlink', path: '/etc/apache2/mods-enabled/headers.load', target: '../mods-available/headers.load', reload: APACHE_RELOAD },
      { kind: 'setting', file: APACHE_HEADERS, line: `<IfModule mod_headers.c>\n    Header always set ${name} "${value}"\n</IfModule>` },
      { kind: 'symlink', path: '/etc/apache2/conf-enabled/garrison-headers.conf', target: '../conf-available/garrison-headers.conf', reload: APACHE_RELOAD },
    ],
  };
}

/**
 * A missing nginx header, added where nginx takes the add_header list of each place that
 * lacks it: appended to that level's add_header line, or, where no level has one, once at
 * http level.
 */
function headerFix(ruleId: string): Fix {
  const [name, value] = HEADER_VALUES[ruleId]!;
  const directive = `add_header ${name} "${value}" always;`;
  return (finding) => {
    if (finding.messageId !== 'missing') return { skip: 'the header is sent with a weak value: change it by hand' };
    if (!finding.evidence.some((e) => e.path?.startsWith('/etc/nginx/'))) return apacheHeaderFix(finding, name, value);
    const actions: FixAction[] = [];
    for (const e of finding.evidence) {
      if (editableLine(e) && e.note?.endsWith('takes its add_header list from this level') && /^add_header\s/.test(e.snippet))
        actions.push(editOf(e, (t) => `${t} ${directive}`, NGINX_RELOAD));
    }
    if (finding.evidence.some((e) => e.note?.endsWith('(no add_header at any level)'))) actions.push({ kind: 'setting', file: NGINX_DROPIN, line: directive });
    return actions.length > 0 ? { actions } : { skip: 'the add_header lines are not quoted: add the header by hand' };
  };
}

/** A location's own add_header list, completed with the headers it stopped inheriting. */
const inheritanceFix: Fix = (finding) => {
  const own = finding.evidence.find((e) => editableLine(e) && e.note === 'add_header here stops inheritance');
  const dropped = finding.evidence.filter((e) => / is not sent for /.test(e.note ?? ''));
  const copyable = (e: (typeof dropped)[number]) => editableLine(e) && /^add_header\s+\S+\s+("[^"]*"|'[^']*'|[^\s;"']+)(\s+always)?\s*;$/.test(e.snippet);
  if (!own || !editableLine(own) || dropped.length === 0 || !dropped.every(copyable)) return { skip: 'repeat the server-level add_header lines in the location by hand' };
  // A weak max-age is raised on the way, as web-hsts's fix does at the server level.
  const copies = dropped.map((e) => e.snippet!.replace(/max-age=(\d+)/i, (m, n: string) => (Number(n) < 31536000 ? 'max-age=31536000' : m)));
  return { actions: [editOf(own, (t) => [t, ...copies.filter((c) => !t.includes(c))].join(' '), NGINX_RELOAD)] };
};

export const WEB_FIXES: [string, Fix][] = [
  ['web-server-tokens', serverTokensFix],
  ['web-ssl-session-tickets', ticketsFix],
  ['web-tls-protocols', protocolsFix],
  ['web-weak-ciphers', ciphersFix],
  ['web-hsts', hstsFix],
  ...Object.keys(HEADER_VALUES).map((id): [string, Fix] => [id, headerFix(id)]),
  ['web-add-header-inheritance', inheritanceFix],
];
