#!/usr/bin/env node
// The `printfarm` command. The engine is TypeScript run through tsx's loader, so the CLI works from a plain checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
