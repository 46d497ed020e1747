/**
 * Shared judgements of the accounts and keys families: who can log in, who belongs to a
 * group, whether a file's mode lets others change it.
 */
import { describeMode } from '../../core/evidence.ts';
import { groupByGid, groupMembers, groupName, ownerName, passwordUsable, type Account, type AccountsFacts } from '../../facts/accounts.ts';
import type { KeysFacts } from '../../facts/keys.ts';
import type { FileInfo } from '../../target/target.ts';
import { hasAccessKeys } from '../keys/_keys.ts';

/** The account can open a session: a login shell, not expired, and a password or a key that works. */
export function canLogIn(account: Account, keys: KeysFacts): boolean {
  return account.loginShell && !account.expired && (passwordUsable(account.password) || hasAccessKeys(keys, account.name));
}

/**
 * Nobody but the owner (and root) is in the file's group: a user private group, or a group
 * without members. Then group permissions give nothing to anyone else.
 */
export function groupIsPrivate(accounts: AccountsFacts, gid: number, ownerUid: number): boolean {
  const group = groupByGid(accounts, gid);
  if (!group) return gid === 0;
  const owner = accounts.users.find((u) => u.uid === ownerUid)?.name;
  return groupMembers(group).every((m) => m === owner || m === 'root');
}

/** Writable by someone other than the owner and root (group write counts unless the group is private). */
export function writableByOthers(accounts: AccountsFacts, info: FileInfo): boolean {
  if (info.mode & 0o002) return true;
  return (info.mode & 0o020) !== 0 && !groupIsPrivate(accounts, info.gid, info.uid);
}

/** "0644 (rw-r--r--) alice:alice" with names from the target's own passwd and group. */
export function modeNote(accounts: AccountsFacts, info: FileInfo): string {
  return describeMode(info.mode, ownerName(accounts, info.uid), groupName(accounts, info.gid));
}

/** "a, b, c" or "a, b, c and 7 more" for messages. */
export function nameList(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
