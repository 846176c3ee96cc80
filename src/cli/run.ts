// The `heapdrop` process: runs the command line given to it (main.ts) and exits with its code.

import { main } from './main.ts';

// A reader that goes away (`heapdrop analyze x --json | head`) is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
