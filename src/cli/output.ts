import * as fs from 'node:fs';
import { GarrisonError } from '../core/errors.ts';

/** Colours only for a terminal, never when NO_COLOR is set (https://no-color.org) or --no-color is given. */
export function colorEnabled(flag: boolean, stream: NodeJS.WriteStream): boolean {
  if (!flag) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return Boolean(stream.isTTY);
}

export function terminalWidth(): number {
  const cols = process.stdout.columns;
  return cols && cols >= 60 ? Math.min(cols, 120) : 100;
}

/** Writes results to a file (created 0600: reports describe weaknesses) or to standard output. */
export function writeOutput(text: string, file: string | undefined): void {
  if (file === undefined || file === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(file, text, { mode: 0o600 });
  } catch (err) {
    throw new GarrisonError('GARRISON_ERR_OUTPUT', `cannot write ${file}: ${(err as Error).message}; choose a writable path for the report`);
  }
}
