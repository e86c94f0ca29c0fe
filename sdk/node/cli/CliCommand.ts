/** Output streams and cancellation handed to a CLI command (injectable so commands are testable). */
export interface CliContext {
  /** Where normal output goes. */
  stdout: NodeJS.WritableStream;
  /** Where progress and errors go. */
  stderr: NodeJS.WritableStream;
  /** Aborted on Ctrl-C (SIGINT/SIGTERM). Commands must leave no half-written output when it fires. */
  signal: AbortSignal;
  /** Working directory that relative paths resolve against. */
  cwd: string;
}

/** One `portrait-rig <name> …` sub-command. */
export interface CliCommand {
  /** Sub-command name, e.g. `render` or `clip validate`. */
  name: string;
  /** One-line summary shown by `portrait-rig --help`. */
  summary: string;
  /** Full usage text shown by `portrait-rig <name> --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** An error whose message is meant for the user as is (no stack trace), with an exit code. */
export class CliUsageError extends Error {
  /** Process exit code (2 = usage error, 1 = failure). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliUsageError';
    this.exitCode = exitCode;
  }
}
