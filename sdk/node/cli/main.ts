#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliUsageError, type CliContext } from './CliCommand.js';
import { commands } from './commands/index.js';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['Usage: portrait-rig <command> [options]', '', 'Commands:', ...lines, '',
    'Run `portrait-rig <command> --help` for a command\'s options.'].join('\n');
}

/**
 * Runs the CLI with `argv` (without node and script path); resolves to the exit code.
 * Multi-word commands (`clip validate`) match on their words.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    ctx.stdout.write(helpText() + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const command = sorted.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!command) {
    ctx.stderr.write(`portrait-rig: unknown command "${argv[0]}".\n${helpText()}\n`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof CliUsageError) {
      ctx.stderr.write(`portrait-rig ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr.write(`portrait-rig ${command.name}: ${message}\n`);
    return 1;
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const controller = new AbortController();
  let interrupted = 0;
  const onSignal = (): void => {
    interrupted += 1;
    if (interrupted > 1) process.exit(130);
    process.stderr.write('\nportrait-rig: cancelling… (press Ctrl-C again to force)\n');
    controller.abort(new Error('cancelled by the user'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout, stderr: process.stderr, signal: controller.signal, cwd: process.cwd(),
  });
  process.exitCode = controller.signal.aborted && code !== 0 ? 130 : code;
}
