/**
 * The keywords of Debian 12's sshd (OpenSSH 9.2p1 with Debian's patches), from the
 * `keywords[]` table of servconf.c: the name `sshd -T` prints, the aliases, where a
 * keyword may appear and how repeated occurrences combine.
 */

/**
 * How a keyword's value is read and how repeated occurrences combine:
 * - flag: yes/no; multistate: one of `states`; int; time (seconds, `1m30s`): the first
 *   occurrence wins.
 * - string / path / rest (the whole rest of the line): the first occurrence wins.
 * - append: every word of every occurrence is collected (AllowUsers, AcceptEnv).
 * - firstLine: the words of the first occurrence only (AuthorizedKeysFile, SetEnv).
 * - last: every occurrence overwrites the previous one (MaxStartups, IPQoS).
 * - algorithms: an algorithm list, the first occurrence wins, expanded against the
 *   defaults for `+`, `-`, `^`.
 * - port, listen, hostkey, subsystem: cumulative with their own syntax.
 * - include, match: structure.
 * - ignored: accepted and without effect (deprecated, unsupported on this build).
 * - rejected: sshd refuses to start when it sees this keyword on Linux.
 */
export type KeywordKind =
  | 'flag'
  | 'multistate'
  | 'int'
  | 'time'
  | 'string'
  | 'path'
  | 'rest'
  | 'append'
  | 'firstLine'
  | 'last'
  | 'algorithms'
  | 'port'
  | 'listen'
  | 'hostkey'
  | 'subsystem'
  | 'include'
  | 'match'
  | 'ignored'
  | 'rejected';

/** Which algorithm table a list is expanded against. */
export type AlgorithmClass = 'cipher' | 'mac' | 'kex' | 'key' | 'sig';

export interface KeywordSpec {
  /** Lower-case name as `sshd -T` prints it. */
  name: string;
  kind: KeywordKind;
  /** Allowed inside a Match block (SSHCFG_ALL) or only in the global section. */
  inMatch: boolean;
  /** For multistate: accepted words (lower case) and what `sshd -T` prints for each. */
  states?: Readonly<Record<string, string>>;
  /** Multistate words compared case-sensitively (PermitTunnel uses strcmp). */
  caseSensitive?: boolean;
  /** For algorithms. */
  algorithms?: AlgorithmClass;
  /** Other names of the same keyword (lower case). */
  aliases?: readonly string[];
  /** Why an ignored or rejected keyword has no effect. */
  note?: string;
}

const TCP_FORWARDING = { yes: 'yes', all: 'yes', no: 'no', remote: 'remote', local: 'local' } as const;

const K = (name: string, kind: KeywordKind, inMatch: boolean, extra: Partial<KeywordSpec> = {}): KeywordSpec => ({
  name,
  kind,
  inMatch,
  ...extra,
});

/** Every keyword Debian 12's sshd accepts. */
export const KEYWORDS: readonly KeywordSpec[] = [
  K('usepam', 'flag', false),
  K('pamauthenticationviakbdint', 'ignored', false, { note: 'deprecated' }),
  K('port', 'port', false),
  K('hostkey', 'hostkey', false, { aliases: ['hostdsakey'] }),
  K('hostkeyagent', 'path', false),
  K('pidfile', 'path', false),
  K('modulifile', 'path', false),
  K('serverkeybits', 'ignored', false, { note: 'deprecated' }),
  K('logingracetime', 'time', false),
  K('keyregenerationinterval', 'ignored', false, { note: 'deprecated' }),
  K('permitrootlogin', 'multistate', true, {
    states: {
      'without-password': 'without-password',
      'prohibit-password': 'without-password',
      'forced-commands-only': 'forced-commands-only',
      yes: 'yes',
      no: 'no',
    },
  }),
  K('syslogfacility', 'multistate', false, {
    states: Object.fromEntries(
      ['daemon', 'user', 'auth', 'authpriv', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'].map((f) => [f, f.toUpperCase()]),
    ),
  }),
  K('loglevel', 'multistate', true, {
    states: {
      quiet: 'QUIET',
      fatal: 'FATAL',
      error: 'ERROR',
      info: 'INFO',
      verbose: 'VERBOSE',
      debug: 'DEBUG1',
      debug1: 'DEBUG1',
      debug2: 'DEBUG2',
      debug3: 'DEBUG3',
    },
  }),
  K('logverbose', 'firstLine', true),
  K('rhostsauthentication', 'ignored', false, { note: 'deprecated' }),
  K('rhostsrsaauthentication', 'ignored', true, { note: 'deprecated' }),
  K('hostbasedauthentication', 'flag', true),
  K('hostbasedusesnamefrompacketonly', 'flag', true),
  K('hostbasedacceptedalgorithms', 'algorithms', true, { algorithms: 'key', aliases: ['hostbasedacceptedkeytypes'] }),
  K('hostkeyalgorithms', 'algorithms', false, { algorithms: 'key' }),
  K('rsaauthentication', 'ignored', true, { note: 'deprecated' }),
  K('pubkeyauthentication', 'flag', true, { aliases: ['dsaauthentication'] }),
  K('pubkeyacceptedalgorithms', 'algorithms', true, { algorithms: 'key', aliases: ['pubkeyacceptedkeytypes'] }),
  K('pubkeyauthoptions', 'string', true),
  K('kerberosauthentication', 'flag', true),
  K('kerberosorlocalpasswd', 'flag', false),
  K('kerberosticketcleanup', 'flag', false),
  K('kerberosgetafstoken', 'ignored', false, { note: 'unsupported' }),
  K('kerberostgtpassing', 'ignored', false, { note: 'unsupported' }),
  K('afstokenpassing', 'ignored', false, { note: 'unsupported' }),
  K('gssapiauthentication', 'flag', true),
  K('gssapicleanupcredentials', 'flag', false, { aliases: ['gssapicleanupcreds'] }),
  K('gssapistrictacceptorcheck', 'flag', false),
  K('gssapikeyexchange', 'flag', false),
  K('gssapistorecredentialsonrekey', 'flag', false),
  K('gssapikexalgorithms', 'string', false),
  K('gssapiusesessioncredcache', 'ignored', false, { note: 'unsupported', aliases: ['gssusesessionccache'] }),
  K('passwordauthentication', 'flag', true),
  K('kbdinteractiveauthentication', 'flag', true, { aliases: ['challengeresponseauthentication', 'skeyauthentication'] }),
  K('checkmail', 'ignored', false, { note: 'deprecated' }),
  K('listenaddress', 'listen', false),
  K('addressfamily', 'multistate', false, { states: { inet: 'inet', inet6: 'inet6', any: 'any' } }),
  K('printmotd', 'flag', false),
  K('printlastlog', 'flag', false),
  K('ignorerhosts', 'multistate', true, { states: { yes: 'yes', no: 'no', 'shosts-only': 'shosts-only' } }),
  K('ignoreuserknownhosts', 'flag', false),
  K('x11forwarding', 'flag', true),
  K('x11displayoffset', 'int', true),
  K('x11uselocalhost', 'flag', true),
  K('xauthlocation', 'path', false),
  K('strictmodes', 'flag', false),
  K('permitemptypasswords', 'flag', true),
  K('permituserenvironment', 'string', false),
  K('uselogin', 'ignored', false, { note: 'deprecated' }),
  K('compression', 'multistate', false, { states: { yes: 'yes', delayed: 'yes', no: 'no' } }),
  K('rekeylimit', 'string', true),
  K('tcpkeepalive', 'flag', false, { aliases: ['keepalive'] }),
  K('allowtcpforwarding', 'multistate', true, { states: TCP_FORWARDING }),
  K('allowagentforwarding', 'flag', true),
  K('allowusers', 'append', true),
  K('denyusers', 'append', true),
  K('allowgroups', 'append', true),
  K('denygroups', 'append', true),
  K('ciphers', 'algorithms', false, { algorithms: 'cipher' }),
  K('macs', 'algorithms', false, { algorithms: 'mac' }),
  K('protocol', 'ignored', false, { note: 'ignored since OpenSSH 7.6' }),
  K('gatewayports', 'multistate', true, { states: { clientspecified: 'clientspecified', yes: 'yes', no: 'no' } }),
  K('subsystem', 'subsystem', false),
  K('maxstartups', 'last', false),
  K('persourcemaxstartups', 'last', false),
  K('persourcenetblocksize', 'last', false),
  K('maxauthtries', 'int', true),
  K('maxsessions', 'int', true),
  K('banner', 'path', true),
  K('usedns', 'flag', false),
  K('verifyreversemapping', 'ignored', false, { note: 'deprecated' }),
  K('reversemappingcheck', 'ignored', false, { note: 'deprecated' }),
  K('clientaliveinterval', 'time', true),
  K('clientalivecountmax', 'int', true),
  K('authorizedkeysfile', 'firstLine', true),
  K('authorizedkeysfile2', 'ignored', true, { note: 'deprecated' }),
  K('useprivilegeseparation', 'ignored', false, { note: 'deprecated' }),
  K('acceptenv', 'append', true),
  K('setenv', 'firstLine', true),
  K('permittunnel', 'multistate', true, {
    states: { no: 'no', 'point-to-point': 'point-to-point', ethernet: 'ethernet', yes: 'yes' },
    caseSensitive: true,
  }),
  K('permittty', 'flag', true),
  K('permituserrc', 'flag', true),
  K('match', 'match', true),
  K('permitopen', 'firstLine', true),
  K('permitlisten', 'firstLine', true),
  K('forcecommand', 'rest', true),
  K('chrootdirectory', 'string', true),
  K('hostcertificate', 'append', false),
  K('revokedkeys', 'path', true),
  K('trustedusercakeys', 'path', true),
  K('authorizedprincipalsfile', 'string', true),
  K('kexalgorithms', 'algorithms', false, { algorithms: 'kex' }),
  K('casignaturealgorithms', 'algorithms', true, { algorithms: 'sig' }),
  K('include', 'include', true),
  K('ipqos', 'last', true),
  K('authorizedkeyscommand', 'rest', true),
  K('authorizedkeyscommanduser', 'string', true),
  K('authorizedprincipalscommand', 'rest', true),
  K('authorizedprincipalscommanduser', 'string', true),
  K('versionaddendum', 'rest', false),
  K('authenticationmethods', 'firstLine', true),
  K('streamlocalbindmask', 'last', true),
  K('streamlocalbindunlink', 'flag', true),
  K('allowstreamlocalforwarding', 'multistate', true, { states: TCP_FORWARDING }),
  K('fingerprinthash', 'last', false),
  K('disableforwarding', 'flag', true),
  K('exposeauthinfo', 'flag', true),
  K('rdomain', 'rejected', true, { note: 'routing domains are not supported on Linux' }),
  K('securitykeyprovider', 'path', false),
  K('requiredrsasize', 'int', true),
  K('channeltimeout', 'firstLine', true),
  K('unusedconnectiontimeout', 'time', true),
  K('debianbanner', 'flag', false),
  K('permitblacklistedkeys', 'ignored', false, { note: 'deprecated' }),
];

const BY_NAME: ReadonlyMap<string, KeywordSpec> = (() => {
  const m = new Map<string, KeywordSpec>();
  for (const k of KEYWORDS) {
    m.set(k.name, k);
    for (const a of k.aliases ?? []) m.set(a, k);
  }
  return m;
})();

/** The keyword spec for a name as written (case-insensitive, aliases resolved), or undefined. */
export function lookupKeyword(written: string): KeywordSpec | undefined {
  return BY_NAME.get(written.toLowerCase());
}
