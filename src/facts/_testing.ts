/**
 * Shared test scaffolding for the fact tests: temporary root trees, a root directory that
 * claims to be a running host, and collection of one fact through the engine's FactStore.
 * Imported by tests only; nothing here runs at import time.
 */
import { after } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FactStore } from '../core/engine.ts';
import type { Diagnostic, FactContext, FactDefinition, FactName } from '../core/fact.ts';
import { type AuditOptions, defaultAuditOptions } from '../core/options.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import type { ExecOptions, ExecResult, Target, TargetCapabilities } from '../target/target.ts';

/**
 * Makes a temporary root directory holding `files` (path inside the root -> content) and
 * `links` (path inside the root -> symlink target, written as given). Parent directories are
 * created as needed. The directory is removed by a node:test `after` hook registered where
 * this is called: at the end of the calling test, suite, or test file.
 */
export function tempTree(files: Readonly<Record<string, string>>, links: Readonly<Record<string, string>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-facts-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const place = (p: string) => {
    const full = path.join(dir, p);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    return full;
  };
  for (const [p, text] of Object.entries(files)) fs.writeFileSync(place(p), text);
  for (const [p, to] of Object.entries(links)) fs.symlinkSync(to, place(p));
  return dir;
}

/**
 * A root directory that claims to be a running host: live values (/proc, /sys) are read from
 * the tree. Given `commands` (command name -> standard output), it can also run those
 * commands, each exiting 0 with that output whatever its arguments; any other command is
 * unsupported. Without `commands` it cannot run anything.
 */
export class LiveRootDirTarget extends RootDirTarget {
  override readonly capabilities: TargetCapabilities;

  constructor(
    root: string,
    private readonly commands?: Readonly<Record<string, string>>,
  ) {
    super(root);
    this.capabilities = { live: true, exec: commands !== undefined };
  }

  override async exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
    if (this.commands === undefined) return super.exec(command, args, options);
    const stdout = this.commands[command];
    if (stdout === undefined) return { ok: false, error: { path: command, code: 'UNSUPPORTED', message: `${command} is not available` } };
    return { ok: true, exitCode: 0, stdout, stderr: '', truncated: false };
  }
}

/** Anything a FactStore can collect: a fact definition or a stand-in with a fixed value. */
export interface FactCollector {
  collect(ctx: FactContext): Promise<unknown>;
}

/** How {@link collectFact} builds its FactStore. */
export interface CollectFactOptions {
  /**
   * The other facts the collected one may read with ctx.get, by name. None by default: reading
   * another fact then fails as the engine fails for an unknown fact.
   */
  others?: Readonly<Record<string, FactCollector>>;
  /** Audit options; the defaults by default. */
  options?: AuditOptions;
}

/** What one fact collected, with the diagnostics it recorded. */
export interface CollectedFact<T> {
  facts: T;
  diagnostics: Diagnostic[];
}

/**
 * Collects `fact` from `target` (a Target, or the path of a root directory) through the
 * engine's FactStore, the code path of a real audit, and returns its value and diagnostics.
 */
export async function collectFact<T>(
  fact: FactDefinition<string, T>,
  target: Target | string,
  { others = {}, options = defaultAuditOptions() }: CollectFactOptions = {},
): Promise<CollectedFact<T>> {
  const t = typeof target === 'string' ? new RootDirTarget(target) : target;
  const store = new FactStore(t, await t.info(), options, { ...others, [fact.name]: fact });
  const facts = (await store.get(fact.name as FactName)) as T;
  return { facts, diagnostics: store.diagnosticsOf(fact.name) };
}
