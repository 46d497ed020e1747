/**
 * The target of a probe run: network endpoints, seen only through the records the
 * retrievers made. It has no file system and runs no commands, so the ordinary engine can
 * judge records with the probe-* rules and build an ordinary report.
 */
import type {
  DirResult,
  ExecResult,
  LinkResult,
  ReadResult,
  StatResult,
  Target,
  TargetError,
  TargetInfo,
  WalkBatch,
} from '../target/target.ts';

function unsupported(path: string): TargetError {
  return { path, code: 'UNSUPPORTED', message: 'a network target has no files' };
}

export class NetworkTarget implements Target {
  readonly kind = 'network' as const;
  readonly capabilities = { live: false, exec: false };
  readonly label: string;

  /**
   * @param hosts the hosts probed (their sorted, distinct list names the target and keeps
   *   finding fingerprints stable whichever ports or schemes were probed).
   * @param endpoints the endpoints probed, shown as the report's root.
   */
  constructor(
    private readonly hosts: readonly string[],
    private readonly endpoints: readonly string[],
  ) {
    this.label = this.hostname();
  }

  private hostname(): string {
    return [...new Set(this.hosts)].sort().join(',') || 'network';
  }

  async info(): Promise<TargetInfo> {
    return { kind: 'network', root: this.endpoints.join(' '), hostname: this.hostname(), os: null };
  }
  async readFile(path: string): Promise<ReadResult> {
    return { ok: false, path, error: unsupported(path) };
  }
  async readFiles(paths: readonly string[]): Promise<ReadResult[]> {
    return paths.map((path) => ({ ok: false as const, path, error: unsupported(path) }));
  }
  async stat(path: string): Promise<StatResult> {
    return { ok: false, path, error: unsupported(path) };
  }
  async lstat(path: string): Promise<StatResult> {
    return { ok: false, path, error: unsupported(path) };
  }
  async readDir(path: string): Promise<DirResult> {
    return { ok: false, path, error: unsupported(path) };
  }
  async readLink(path: string): Promise<LinkResult> {
    return { ok: false, path, error: unsupported(path) };
  }
  async glob(): Promise<string[]> {
    return [];
  }
  // eslint-disable-next-line require-yield
  async *walk(): AsyncIterable<WalkBatch> {
    return;
  }
  async exec(command: string): Promise<ExecResult> {
    return { ok: false, error: { path: command, code: 'UNSUPPORTED', message: 'a network target runs no commands' } };
  }
  async close(): Promise<void> {}
}
