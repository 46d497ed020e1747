/**
 * Every command-line option in one typed table (Vitest's cli-config is the model): the
 * parser is built from it and so is the option reference in docs/cli.md.
 */
export interface OptionSpec {
  flags: string;
  description: string;
  default?: string;
  /** Allowed values, checked before the command runs. */
  choices?: readonly string[];
}

export const SEVERITY_CHOICES = ['info', 'low', 'medium', 'high', 'critical', 'none'] as const;

/** Options of every command that writes a report. */
const reportOptions = {
  format: {
    flags: '-f, --format <formats>',
    description:
      'output formats, comma-separated, each optionally with its own file as FORMAT:FILE: terminal, json, sarif, junit, markdown or html, e.g. terminal,sarif:garrison.sarif',
    default: 'terminal',
  },
  output: { flags: '-o, --output <file>', description: 'write the report of the one format without a file of its own to FILE instead of standard output (files are created with mode 0600)' },
  failOn: {
    flags: '--fail-on <severity>',
    description: 'exit with 1 when a finding of this severity or worse fails (info, low, medium, high, critical, or none)',
    default: 'medium',
    choices: SEVERITY_CHOICES,
  },
  rule: { flags: '--rule <ids>', description: 'only run these rules (comma-separated rule ids)' },
  skipRule: { flags: '--skip-rule <ids>', description: 'leave these rules out (comma-separated rule ids)' },
  param: { flags: '--param <name=value>', description: 'set a rule parameter (repeatable; value is JSON or a plain string), e.g. --param allowedPorts=[22,443]' },
  verbose: { flags: '-v, --verbose', description: 'also list passing and not applicable checks, and all evidence' },
  progress: { flags: '--no-progress', description: 'do not show progress on standard error' },
  color: { flags: '--no-color', description: 'no colours (also when NO_COLOR is set or the output is not a terminal)' },
} as const satisfies Record<string, OptionSpec>;

export const auditOptionTable = {
  root: { flags: '--root <dir>', description: 'audit an offline root directory (a mounted image, a debootstrap tree, an exported container file system) instead of this host' },
  family: { flags: '--family <names>', description: 'only run these rule families (comma-separated, see `garrison rules`)' },
  crossMounts: { flags: '--cross-mounts', description: 'let the file system walk descend into other mounted file systems (default: stay on each walked file system, like find -xdev)' },
  maxPaths: { flags: '--max-paths <n>', description: 'how many example paths a summarising finding lists', default: '20' },
  profile: { flags: '--profile <name>', description: 'run the rules of this profile with its parameters (see `garrison profiles`; default: the profile of garrison.yaml, else every host rule)' },
  ...reportOptions,
  config: { flags: '--config <file>', description: 'read the profile, parameters, severity overrides and waivers from FILE (default: garrison.yaml in the working directory, when there is one)' },
  save: {
    flags: '--no-save',
    description: 'do not save the JSON report as the last report (by default every audit saves it in $GARRISON_STATE_DIR, $XDG_STATE_HOME/garrison or ~/.local/state/garrison, for `garrison coverage` and `garrison fix`)',
  },
} as const satisfies Record<string, OptionSpec>;

export const probeOptionTable = {
  fromAudit: { flags: '--from-audit', description: 'also probe what this host listens on (the services an audit of the local host finds)' },
  timeout: { flags: '--timeout <ms>', description: 'time allowed for everything done against one endpoint', default: '10000' },
  connectTimeout: { flags: '--connect-timeout <ms>', description: 'time allowed to establish each TCP connection', default: '3000' },
  concurrency: { flags: '--concurrency <n>', description: 'endpoints probed at the same time', default: '8' },
  loginPath: { flags: '--login-path <path>', description: 'also judge the cookies set by this login page (e.g. /login)' },
  followOtherHosts: { flags: '--follow-other-hosts', description: 'follow HTTP redirects to other hosts (default: never)' },
  sshUser: { flags: '--ssh-user <name>', description: 'user name sent with the SSH "none" authentication request that lists the offered methods', default: 'garrison-probe' },
  saveRecord: { flags: '--save-record <file>', description: 'save what the servers answered (no secrets) to FILE, to judge again later with --record' },
  record: { flags: '--record <file>', description: 'judge records saved with --save-record instead of probing (no network)' },
  ...reportOptions,
  config: { flags: '--config <file>', description: 'read parameters, severity overrides and waivers from FILE (default: garrison.yaml in the working directory, when there is one)' },
} as const satisfies Record<string, OptionSpec>;

export const rulesOptionTable = {
  family: { flags: '--family <names>', description: 'only rules of these families (comma-separated)' },
  severity: { flags: '--severity <level>', description: 'only rules of this severity or worse', choices: SEVERITY_CHOICES },
  profile: { flags: '--profile <name>', description: 'only the rules this profile maps to its recommendations (see `garrison profiles`)' },
  format: { flags: '-f, --format <format>', description: 'output format: terminal or json', default: 'terminal', choices: ['terminal', 'json'] },
} as const satisfies Record<string, OptionSpec>;

export const EXIT = {
  /** Nothing failing at or above --fail-on. */
  OK: 0,
  /** Failing findings at or above --fail-on. */
  FINDINGS: 1,
  /** Usage error or an error that stopped the run. */
  ERROR: 2,
} as const;

/** Options of `garrison diff`. */
export const diffOptionTable = {
  format: { flags: '-f, --format <format>', description: 'output format: terminal or json', default: 'terminal', choices: ['terminal', 'json'] },
  output: { flags: '-o, --output <file>', description: 'write the diff to FILE (created with mode 0600) instead of standard output' },
  failOnNew: { flags: '--fail-on-new', description: 'exit with 1 when a finding fails in NEW that did not fail in OLD, at or above --fail-on' },
  failOn: {
    flags: '--fail-on <severity>',
    description: 'with --fail-on-new: the least severity of a new failure that makes the exit code 1 (info, low, medium, high, critical, or none)',
    default: 'medium',
    choices: SEVERITY_CHOICES,
  },
  verbose: { flags: '-v, --verbose', description: 'also list still-failing findings and the evidence of fixed ones' },
  color: { flags: '--no-color', description: 'no colours (also when NO_COLOR is set or the output is not a terminal)' },
} as const satisfies Record<string, OptionSpec>;

/** Options of `garrison fix`. */
export const fixOptionTable = {
  format: { flags: '-f, --format <format>', description: 'sh (a POSIX shell script taking the root as its argument) or ansible (a playbook)', default: 'sh', choices: ['sh', 'ansible'] },
  output: { flags: '-o, --output <file>', description: 'write the script to FILE (created with mode 0600) instead of standard output' },
} as const satisfies Record<string, OptionSpec>;

/** Options of `garrison profiles`. */
export const profilesOptionTable = {
  format: { flags: '-f, --format <format>', description: 'output format: terminal or json', default: 'terminal', choices: ['terminal', 'json'] },
} as const satisfies Record<string, OptionSpec>;

/** Options of `garrison coverage`. */
export const coverageOptionTable = {
  format: { flags: '-f, --format <format>', description: 'output format: terminal or json', default: 'terminal', choices: ['terminal', 'json'] },
} as const satisfies Record<string, OptionSpec>;
