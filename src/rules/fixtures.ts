/**
 * Rule fixtures: small real configuration trees under
 * src/rules/<family>/fixtures/<rule-id>/{pass,fail}[-variant]/, run through the whole
 * pipeline (RootDirTarget -> facts -> rule -> findings) by rules.test.ts.
 *
 * git keeps only two file modes and no FIFOs or empty directories, so a variant may carry
 * `_fixture.json` describing what to apply to a temporary copy of its tree.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FixtureSpec {
  /** The exact set of messageIds the failing findings must have. */
  expect?: string[];
  /** Octal modes to set, e.g. {"etc/shadow": "0644"}. */
  modes?: Record<string, string>;
  /** Owners to set, "uid:gid". */
  owners?: Record<string, string>;
  /** FIFOs to create. */
  fifos?: string[];
  /** Empty directories to create. */
  dirs?: string[];
  /** Symbolic links to create (path -> link text). */
  symlinks?: Record<string, string>;
  /** Files to create by size (sparse). */
  files?: Record<string, { size: number }>;
  /** Rule parameters for this variant. */
  params?: Record<string, unknown>;
}

export interface FixtureVariant {
  family: string;
  ruleId: string;
  /** "pass", "fail-match-block", ... */
  name: string;
  kind: 'pass' | 'fail';
  dir: string;
  spec: FixtureSpec;
}

export const RULES_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SPEC_FILE = '_fixture.json';

export function fixtureVariants(family: string, ruleId: string): FixtureVariant[] {
  const base = path.join(RULES_DIR, family, 'fixtures', ruleId);
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^(pass|fail)(-.+)?$/.test(d.name))
    .map((d) => {
      const dir = path.join(base, d.name);
      const specPath = path.join(dir, SPEC_FILE);
      const spec = fs.existsSync(specPath) ? (JSON.parse(fs.readFileSync(specPath, 'utf8')) as FixtureSpec) : {};
      return { family, ruleId, name: d.name, kind: d.name.startsWith('pass') ? 'pass' : 'fail', dir, spec } satisfies FixtureVariant;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** How a tree is copied into a destination that already holds files. */
export interface CopyOptions {
  /**
   * Replace the files and symbolic links the destination already has (an overlay laid on a
   * base tree, the overlay winning). A directory and a non-directory at the same path are a
   * conflict and throw, as with `cp`. Default: keep what the destination has (so that
   * several fixtures can be layered into one tree, the first one winning).
   */
  overwrite?: boolean;
}

/** Copies a tree, links as links, leaving or replacing what the destination already has. */
function copyTree(src: string, dest: string, options: CopyOptions): void {
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    if (e.name === SPEC_FILE) continue;
    const from = path.join(src, e.name);
    const to = path.join(dest, e.name);
    const existing = fs.lstatSync(to, { throwIfNoEntry: false });
    if (existing && options.overwrite && existing.isDirectory() !== e.isDirectory()) {
      throw new Error(`cannot lay ${from} over ${to}: one is a directory and the other is not`);
    }
    if (e.isDirectory()) {
      if (!existing) fs.mkdirSync(to);
      else if (!existing.isDirectory()) continue;
      copyTree(from, to, options);
      continue;
    }
    if (existing) {
      if (!options.overwrite) continue;
      fs.rmSync(to);
    }
    if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
  }
}

/**
 * Copies a fixture tree into a directory (a fresh temporary one by default) and applies its
 * spec.
 */
export function materialize(srcDir: string, spec: FixtureSpec, into?: string, options: CopyOptions = {}): string {
  const dir = into ?? fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-fx-'));
  fs.chmodSync(dir, 0o755);
  copyTree(srcDir, dir, options);
  const at = (p: string) => path.join(dir, p);
  for (const d of spec.dirs ?? []) fs.mkdirSync(at(d), { recursive: true });
  for (const [p, link] of Object.entries(spec.symlinks ?? {})) {
    fs.mkdirSync(path.dirname(at(p)), { recursive: true });
    fs.rmSync(at(p), { force: true });
    fs.symlinkSync(link, at(p));
  }
  for (const [p, { size }] of Object.entries(spec.files ?? {})) {
    fs.mkdirSync(path.dirname(at(p)), { recursive: true });
    const fd = fs.openSync(at(p), 'w');
    fs.ftruncateSync(fd, size);
    fs.closeSync(fd);
  }
  for (const p of spec.fifos ?? []) {
    fs.mkdirSync(path.dirname(at(p)), { recursive: true });
    fs.rmSync(at(p), { force: true });
    execFileSync('mkfifo', [at(p)]);
  }
  for (const [p, owner] of Object.entries(spec.owners ?? {})) {
    const [uid, gid] = owner.split(':').map(Number);
    fs.lchownSync(at(p), uid!, gid ?? uid!);
  }
  // Modes last: chown clears setuid bits.
  for (const [p, mode] of Object.entries(spec.modes ?? {})) fs.chmodSync(at(p), parseInt(mode, 8));
  return dir;
}
