/**
 * Where the configuration comes from. Kept apart from the loader so that a command without
 * a configuration file never loads the YAML parser or the schemas.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The configuration file: --config, else garrison.yaml in `cwd` when there is one. */
export function configFile(option: string | undefined, cwd: string): string | undefined {
  if (option !== undefined) return option;
  return fs.existsSync(path.join(cwd, 'garrison.yaml')) ? 'garrison.yaml' : undefined;
}
