#!/usr/bin/env node
// The `pilotzone` executable: runs the CLI on the process arguments.
import { main } from './main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
