// The shape of a CLI subcommand: one file per subcommand under commands/, listed in commands/index.ts.
export interface CliCommand {
  name: string;
  summary: string;
  /** Full usage text printed by `printfarm <name> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
