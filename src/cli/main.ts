/**
 * garrison's command line. Results go to standard output, progress and messages to
 * standard error. Exit codes: 0 nothing failing at or above --fail-on, 1 failing
 * findings, 2 usage or runtime error.
 */
import { Command, CommanderError, Option } from 'commander';
import { GarrisonError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import type { AuditCliOptions } from './audit.ts';
import type { DiffCliOptions } from './diff.ts';
import type { FixCliOptions } from './fix.ts';
import { auditOptionTable, coverageOptionTable, diffOptionTable, EXIT, fixOptionTable, probeOptionTable, profilesOptionTable, rulesOptionTable, type OptionSpec } from './options.ts';
import type { ProbeCliOptions } from './probe.ts';
import type { CoverageCliOptions, ProfilesCliOptions } from './profiles.ts';
import type { RulesCliOptions } from './rules.ts';
import { colorEnabled } from './output.ts';

function addOptions(cmd: Command, table: Record<string, OptionSpec>): Command {
  for (const spec of Object.values(table)) {
    const opt = new Option(spec.flags, spec.description);
    if (spec.default !== undefined) opt.default(spec.default);
    if (spec.choices) opt.choices(spec.choices);
    if (spec.flags.includes('--param')) opt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    cmd.addOption(opt);
  }
  return cmd;
}

export function buildProgram(): Command {
  const program = new Command('garrison')
    .description('Security-hardening auditor for self-hosted Linux servers and the services on them.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  addOptions(
    program
      .command('audit')
      .description('audit this host (read-only) or, with --root, an offline root directory')
      .addHelpText('after', '\nExit codes: 0 nothing failing at or above --fail-on; 1 failing findings; 2 usage or runtime error.'),
    auditOptionTable,
  ).action(async (o: AuditCliOptions) => {
    // Each command loads its own code: `probe` never parses the host rules, `audit` never the network code.
    const { auditCommand } = await import('./audit.ts');
    process.exitCode = await auditCommand(o);
  });

  addOptions(
    program
      .command('probe')
      .argument('[url...]', 'endpoints: https://host[:port], http://, ssh://, postgres://, redis://, mysql://, ldap://, ldaps://')
      .description('check what services really expose over the network: TLS, HTTP headers and cookies, SSH algorithms, databases')
      .addHelpText('after', '\nOnly harmless, read-only handshakes are made; nothing is retried. Exit codes as for audit.'),
    probeOptionTable,
  ).action(async (urls: string[], o: ProbeCliOptions) => {
    // The network code (TLS, SSH, database clients) loads only when probing.
    const { probeCommand } = await import('./probe.ts');
    process.exitCode = await probeCommand(urls, o);
  });

  addOptions(program.command('rules').description('list the rules garrison checks'), rulesOptionTable).action(async (o: RulesCliOptions) => {
    const { rulesCommand } = await import('./rules.ts');
    process.exitCode = rulesCommand(o);
  });

  addOptions(
    program
      .command('diff')
      .argument('<old>', 'the earlier report (garrison audit --format json)')
      .argument('<new>', 'the later report')
      .description('compare two JSON reports: new, fixed, gone, still-failing and waived findings, matched by fingerprint')
      .addHelpText('after', '\nExit codes: 0 no new failure at or above --fail-on (or no --fail-on-new); 1 new failures with --fail-on-new; 2 usage error or unreadable report.'),
    diffOptionTable,
  ).action(async (oldFile: string, newFile: string, o: DiffCliOptions) => {
    const { diffCommand } = await import('./diff.ts');
    process.exitCode = diffCommand(oldFile, newFile, o);
  });

  addOptions(
    program
      .command('fix')
      .argument('[report]', "a report written by `garrison audit --format json` (default: the last audit's report)")
      .description('write a shell script or Ansible playbook with the safe mechanical fixes of failing findings (never run by garrison)')
      .addHelpText('after', '\nExit codes: 0 script written; 2 usage error, unreadable report, or no report given and none saved.'),
    fixOptionTable,
  ).action(async (reportFile: string | undefined, o: FixCliOptions) => {
    const { fixCommand } = await import('./fix.ts');
    process.exitCode = fixCommand(reportFile, o);
  });

  addOptions(program.command('profiles').description('list the profiles: baseline and one per guideline document, with the share garrison verifies'), profilesOptionTable).action(
    async (o: ProfilesCliOptions) => {
      const { profilesCommand } = await import('./profiles.ts');
      process.exitCode = profilesCommand(o);
    },
  );

  addOptions(
    program
      .command('coverage')
      .argument('<profile>', 'profile name, as listed by `garrison profiles`')
      .argument('[report]', "a report written by `garrison audit --format json`, for the status of each recommendation (default: the last audit's report)")
      .description('the matrix recommendation → rules → status of a profile, and the share of its recommendations garrison verifies')
      .addHelpText('after', '\nExit codes: 0 matrix printed; 2 unknown profile or unreadable report.'),
    coverageOptionTable,
  ).action(async (name: string, reportFile: string | undefined, o: CoverageCliOptions) => {
    const { coverageCommand } = await import('./profiles.ts');
    process.exitCode = coverageCommand(name, reportFile, o);
  });

  program
    .command('explain')
    .argument('<rule>', 'rule id, as listed by `garrison rules`')
    .description('why a rule matters, what it checks, how to fix it, and where it comes from')
    .action(async (id: string) => {
      const { explainText } = await import('./rules.ts');
      process.stdout.write(explainText(id, colorEnabled(true, process.stdout)));
      process.exitCode = EXIT.OK;
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.ERROR;
    }
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors have been printed already.
      return err.exitCode === 0 ? EXIT.OK : EXIT.ERROR;
    }
    if (err instanceof GarrisonError) {
      process.stderr.write(`garrison: ${err.message} (${err.code})\n`);
      return err.exitCode;
    }
    process.stderr.write(`garrison: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)} (GARRISON_ERR_INTERNAL)\n`);
    return EXIT.ERROR;
  }
}
