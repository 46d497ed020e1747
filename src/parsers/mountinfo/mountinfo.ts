/**
 * /proc/<pid>/mountinfo (proc(5)): one mount per line,
 * `id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions`.
 * Paths use octal escapes (`\040` for a space).
 */
import type { ParseError, ParseResult } from '../types.ts';
import { splitLines } from '../types.ts';
import { unescapeOctal } from '../fstab/fstab.ts';

export interface MountInfoEntry {
  id: number;
  parentId: number;
  /** "major:minor" of the device. */
  device: string;
  /** Root of the mount inside its file system. */
  root: string;
  mountPoint: string;
  /** Per-mount options (rw, nosuid, nodev, noexec, relatime, ...). */
  options: string[];
  /** Optional fields (shared:N, master:N, ...). */
  optional: string[];
  fstype: string;
  source: string;
  superOptions: string[];
  line: number;
}

/** Parses a mountinfo file. Never throws. */
export function parseMountInfo(text: string, file: string): ParseResult<MountInfoEntry[]> {
  const model: MountInfoEntry[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === '') continue;
    const f = l.split(' ');
    const sep = f.indexOf('-', 6);
    if (f.length < 10 || sep === -1 || sep + 3 > f.length || !/^\d+$/.test(f[0]!) || !/^\d+$/.test(f[1]!)) {
      errors.push({ file, line: i + 1, message: 'malformed mountinfo line' });
      continue;
    }
    model.push({
      id: Number(f[0]),
      parentId: Number(f[1]),
      device: f[2]!,
      root: unescapeOctal(f[3]!),
      mountPoint: unescapeOctal(f[4]!),
      options: f[5]!.split(','),
      optional: f.slice(6, sep),
      fstype: f[sep + 1]!,
      source: unescapeOctal(f[sep + 2]!),
      superOptions: (f[sep + 3] ?? '').split(',').filter((o) => o !== ''),
      line: i + 1,
    });
  }
  return { model, errors };
}
