/**
 * /etc/fstab (fstab(5)): one file system per line, fields separated by blanks:
 * `<spec> <file> <vfstype> <mntops> <freq> <passno>`; the last three are optional
 * (options default to `defaults`). Blanks inside a field are written as octal escapes
 * (`\040`). Lines whose first non-blank character is `#` are comments.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface FstabEntry {
  /** `UUID=...`, `LABEL=...`, `/dev/sda1`, `tmpfs`, `server:/export`, ... */
  spec: string;
  /** Mount point (`none` or `swap` for swap areas). */
  file: string;
  vfstype: string;
  options: string[];
  freq: number;
  passno: number;
  source: SourceLine;
}

export interface Fstab {
  file: string;
  entries: FstabEntry[];
}

/** Decodes the octal escapes of fstab and mountinfo fields (`\040` is a space). */
export function unescapeOctal(field: string): string {
  return field.replace(/\\([0-3][0-7]{2})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses an fstab. Never throws. */
export function parseFstab(text: string, file: string): ParseResult<Fstab> {
  const model: Fstab = { file, entries: [] };
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) continue;
    const fields = l.split(/[ \t]+/);
    const err = (message: string) => errors.push({ file, line: i + 1, message });
    if (fields.length < 3) {
      err(`expected at least "<device> <mount point> <type>", got ${fields.length} field(s)`);
      continue;
    }
    if (fields.length > 6) {
      err(`too many fields (${fields.length}, at most 6)`);
      continue;
    }
    const num = (s: string | undefined, name: string): number => {
      if (s === undefined) return 0;
      if (!/^\d+$/.test(s)) {
        err(`${name} "${s.slice(0, 20)}" is not a number`);
        return 0;
      }
      return Number(s);
    };
    model.entries.push({
      spec: unescapeOctal(fields[0]!),
      file: unescapeOctal(fields[1]!),
      vfstype: fields[2]!,
      options: (fields[3] ?? 'defaults').split(',').filter((o) => o !== ''),
      freq: num(fields[4], 'dump frequency'),
      passno: num(fields[5], 'pass number'),
      source: { file, line: i + 1, text: raw },
    });
  }
  return { model, errors };
}

/** The security-relevant mount flags in effect after a list of options. */
export interface MountFlags {
  nodev: boolean;
  nosuid: boolean;
  noexec: boolean;
  readOnly: boolean;
  /** `noauto`: not mounted at boot. */
  noauto: boolean;
}

/**
 * Applies mount options left to right as mount(8) does: `defaults` is rw,suid,dev,exec,auto;
 * `user`/`users`/`owner`/`group` imply noexec,nosuid,nodev unless a later option overrides it.
 */
export function mountFlags(options: readonly string[]): MountFlags {
  const f: MountFlags = { nodev: false, nosuid: false, noexec: false, readOnly: false, noauto: false };
  for (const o of options) {
    switch (o) {
      case 'defaults':
        Object.assign(f, { nodev: false, nosuid: false, noexec: false, readOnly: false, noauto: false });
        break;
      case 'user':
      case 'users':
        Object.assign(f, { nodev: true, nosuid: true, noexec: true });
        break;
      case 'owner':
      case 'group':
        Object.assign(f, { nodev: true, nosuid: true });
        break;
      case 'nodev': f.nodev = true; break;
      case 'dev': f.nodev = false; break;
      case 'nosuid': f.nosuid = true; break;
      case 'suid': f.nosuid = false; break;
      case 'noexec': f.noexec = true; break;
      case 'exec': f.noexec = false; break;
      case 'ro': f.readOnly = true; break;
      case 'rw': f.readOnly = false; break;
      case 'noauto': f.noauto = true; break;
      case 'auto': f.noauto = false; break;
      default: break;
    }
  }
  return f;
}
