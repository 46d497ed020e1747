/**
 * The exposure score of a service unit, computed from its files the way
 * `systemd-analyze security` computes it (systemd 252, Debian 12): each sandboxing setting
 * has a weight and a badness; the score is the weighted badness on a 0.0 (locked down) to
 * 10.0 (fully exposed) scale. systemd's own implicit settings are applied first
 * (DynamicUser= implies a strict sandbox, PrivateDevices= and the Protect*= options drop
 * capabilities). System call filters are judged by their named groups.
 */
import { lastValue, listValue, type IniFile } from '../../parsers/systemd-ini/systemd-ini.ts';

export interface Assessment {
  /** Setting name as systemd-analyze prints it ("ProtectSystem=", "CapabilityBoundingSet=~CAP_SYS_ADMIN"). */
  id: string;
  weight: number;
  range: number;
  /** 0 = good ... range = bad; null when not applicable. */
  badness: number | null;
}

export interface Exposure {
  /** 0.0 .. 10.0, one decimal, as systemd-analyze prints it. */
  score: number;
  /** systemd-analyze's verdict for the score. */
  level: 'PERFECT' | 'SAFE' | 'OK' | 'MEDIUM' | 'EXPOSED' | 'UNSAFE' | 'DANGEROUS';
  items: Assessment[];
  /** The sandbox as evaluated (after systemd's implicit settings). */
  info: SecurityInfo;
}

const ALL_CAPS = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT',
  'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE',
  'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ',
  'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
] as const;

const NAMESPACES = ['user', 'mnt', 'ipc', 'pid', 'cgroup', 'net', 'uts'] as const;

/** Named system call groups and the assessed groups they contain or overlap (systemd 252). */
const SYSCALL_GROUP_OVERLAP: Record<string, readonly string[]> = {
  '@system-service': ['@privileged', '@resources'],
  '@privileged': ['@privileged', '@chown', '@clock', '@module', '@raw-io', '@reboot', '@swap', '@setuid'],
  '@known': ['@swap', '@obsolete', '@clock', '@cpu-emulation', '@debug', '@mount', '@module', '@raw-io', '@reboot', '@privileged', '@resources'],
  '@chown': ['@privileged'],
  '@setuid': ['@privileged'],
  '@clock': ['@clock', '@privileged'],
  '@module': ['@module', '@privileged'],
  '@raw-io': ['@raw-io', '@privileged'],
  '@reboot': ['@reboot', '@privileged'],
  '@swap': ['@swap', '@privileged'],
  '@obsolete': ['@obsolete', '@privileged'],
  '@cpu-emulation': ['@cpu-emulation'],
  '@debug': ['@debug'],
  '@mount': ['@mount'],
  '@resources': ['@resources'],
};
/** Groups a deny list covers in full when it names them (a group covers its subgroups). */
const SYSCALL_GROUP_COVERS: Record<string, readonly string[]> = {
  '@privileged': ['@privileged', '@clock', '@module', '@raw-io', '@reboot', '@swap'],
  '@known': ['@swap', '@obsolete', '@clock', '@cpu-emulation', '@debug', '@mount', '@module', '@raw-io', '@reboot', '@privileged', '@resources'],
};

/** The sandbox of a service as systemd-analyze sees it. */
export interface SecurityInfo {
  user: string;
  dynamicUser: boolean;
  supplementaryGroups: boolean;
  bools: Record<string, boolean>;
  protectHome: string;
  protectSystem: string;
  capabilityBoundingSet: Set<string>;
  ambientCapabilities: boolean;
  /** Namespace types the service may still create. */
  namespacesAllowed: Set<string>;
  /** Address families restricted: inet, unix, netlink, packet, other. */
  afRestricted: Record<'inet' | 'unix' | 'netlink' | 'packet' | 'other', boolean>;
  syscallArchs: Set<string>;
  /** Allow or deny list of system call names and groups; `removed`: groups taken out of an allow list. */
  syscallFilter: { allowList: boolean; entries: Set<string>; removed: Set<string> };
  ipDenyAll: boolean;
  ipAllowLocalhost: boolean;
  ipAllowOther: boolean;
  devicePolicy: string;
  deviceAllow: boolean;
  umask: number;
  keyringMode: string;
  protectProc: string;
  procSubset: string;
  notifyAccess: string;
  rootDirectory: boolean;
  defaultDependencies: boolean;
}

/** systemd's boolean parsing. */
function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  const s = v.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(s)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(s)) return false;
  return dflt;
}

const BOOL_SETTINGS = [
  'PrivateDevices', 'PrivateMounts', 'PrivateNetwork', 'PrivateTmp', 'PrivateUsers', 'ProtectControlGroups', 'ProtectKernelModules',
  'ProtectKernelTunables', 'ProtectKernelLogs', 'ProtectClock', 'ProtectHostname', 'LockPersonality', 'MemoryDenyWriteExecute',
  'NoNewPrivileges', 'RestrictRealtime', 'RestrictSUIDSGID', 'RemoveIPC', 'Delegate',
] as const;

function capName(s: string): string {
  return s.trim().toUpperCase().replace(/^CAP_/, '');
}

/**
 * CapabilityBoundingSet= / AmbientCapabilities= semantics: lists OR together, `~` lists
 * AND-NOT (starting from every capability), an empty assignment empties the set.
 */
function capabilitySet(files: readonly IniFile[], key: string, dflt: 'all' | 'none'): Set<string> {
  let set = new Set<string>(dflt === 'all' ? ALL_CAPS : []);
  let touched = false;
  for (const e of listAll(files, 'Service', key)) {
    const v = e.trim();
    if (v === '') {
      set = new Set();
      touched = true;
      continue;
    }
    const invert = v.startsWith('~');
    const names = v.replace(/^~/, '').split(/\s+/).filter(Boolean).map(capName);
    if (invert) {
      if (!touched) set = new Set(ALL_CAPS);
      for (const n of names) set.delete(n);
    } else {
      if (!touched) set = new Set();
      for (const n of names) set.add(n);
    }
    touched = true;
  }
  return set;
}

/** Every assignment of a key in order, empty values included (the caller handles resets). */
function listAll(files: readonly IniFile[], section: string, key: string): string[] {
  const out: string[] = [];
  for (const f of files) for (const e of f.entries) if (e.section === section && e.key === key) out.push(e.value);
  return out;
}

const last = (files: readonly IniFile[], section: string, key: string) => lastValue(files, section, key)?.value;

/** Builds the SecurityInfo of a service from its unit file and drop-ins (in order). */
export function securityInfo(files: readonly IniFile[]): SecurityInfo {
  const bools: Record<string, boolean> = {};
  for (const k of BOOL_SETTINGS) bools[k] = bool(last(files, 'Service', k), false);
  let protectHome = (last(files, 'Service', 'ProtectHome') ?? 'no').toLowerCase();
  let protectSystem = (last(files, 'Service', 'ProtectSystem') ?? 'no').toLowerCase();
  protectHome = bool(protectHome, false) ? 'yes' : ['read-only', 'tmpfs'].includes(protectHome) ? protectHome : 'no';
  protectSystem = bool(protectSystem, false) ? 'yes' : ['full', 'strict'].includes(protectSystem) ? protectSystem : 'no';
  const dynamicUser = bool(last(files, 'Service', 'DynamicUser'), false);
  const user = last(files, 'Service', 'User') ?? '';

  const caps = capabilitySet(files, 'CapabilityBoundingSet', 'all');
  // systemd drops the capabilities that some sandboxing options make useless.
  if (bools.PrivateDevices) ['MKNOD', 'SYS_RAWIO'].forEach((c) => caps.delete(c));
  if (bools.ProtectKernelModules) caps.delete('SYS_MODULE');
  if (bools.ProtectKernelLogs) caps.delete('SYSLOG');
  if (bools.ProtectClock) ['SYS_TIME', 'WAKE_ALARM'].forEach((c) => caps.delete(c));
  if (dynamicUser) {
    bools.PrivateTmp = true;
    bools.RemoveIPC = true;
    bools.RestrictSUIDSGID = true;
    bools.NoNewPrivileges = true;
    protectSystem = 'strict';
    if (protectHome === 'no') protectHome = 'read-only';
  }

  // RestrictNamespaces=: yes (none allowed), no (all), a list (only those), ~list (all but those).
  let namespacesAllowed = new Set<string>(NAMESPACES);
  for (const v of listAll(files, 'Service', 'RestrictNamespaces')) {
    const s = v.trim();
    if (s === '') namespacesAllowed = new Set(NAMESPACES);
    else if (bool(s, false) && /^(1|yes|y|true|t|on)$/i.test(s)) namespacesAllowed = new Set();
    else if (/^(0|no|n|false|f|off)$/i.test(s)) namespacesAllowed = new Set(NAMESPACES);
    else if (s.startsWith('~')) {
      const deny = s.slice(1).split(/\s+/).filter(Boolean);
      namespacesAllowed = new Set(NAMESPACES.filter((n) => !deny.includes(n)));
    } else namespacesAllowed = new Set(s.split(/\s+/).filter((n) => (NAMESPACES as readonly string[]).includes(n)));
  }

  // RestrictAddressFamilies=: an allow list restricts everything not listed; ~list restricts the listed.
  const afRestricted = { inet: false, unix: false, netlink: false, packet: false, other: false };
  for (const v of listAll(files, 'Service', 'RestrictAddressFamilies')) {
    const s = v.trim();
    if (s === '') {
      Object.assign(afRestricted, { inet: false, unix: false, netlink: false, packet: false, other: false });
      continue;
    }
    if (s === 'none') {
      Object.assign(afRestricted, { inet: true, unix: true, netlink: true, packet: true, other: true });
      continue;
    }
    const allow = !s.startsWith('~');
    const fams = s.replace(/^~/, '').split(/\s+/).filter(Boolean);
    const all = { inet: allow, unix: allow, netlink: allow, packet: allow, other: allow };
    for (const f of fams) {
      const k = f === 'AF_INET' || f === 'AF_INET6' ? 'inet' : f === 'AF_UNIX' ? 'unix' : f === 'AF_NETLINK' ? 'netlink' : f === 'AF_PACKET' ? 'packet' : 'other';
      all[k] = !allow;
    }
    Object.assign(afRestricted, all);
  }

  const syscallArchs = new Set<string>();
  for (const v of listAll(files, 'Service', 'SystemCallArchitectures')) {
    if (v.trim() === '') syscallArchs.clear();
    else v.split(/\s+/).filter(Boolean).forEach((a) => syscallArchs.add(a));
  }

  // SystemCallFilter=: the first non-empty assignment decides allow- or deny-list mode.
  let syscallFilter: SecurityInfo['syscallFilter'] = { allowList: false, entries: new Set(), removed: new Set() };
  let mode: 'allow' | 'deny' | null = null;
  for (const v of listAll(files, 'Service', 'SystemCallFilter')) {
    const s = v.trim();
    if (s === '') {
      syscallFilter = { allowList: false, entries: new Set(), removed: new Set() };
      mode = null;
      continue;
    }
    const invert = s.startsWith('~');
    const names = s.replace(/^~/, '').split(/\s+/).filter(Boolean).map((n) => n.replace(/:.*$/, ''));
    if (mode === null) {
      mode = invert ? 'deny' : 'allow';
      syscallFilter = { allowList: mode === 'allow', entries: new Set(), removed: new Set() };
    }
    for (const n of names) {
      if (mode === 'allow' && invert) {
        syscallFilter.entries.delete(n);
        syscallFilter.removed.add(n);
      } else if (mode === 'allow' || invert) {
        syscallFilter.entries.add(n);
        syscallFilter.removed.delete(n);
      } else syscallFilter.entries.delete(n);
    }
  }

  let ipDenyAll = false;
  for (const v of listAll(files, 'Service', 'IPAddressDeny')) {
    if (v.trim() === '') ipDenyAll = false;
    else if (/(^|\s)any(\s|$)/.test(v) || (/(^|\s)0\.0\.0\.0\/0(\s|$)/.test(v) && /(^|\s)::\/0(\s|$)/.test(v))) ipDenyAll = true;
  }
  let ipAllowLocalhost = false;
  let ipAllowOther = false;
  for (const v of listValue(files, 'Service', 'IPAddressAllow'))
    for (const a of v.value.split(/\s+/).filter(Boolean)) {
      if (a === 'localhost' || a === '127.0.0.0/8' || a === '::1/128' || a === '::1') ipAllowLocalhost = true;
      else ipAllowOther = true;
    }

  let devicePolicy = (last(files, 'Service', 'DevicePolicy') ?? 'auto').toLowerCase();
  if (bools.PrivateDevices && devicePolicy === 'auto') devicePolicy = 'closed';
  const deviceAllow = listValue(files, 'Service', 'DeviceAllow').length > 0 || bools.ProtectClock === true;

  const umaskRaw = last(files, 'Service', 'UMask');
  const umask = umaskRaw && /^[0-7]{1,4}$/.test(umaskRaw) ? Number.parseInt(umaskRaw, 8) : 0o022;
  const type = last(files, 'Service', 'Type') ?? 'simple';

  return {
    user,
    dynamicUser,
    supplementaryGroups: listValue(files, 'Service', 'SupplementaryGroups').length > 0,
    bools,
    protectHome,
    protectSystem,
    capabilityBoundingSet: caps,
    ambientCapabilities: capabilitySet(files, 'AmbientCapabilities', 'none').size > 0,
    namespacesAllowed,
    afRestricted,
    syscallArchs,
    syscallFilter,
    ipDenyAll,
    ipAllowLocalhost,
    ipAllowOther,
    devicePolicy,
    deviceAllow,
    umask,
    keyringMode: (last(files, 'Service', 'KeyringMode') ?? 'private').toLowerCase(),
    protectProc: (last(files, 'Service', 'ProtectProc') ?? 'default').toLowerCase(),
    procSubset: (last(files, 'Service', 'ProcSubset') ?? 'all').toLowerCase(),
    notifyAccess: (last(files, 'Service', 'NotifyAccess') ?? (type === 'notify' || type === 'notify-reload' ? 'main' : 'none')).toLowerCase(),
    rootDirectory: !!(last(files, 'Service', 'RootDirectory') || last(files, 'Service', 'RootImage')),
    defaultDependencies: bool(last(files, 'Unit', 'DefaultDependencies'), true),
  };
}

/** True when the service runs as root (no User=, User=root/0, and no DynamicUser=). */
export function runsPrivileged(i: SecurityInfo): boolean {
  if (i.user === '0' || i.user === 'root') return true;
  if (i.dynamicUser) return false;
  return i.user === '';
}

function syscallBadness(i: SecurityInfo, group: string): number {
  const f = i.syscallFilter;
  if (!f.allowList && f.entries.size === 0) return 10;
  if (f.allowList) {
    const included = [...f.entries].some((e) => e === group || (SYSCALL_GROUP_OVERLAP[e] ?? []).includes(group));
    const removed = [...f.removed].some((r) => r === group || (SYSCALL_GROUP_COVERS[r] ?? []).includes(group));
    return included && !removed ? 9 : 0;
  }
  const denied = [...f.entries].some((e) => e === group || (SYSCALL_GROUP_COVERS[e] ?? []).includes(group));
  return denied ? 0 : 10;
}

type Check = [id: string, weight: number, range: number, assess: (i: SecurityInfo) => number | null, defaultDepsOnly?: boolean];

const cap = (names: string[]) => (i: SecurityInfo) => (names.some((n) => i.capabilityBoundingSet.has(n)) ? 1 : 0);
const good = (k: string) => (i: SecurityInfo) => (i.bools[k] ? 0 : 1);
const ns = (n: string) => (i: SecurityInfo) => (i.namespacesAllowed.has(n) ? 1 : 0);
const af = (k: keyof SecurityInfo['afRestricted']) => (i: SecurityInfo) => (i.afRestricted[k] ? 0 : 1);

/** systemd 252's assessor table: setting, weight, range, badness. */
const CHECKS: readonly Check[] = [
  ['User=/DynamicUser=', 2000, 10, (i) => (i.user === 'nobody' ? 9 : !runsPrivileged(i) ? 0 : 10)],
  ['SupplementaryGroups=', 200, 1, (i) => (runsPrivileged(i) ? null : i.supplementaryGroups ? 1 : 0)],
  ['PrivateDevices=', 1000, 1, good('PrivateDevices')],
  ['PrivateMounts=', 1000, 1, good('PrivateMounts')],
  ['PrivateNetwork=', 2500, 1, good('PrivateNetwork')],
  ['PrivateTmp=', 1000, 1, good('PrivateTmp'), true],
  ['PrivateUsers=', 1000, 1, good('PrivateUsers')],
  ['ProtectControlGroups=', 1000, 1, good('ProtectControlGroups')],
  ['ProtectKernelModules=', 1000, 1, good('ProtectKernelModules')],
  ['ProtectKernelTunables=', 1000, 1, good('ProtectKernelTunables')],
  ['ProtectKernelLogs=', 1000, 1, good('ProtectKernelLogs')],
  ['ProtectClock=', 1000, 1, good('ProtectClock')],
  ['ProtectHome=', 1000, 10, (i) => ({ yes: 0, tmpfs: 1, 'read-only': 5 })[i.protectHome] ?? 10, true],
  ['ProtectHostname=', 50, 1, good('ProtectHostname')],
  ['ProtectSystem=', 1000, 10, (i) => ({ strict: 0, full: 3, yes: 5 })[i.protectSystem] ?? 10, true],
  ['RootDirectory=/RootImage=', 200, 1, (i) => (i.rootDirectory ? 0 : 1), true],
  ['LockPersonality=', 100, 1, good('LockPersonality')],
  ['MemoryDenyWriteExecute=', 100, 1, good('MemoryDenyWriteExecute')],
  ['NoNewPrivileges=', 1000, 1, good('NoNewPrivileges')],
  ['CapabilityBoundingSet=~CAP_SYS_ADMIN', 1500, 1, cap(['SYS_ADMIN'])],
  ['CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)', 1500, 1, cap(['SETUID', 'SETGID', 'SETPCAP'])],
  ['CapabilityBoundingSet=~CAP_SYS_PTRACE', 1500, 1, cap(['SYS_PTRACE'])],
  ['CapabilityBoundingSet=~CAP_SYS_TIME', 1000, 1, cap(['SYS_TIME'])],
  ['CapabilityBoundingSet=~CAP_NET_ADMIN', 1000, 1, cap(['NET_ADMIN'])],
  ['CapabilityBoundingSet=~CAP_SYS_RAWIO', 1000, 1, cap(['SYS_RAWIO'])],
  ['CapabilityBoundingSet=~CAP_SYS_MODULE', 1000, 1, cap(['SYS_MODULE'])],
  ['CapabilityBoundingSet=~CAP_AUDIT_*', 500, 1, cap(['AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE'])],
  ['CapabilityBoundingSet=~CAP_SYSLOG', 500, 1, cap(['SYSLOG'])],
  ['CapabilityBoundingSet=~CAP_SYS_(NICE|RESOURCE)', 500, 1, cap(['SYS_NICE', 'SYS_RESOURCE'])],
  ['CapabilityBoundingSet=~CAP_MKNOD', 500, 1, cap(['MKNOD'])],
  ['CapabilityBoundingSet=~CAP_(CHOWN|FSETID|SETFCAP)', 1000, 1, cap(['CHOWN', 'FSETID', 'SETFCAP'])],
  ['CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)', 1000, 1, cap(['DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'IPC_OWNER'])],
  ['CapabilityBoundingSet=~CAP_KILL', 500, 1, cap(['KILL'])],
  ['CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)', 500, 1, cap(['NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW'])],
  ['CapabilityBoundingSet=~CAP_SYS_BOOT', 100, 1, cap(['SYS_BOOT'])],
  ['CapabilityBoundingSet=~CAP_MAC_*', 100, 1, cap(['MAC_ADMIN', 'MAC_OVERRIDE'])],
  ['CapabilityBoundingSet=~CAP_LINUX_IMMUTABLE', 75, 1, cap(['LINUX_IMMUTABLE'])],
  ['CapabilityBoundingSet=~CAP_IPC_LOCK', 50, 1, cap(['IPC_LOCK'])],
  ['CapabilityBoundingSet=~CAP_SYS_CHROOT', 50, 1, cap(['SYS_CHROOT'])],
  ['CapabilityBoundingSet=~CAP_BLOCK_SUSPEND', 25, 1, cap(['BLOCK_SUSPEND'])],
  ['CapabilityBoundingSet=~CAP_WAKE_ALARM', 25, 1, cap(['WAKE_ALARM'])],
  ['CapabilityBoundingSet=~CAP_LEASE', 25, 1, cap(['LEASE'])],
  ['CapabilityBoundingSet=~CAP_SYS_TTY_CONFIG', 25, 1, cap(['SYS_TTY_CONFIG'])],
  ['CapabilityBoundingSet=~CAP_SYS_PACCT', 25, 1, cap(['SYS_PACCT'])],
  ['CapabilityBoundingSet=~CAP_BPF', 25, 1, cap(['BPF'])],
  ['UMask=', 100, 10, (i) => (!(i.umask & 0o002) ? 10 : !(i.umask & 0o004) ? 5 : !(i.umask & 0o020) ? 2 : !(i.umask & 0o040) ? 1 : 0)],
  ['KeyringMode=', 1000, 1, (i) => (i.keyringMode === 'private' ? 0 : 1)],
  ['ProtectProc=', 1000, 3, (i) => (i.protectProc === 'noaccess' ? 1 : ['invisible', 'ptraceable'].includes(i.protectProc) ? 0 : 3)],
  ['ProcSubset=', 10, 1, (i) => (i.procSubset === 'pid' ? 0 : 1)],
  ['NotifyAccess=', 1000, 1, (i) => (i.notifyAccess === 'all' ? 1 : 0)],
  ['RemoveIPC=', 100, 1, (i) => (runsPrivileged(i) ? null : i.bools.RemoveIPC ? 0 : 1)],
  ['Delegate=', 100, 1, (i) => (i.bools.Delegate ? 1 : 0)],
  ['RestrictRealtime=', 500, 1, good('RestrictRealtime')],
  ['RestrictSUIDSGID=', 1000, 1, good('RestrictSUIDSGID')],
  ['RestrictNamespaces=~user', 1500, 1, ns('user')],
  ['RestrictNamespaces=~mnt', 500, 1, ns('mnt')],
  ['RestrictNamespaces=~ipc', 500, 1, ns('ipc')],
  ['RestrictNamespaces=~pid', 500, 1, ns('pid')],
  ['RestrictNamespaces=~cgroup', 500, 1, ns('cgroup')],
  ['RestrictNamespaces=~net', 500, 1, ns('net')],
  ['RestrictNamespaces=~uts', 100, 1, ns('uts')],
  ['RestrictAddressFamilies=~AF_(INET|INET6)', 1500, 1, af('inet')],
  ['RestrictAddressFamilies=~AF_UNIX', 25, 1, af('unix')],
  ['RestrictAddressFamilies=~AF_NETLINK', 200, 1, af('netlink')],
  ['RestrictAddressFamilies=~AF_PACKET', 1000, 1, af('packet')],
  ['RestrictAddressFamilies=~…', 1250, 1, af('other')],
  ['SystemCallArchitectures=', 1000, 10, (i) => (i.syscallArchs.size === 0 ? 10 : i.syscallArchs.has('native') ? 0 : 8)],
  ['SystemCallFilter=~@swap', 1000, 10, (i) => syscallBadness(i, '@swap')],
  ['SystemCallFilter=~@obsolete', 250, 10, (i) => syscallBadness(i, '@obsolete')],
  ['SystemCallFilter=~@clock', 1000, 10, (i) => syscallBadness(i, '@clock')],
  ['SystemCallFilter=~@cpu-emulation', 250, 10, (i) => syscallBadness(i, '@cpu-emulation')],
  ['SystemCallFilter=~@debug', 1000, 10, (i) => syscallBadness(i, '@debug')],
  ['SystemCallFilter=~@mount', 1000, 10, (i) => syscallBadness(i, '@mount')],
  ['SystemCallFilter=~@module', 1000, 10, (i) => syscallBadness(i, '@module')],
  ['SystemCallFilter=~@raw-io', 1000, 10, (i) => syscallBadness(i, '@raw-io')],
  ['SystemCallFilter=~@reboot', 1000, 10, (i) => syscallBadness(i, '@reboot')],
  ['SystemCallFilter=~@privileged', 700, 10, (i) => syscallBadness(i, '@privileged')],
  ['SystemCallFilter=~@resources', 700, 10, (i) => syscallBadness(i, '@resources')],
  ['IPAddressDeny=', 1000, 10, (i) => (!i.ipDenyAll ? 10 : i.ipAllowOther ? 5 : i.ipAllowLocalhost ? 2 : 0)],
  ['DeviceAllow=', 1000, 10, (i) => (['strict', 'closed'].includes(i.devicePolicy) ? (i.deviceAllow ? 5 : 0) : 10)],
  ['AmbientCapabilities=', 500, 1, (i) => (i.ambientCapabilities ? 1 : 0)],
];

const LEVELS: readonly [number, Exposure['level']][] = [
  [100, 'DANGEROUS'],
  [90, 'UNSAFE'],
  [75, 'EXPOSED'],
  [50, 'MEDIUM'],
  [10, 'OK'],
  [1, 'SAFE'],
  [0, 'PERFECT'],
];

/** Computes the exposure of a service from its unit file and drop-ins. */
export function exposure(files: readonly IniFile[]): Exposure {
  const info = securityInfo(files);
  let badnessSum = 0;
  let weightSum = 0;
  const items: Assessment[] = [];
  for (const [id, weight, range, assess, defaultDepsOnly] of CHECKS) {
    const badness = defaultDepsOnly && !info.defaultDependencies ? null : assess(info);
    items.push({ id, weight, range, badness });
    if (badness === null) continue;
    badnessSum += Math.ceil((badness * weight) / range);
    weightSum += weight;
  }
  const x = Math.ceil((badnessSum * 100) / weightSum);
  const level = LEVELS.find(([min]) => x >= min)![1];
  return { score: x / 10, level, items, info };
}
