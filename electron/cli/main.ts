// `printfarm <command> [options]`: dispatches to one file per subcommand, each with its own --help.
import { UsageError } from './command.js';
import { commands } from './commands/index.js';
import { appVersion } from '../engine/version.js';

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(appVersion() + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`printfarm: unknown command '${name}'.\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`printfarm ${name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`printfarm ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `PrintFarm ${appVersion()} — run a farm of 3D printers.`,
    '',
    'Usage: printfarm <command> [options]   (printfarm <command> --help for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}
