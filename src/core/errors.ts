/**
 * Errors that end a command. Each has a stable code (like Fastify's FST_ERR_*) and a
 * message that says what to do next. Problems met while auditing never end the run: they
 * become findings with status `error`.
 */
export type GarrisonErrorCode =
  | 'GARRISON_ERR_USAGE'
  | 'GARRISON_ERR_ROOT_NOT_DIR'
  | 'GARRISON_ERR_OUTPUT'
  | 'GARRISON_ERR_REPORT_INVALID'
  | 'GARRISON_ERR_INTERNAL'
  | 'GARRISON_ERR_CONFIG';

export class GarrisonError extends Error {
  readonly code: GarrisonErrorCode;
  /** Process exit code to use when this error ends the command. */
  readonly exitCode: number;
  constructor(code: GarrisonErrorCode, message: string, exitCode = 2) {
    super(message);
    this.name = 'GarrisonError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

export function usageError(message: string): GarrisonError {
  return new GarrisonError('GARRISON_ERR_USAGE', message, 2);
}
