// Every CLI subcommand; add one with one line.
import type { CliCommand } from '../command.js';
import { serve } from './serve.js';

export const commands: CliCommand[] = [serve];
