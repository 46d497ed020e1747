/**
 * Template for "kernel parameter K must satisfy P": one rule per key, built from this
 * helper. Offline the value configured for boot is judged (or, when no file sets it, the
 * kernel's default, named in the finding); on a live host the running value is judged and
 * the configured one mentioned.
 */
import { defineRule, type Rule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Evidence, Reference } from '../../core/report-schema.ts';
import type { Severity } from '../../core/severity.ts';
import type { OsRelease } from '../../target/target.ts';
import { sysctlKeyToPath } from '../../parsers/sysctl/sysctl.ts';

/** What the kernel uses when nothing sets the key, and why. */
export interface KernelDefault {
  value: string;
  why: string;
}

export interface SysctlRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  key: string;
  /** Human form of what is accepted: "0", "1 or 2". */
  expected: string;
  accept(value: string): boolean;
  /** The default of the kernel the target runs (by distribution). */
  kernelDefault(os: OsRelease | null): KernelDefault;
  rationale: string;
  remediation: string;
  references: Reference[];
}

/** True for Debian and distributions built from it (Ubuntu, ...). */
export function isDebianLike(os: OsRelease | null): boolean {
  if (!os) return false;
  return os.id === 'debian' || os.id === 'ubuntu' || os.idLike.includes('debian') || os.idLike.includes('ubuntu');
}

/** Accepts an integer value within [min, max]. */
export function intBetween(min: number, max = Infinity): (v: string) => boolean {
  return (v) => /^-?\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;
}

/** Builds the rule for one kernel parameter. */
export function sysctlRule(spec: SysctlRuleSpec): Rule {
  const procPath = `/proc/sys/${sysctlKeyToPath(spec.key)}`;
  return defineRule({
    id: spec.id,
    family: 'kernel',
    title: spec.title,
    severity: spec.severity,
    rationale: spec.rationale,
    description: `Checks that the kernel parameter ${spec.key} is ${spec.expected}: the running value on a live host, otherwise the value the sysctl.d files set at boot (systemd-sysctl precedence), or the kernel default when no file sets it.`,
    remediation: spec.remediation,
    references: spec.references,
    messages: {
      ok: '{{key}} is {{value}} ({{origin}}).',
      configured: '{{key}} is set to {{value}} for boot; expected {{expected}}.',
      defaulted: '{{key}} is not set by any sysctl.d file, so the kernel default {{value}} applies ({{why}}); expected {{expected}}.',
      running: '{{key}} is {{value}} in the running kernel; expected {{expected}}.{{more}}',
      missing: 'The running kernel has no {{key}} parameter ({{path}} does not exist), so this protection is not available.',
    },
    requires: ['sysctl'],
    check({ sysctl }, report, ctx) {
      const v = sysctl.get(spec.key);
      const def = spec.kernelDefault(ctx.info.os);
      const bootValue = v.configured?.value ?? def.value;
      const bootOrigin = v.configured ? `${v.configured.source.file}:${v.configured.source.line}` : `kernel default: ${def.why}`;
      const bootEvidence = (): Evidence =>
        v.configured ? lineEvidence(v.configured.source, 'set for boot here') : fileEvidence('/etc/sysctl.d', `no file sets ${spec.key}; kernel default ${def.value} (${def.why})`);

      if (sysctl.live && v.live !== undefined) {
        if (v.live === null) {
          report.fail('missing', { data: { key: spec.key, path: procPath }, evidence: [fileEvidence(procPath, 'absent in the running kernel')] });
          return;
        }
        if (spec.accept(v.live)) {
          report.pass('ok', { data: { key: spec.key, value: v.live, origin: 'running kernel' } });
          return;
        }
        const more =
          bootValue !== v.live
            ? ` It is ${bootValue} for boot (${bootOrigin}): the running kernel has not applied it (run \`sysctl --system\` or reboot).`
            : '';
        report.fail('running', {
          data: { key: spec.key, value: v.live, expected: spec.expected, more },
          evidence: [fileEvidence(procPath, 'running value', v.live), bootEvidence()],
        });
        return;
      }

      if (spec.accept(bootValue)) {
        report.pass('ok', { data: { key: spec.key, value: bootValue, origin: bootOrigin } });
      } else if (v.configured) {
        report.fail('configured', { data: { key: spec.key, value: bootValue, expected: spec.expected }, evidence: [bootEvidence()] });
      } else {
        report.fail('defaulted', { data: { key: spec.key, value: def.value, why: def.why, expected: spec.expected }, evidence: [bootEvidence()] });
      }
    },
  });
}

/** The remediation text for setting one key persistently. */
export function sysctlRemediation(key: string, value: string, file = '/etc/sysctl.d/99-zz-hardening.conf'): string {
  return `Add \`${key} = ${value}\` to ${file} (its name sorts after the vendor files and 99-sysctl.conf, so its value wins), then apply it with \`sysctl --system\` and check with \`sysctl ${key}\`.`;
}

/** The value that counts for a key: running on a live host, else configured, else the default; with its evidence. */
export function effectiveSysctl(
  sysctl: { live: boolean; get(key: string): { configured: { value: string; source: { file: string; line: number; text: string } } | null; live: string | null | undefined } },
  key: string,
  def: string,
): { value: string; origin: string; evidence: Evidence } {
  const v = sysctl.get(key);
  const procPath = `/proc/sys/${sysctlKeyToPath(key)}`;
  if (sysctl.live && typeof v.live === 'string') return { value: v.live, origin: 'running kernel', evidence: fileEvidence(procPath, 'running value', v.live) };
  if (v.configured) return { value: v.configured.value, origin: `${v.configured.source.file}:${v.configured.source.line}`, evidence: lineEvidence(v.configured.source) };
  return { value: def, origin: 'kernel default', evidence: fileEvidence('/etc/sysctl.d', `no file sets ${key}; kernel default "${def}"`) };
}

/** How kernel.core_pattern disposes of core dumps. */
export type CoreDisposal = { kind: 'discarded' | 'systemd-coredump' | 'handler' | 'file'; handler: string };

/** Classifies a core_pattern: piped to false/true (discarded), to systemd-coredump, to another handler, or written to a file. */
export function coreDisposal(pattern: string): CoreDisposal {
  const p = pattern.trim();
  if (!p.startsWith('|')) return { kind: 'file', handler: p };
  const handler = p.slice(1).trim().split(/\s+/)[0] ?? '';
  const base = handler.slice(handler.lastIndexOf('/') + 1);
  if (base === 'false' || base === 'true') return { kind: 'discarded', handler };
  if (base === 'systemd-coredump') return { kind: 'systemd-coredump', handler };
  return { kind: 'handler', handler };
}
