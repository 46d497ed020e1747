/**
 * The Target is the only part of garrison that touches a host. Every other layer works on
 * what a Target returns, so it can be tested on a fixture directory.
 *
 * Paths are always absolute paths as seen *inside* the target ("/etc/ssh/sshd_config"),
 * whatever directory the target is rooted at. Every call is asynchronous and the bulk
 * calls (`readFiles`, `walk`) are batched so that a remote (SSH) target can serve them
 * in few round trips.
 */

export type FileType = 'file' | 'dir' | 'symlink' | 'fifo' | 'socket' | 'char' | 'block' | 'unknown';

/** What lstat/stat says of a file, without following a final symlink for lstat. */
export interface FileInfo {
  /** Path inside the target. */
  path: string;
  type: FileType;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
  nlink: number;
}

export type TargetErrorCode =
  | 'ENOENT' // does not exist (a missing file is "not applicable", never a failure)
  | 'EACCES' // permission denied
  | 'ENOTDIR'
  | 'ELOOP' // too many symbolic links
  | 'NOT_REGULAR' // a FIFO, socket or device where a file was expected: never opened
  | 'EIO'
  | 'ETIMEDOUT'
  | 'UNSUPPORTED'; // the target cannot do this (e.g. run a command in an offline tree)

export interface TargetError {
  path: string;
  code: TargetErrorCode;
  message: string;
}

export type ReadResult =
  | {
      ok: true;
      path: string;
      /** Content decoded as UTF-8; invalid sequences become U+FFFD. */
      text: string;
      bytes: Buffer;
      /** True when the file was longer than the read cap and only its start was read. */
      truncated: boolean;
      /** True when the content was not valid UTF-8. */
      invalidUtf8: boolean;
      info: FileInfo;
    }
  | { ok: false; path: string; error: TargetError };

export type StatResult = { ok: true; info: FileInfo } | { ok: false; path: string; error: TargetError };

export interface DirEntry {
  name: string;
  type: FileType;
}

export type DirResult = { ok: true; path: string; entries: DirEntry[] } | { ok: false; path: string; error: TargetError };

export type LinkResult = { ok: true; path: string; target: string } | { ok: false; path: string; error: TargetError };

export interface ReadOptions {
  /** Read at most this many bytes (default: DEFAULT_MAX_READ). */
  maxBytes?: number;
}

export const DEFAULT_MAX_READ = 4 * 1024 * 1024;

export interface WalkOptions {
  /** Directories to start from (paths inside the target). Default ['/']. */
  roots?: string[];
  /** Descend into other filesystems (mount points). Default false, like `find -xdev`. */
  crossMounts?: boolean;
  /** Paths (inside the target) whose subtree is skipped. Pseudo filesystems are always skipped. */
  skip?: string[];
  /** Called now and then with the number of entries seen so far. */
  onProgress?: (seen: number, currentDir: string) => void;
  /** Entries per yielded batch (default 4096). */
  batchSize?: number;
}

export interface WalkBatch {
  entries: FileInfo[];
  errors: TargetError[];
}

export interface ExecOptions {
  timeoutMs: number;
  /** Cap on captured stdout/stderr bytes each (default 8 MiB). */
  maxBytes?: number;
}

export type ExecResult =
  | { ok: true; exitCode: number; stdout: string; stderr: string; truncated: boolean }
  | { ok: false; error: TargetError };

export interface OsRelease {
  id: string;
  idLike: string[];
  versionId: string;
  prettyName: string;
}

export interface TargetInfo {
  kind: TargetKind;
  /** For a root directory, the directory; for a live host, "/". */
  root: string;
  hostname: string;
  os: OsRelease | null;
}

export type TargetKind = 'root-dir' | 'local-host' | 'ssh' | 'network';

export interface TargetCapabilities {
  /** The target is a running system (live values: /proc, sockets, processes). */
  live: boolean;
  /** Commands can be run. */
  exec: boolean;
}

export interface Target {
  readonly kind: TargetKind;
  readonly capabilities: TargetCapabilities;
  /** A short description for reports ("/mnt/image", "localhost"). */
  readonly label: string;

  info(): Promise<TargetInfo>;
  readFile(path: string, options?: ReadOptions): Promise<ReadResult>;
  /** Reads several files in one batch; results are in the order of `paths`. */
  readFiles(paths: readonly string[], options?: ReadOptions): Promise<ReadResult[]>;
  /** stat(2): follows symbolic links, inside the target only. */
  stat(path: string): Promise<StatResult>;
  /** lstat(2): does not follow a final symbolic link (parent links are resolved inside the target). */
  lstat(path: string): Promise<StatResult>;
  readDir(path: string): Promise<DirResult>;
  readLink(path: string): Promise<LinkResult>;
  /**
   * Expands a shell glob (`*`, `?`, `[...]` in any component) like glob(3): matches sorted
   * by name, dot files only when the pattern component starts with a dot.
   */
  glob(pattern: string): Promise<string[]>;
  /** One streaming walk of the file system, in batches, never following symbolic links. */
  walk(options?: WalkOptions): AsyncIterable<WalkBatch>;
  /** Runs a command (live targets only; others answer UNSUPPORTED). Never through a shell. */
  exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult>;
  /** Releases resources (connections). */
  close(): Promise<void>;
}
