/**
 * Algorithm lists of Debian 12's sshd (OpenSSH 9.2p1, OpenSSL 3.0): what the build
 * supports (`ssh -Q cipher|mac|kex|key-sig|sig`) and the compiled-in defaults (`sshd -T`
 * with an empty configuration), and the expansion of a configured list against them as
 * kex.c `kex_assemble_names` does it: `+list` appends to the defaults, `-list` removes
 * from them, `^list` puts in front of them, a plain list replaces them; wildcards are
 * matched against every supported algorithm.
 */
import type { AlgorithmClass } from './keywords.ts';
import { matchPatternList } from './match.ts';

const list = (s: string): readonly string[] => s.split(',');

/** Every algorithm the build supports, in the order OpenSSH lists them. */
export const SUPPORTED: Readonly<Record<AlgorithmClass, readonly string[]>> = {
  cipher: list(
    '3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com',
  ),
  mac: list(
    'hmac-sha1,hmac-sha1-96,hmac-sha2-256,hmac-sha2-512,hmac-md5,hmac-md5-96,umac-64@openssh.com,umac-128@openssh.com,' +
      'hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,' +
      'hmac-md5-etm@openssh.com,hmac-md5-96-etm@openssh.com,umac-64-etm@openssh.com,umac-128-etm@openssh.com',
  ),
  kex: list(
    'diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group14-sha256,diffie-hellman-group16-sha512,' +
      'diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha1,diffie-hellman-group-exchange-sha256,ecdh-sha2-nistp256,' +
      'ecdh-sha2-nistp384,ecdh-sha2-nistp521,curve25519-sha256,curve25519-sha256@libssh.org,sntrup761x25519-sha512,' +
      'sntrup761x25519-sha512@openssh.com',
  ),
  key: list(
    'ssh-ed25519,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,' +
      'ecdsa-sha2-nistp256,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384,ecdsa-sha2-nistp384-cert-v01@openssh.com,' +
      'ecdsa-sha2-nistp521,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,' +
      'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,' +
      'ssh-dss-cert-v01@openssh.com,ssh-rsa,ssh-rsa-cert-v01@openssh.com,rsa-sha2-256,rsa-sha2-256-cert-v01@openssh.com,' +
      'rsa-sha2-512,rsa-sha2-512-cert-v01@openssh.com',
  ),
  sig: list(
    'ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,' +
      'sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-rsa,rsa-sha2-256,rsa-sha2-512',
  ),
};

const KEY_DEFAULT =
  'ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,' +
  'ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,' +
  'rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,' +
  'ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256';

/** The compiled-in defaults of Debian 12's sshd. */
export const DEFAULTS: Readonly<Record<AlgorithmClass, readonly string[]>> = {
  cipher: list('chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com'),
  mac: list(
    'umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,' +
      'hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1',
  ),
  kex: list(
    'sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,' +
      'ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,' +
      'diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256',
  ),
  key: list(KEY_DEFAULT),
  sig: list(
    'ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,' +
      'sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256',
  ),
};

const hasWildcard = (s: string) => /[*?]/.test(s);

/** The names of a spec (without its +, -, ^ prefix), cut as OpenSSH's strsep loops do: at the first empty name. */
function names(spec: string): string[] {
  const out: string[] = [];
  for (const n of spec.split(',')) {
    if (n === '') break;
    out.push(n);
  }
  return out;
}

/**
 * The syntax check sshd makes when it reads the line (ciphers_valid, mac_valid,
 * kex_names_valid, sshkey_names_valid2): an error message, or null when sshd accepts it.
 */
export function checkAlgorithmSpec(cls: AlgorithmClass, spec: string): string | null {
  if (spec.startsWith('-')) return null;
  const body = spec.startsWith('+') || spec.startsWith('^') ? spec.slice(1) : spec;
  const ns = names(body);
  if (ns.length === 0) return `empty algorithm list '${spec}'`;
  const supported = SUPPORTED[cls];
  for (const n of ns) {
    if (supported.includes(n)) continue;
    // Only key and signature lists accept wildcards, and they must match something.
    if ((cls === 'key' || cls === 'sig') && hasWildcard(n) && supported.some((a) => matchPatternList(a, n, false) === 1)) continue;
    return `unsupported algorithm '${n}' in '${spec}'`;
  }
  return null;
}

/** kex_names_cat: `a` then the names of `b` not already in `a`. */
function cat(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const n of b) if (!out.includes(n)) out.push(n);
  return out;
}

/**
 * The effective list for a configured spec (undefined: not configured, the default), or
 * an error when sshd would refuse it.
 */
export function expandAlgorithms(cls: AlgorithmClass, spec: string | undefined): { list: string[] } | { error: string } {
  const def = DEFAULTS[cls];
  const all = SUPPORTED[cls];
  if (spec === undefined || spec === '') return { list: [...def] };
  let patterns: string[];
  if (spec.startsWith('-')) {
    const removed = def.filter((a) => matchPatternList(a, spec.slice(1), false) !== 1);
    if (removed.length === 0) return { error: `'${spec}' removes every algorithm` };
    return { list: removed };
  }
  if (spec.startsWith('+')) patterns = cat(def, names(spec.slice(1)));
  else if (spec.startsWith('^')) patterns = cat(spec.slice(1).split(','), def);
  else patterns = spec.split(',');
  let out: string[] = [];
  for (const p of patterns) {
    if (p.startsWith('!')) return { error: `negated algorithm '${p}' is not allowed in '${spec}'` };
    out = cat(
      out,
      all.filter((a) => matchPatternList(a, p, false) === 1),
    );
  }
  if (out.length === 0) return { error: `'${spec}' leaves no supported algorithm` };
  return { list: out };
}
