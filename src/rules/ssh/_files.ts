/**
 * Shared by the SSH permission rules: what a file under /etc/ssh really is (a symbolic
 * link is judged by what it points to) and how to show its mode and owner.
 */
import { describeMode, fileEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { SshdFacts, SshdFile } from '../../facts/sshd.ts';
import type { FileInfo } from '../../target/target.ts';

/** The stat that matters: the link target for a symbolic link (undefined when it dangles). */
export function statOf(f: SshdFile): FileInfo | undefined {
  return f.info.type === 'symlink' ? f.resolved : f.info;
}

/** "0644 (rw-r--r--) root:root" with names from the target's own passwd and group files. */
export function modeOf(sshd: SshdFacts, info: FileInfo): string {
  return describeMode(info.mode, sshd.userNames.get(info.uid) ?? String(info.uid), sshd.groupNames.get(info.gid) ?? String(info.gid));
}

/** Evidence naming the file, its mode and owner, and what is wrong. */
export function modeEvidence(sshd: SshdFacts, f: SshdFile, info: FileInfo, problem: string): Evidence {
  const via = f.info.type === 'symlink' ? ' (through a symbolic link)' : '';
  return fileEvidence(f.path, `${problem}${via}`, modeOf(sshd, info));
}

/**
 * Write access for someone other than root: writable by others, or by a group other than
 * root's own (root's group is root-equivalent).
 */
export function writableByNonRoot(info: FileInfo): boolean {
  return (info.mode & 0o002) !== 0 || ((info.mode & 0o020) !== 0 && info.gid !== 0);
}
