import { main } from './main.ts';

const code = await main(process.argv);
// Let pending output drain, then leave with the code (stuck /proc reads must not keep us alive).
process.stdout.write('', () => process.exit(code));
