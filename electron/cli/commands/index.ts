// Every CLI subcommand; add one with one line.
import type { CliCommand } from '../command.js';
import { serve } from './serve.js';
import { analyze } from './analyze.js';
import { bambu } from './bambu.js';
import { send } from './send.js';
import { ports } from './ports.js';

export const commands: CliCommand[] = [serve, analyze, bambu, send, ports];
