/**
 * Shared judgements of the keys family (also used by the accounts family): what an
 * authorized_keys entry lets its holder do, and how a key is shown in evidence.
 */
import { snippet } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { keyOption, type AuthorizedKey } from '../../parsers/authorized-keys/authorized-keys.ts';
import type { PrivateKeyBlock } from '../../parsers/private-key/private-key.ts';
import type { AuthorizedKeysFile, KeysFacts } from '../../facts/keys.ts';

/**
 * A forced command that only prints a message and disconnects, such as the one cloud-init
 * writes for root (`command="echo 'Please login as the user \"debian\" ...';echo;sleep 10;exit 142"`),
 * or that runs nologin/false: the key opens no session.
 */
export function isRefusalCommand(command: string): boolean {
  const steps = command.split(';').map((s) => s.trim()).filter(Boolean);
  if (steps.length === 0) return false;
  return steps.every((s) => /^(echo|printf)(\s|$)/.test(s) || /^sleep\s+\d+$/.test(s) || /^exit(\s+\d+)?$/.test(s) || /^(\/\S*\/)?(nologin|false|true)$/.test(s));
}

/** The key opens a session of some kind (no forced command that merely refuses). */
export function grantsAccess(key: AuthorizedKey): boolean {
  const cmd = keyOption(key, 'command');
  return !(typeof cmd === 'string' && isRefusalCommand(cmd));
}

/** The key runs whatever its holder asks for: no forced command at all. */
export function unrestricted(key: AuthorizedKey): boolean {
  return keyOption(key, 'command') === undefined;
}

/** authorized_keys files in the home of this account. */
export function keyFilesOf(keys: KeysFacts, user: string): AuthorizedKeysFile[] {
  return keys.authorizedKeys.filter((f) => f.users.includes(user));
}

/** The account can be reached with at least one key that opens a session. */
export function hasAccessKeys(keys: KeysFacts, user: string): boolean {
  return keyFilesOf(keys, user).some((f) => f.keys.some(grantsAccess));
}

/** Evidence for a key line, shown as type, fingerprint, comment and options rather than base64. */
export function keyEvidence(key: AuthorizedKey): Evidence {
  const options = key.options.map((o) => (o.value === null ? o.name : `${o.name}="${o.value}"`)).join(',');
  return { path: key.source.file, line: key.source.line, snippet: snippet([options, key.type, key.fingerprint, key.comment].filter(Boolean).join(' ')) };
}

/** "OPENSSH PRIVATE KEY, ssh-ed25519, cipher none" */
export function describeBlock(k: PrivateKeyBlock): string {
  return [k.label, k.algorithm, k.cipher ? `cipher ${k.cipher}` : null].filter(Boolean).join(', ');
}
