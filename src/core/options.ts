import type { Severity } from './severity.ts';

export interface AuditOptions {
  /** Only these families (default: all). */
  families?: string[];
  /** Only these rule ids (default: all). */
  rules?: string[];
  /** Leave these rule ids out. */
  excludeRules?: string[];
  /** Let the file system walk cross into other mounted file systems. */
  crossMounts: boolean;
  /** How many example paths a summarising finding lists. */
  maxPaths: number;
  /** Rule parameters by name (allowed ports, trusted networks, retention days, ...). */
  params: Record<string, unknown>;
  /** Severity overrides by rule id. */
  severityOverrides?: Record<string, Severity>;
  /** Progress reports (file system walk and the like); results never go here. */
  onProgress?: (message: string) => void;
}

export function defaultAuditOptions(overrides: Partial<AuditOptions> = {}): AuditOptions {
  return { crossMounts: false, maxPaths: 20, params: {}, ...overrides };
}
