#!/usr/bin/env node
import module from 'node:module';

// Cache compiled code between runs (Node >= 20.19): start-up is a large share of a short command.
module.enableCompileCache?.();
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
