#!/usr/bin/env node
// The `pilotzone` executable: runs the CLI on the process arguments.
import { main } from './main.js';

// A closed pipe (`pilotzone ... | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
