import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliUsageError } from './CliCommand.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` in strict mode (no positionals), turning its errors into {@link CliUsageError}s that name the
 * command and point at `--help`.
 * @internal
 */
export function parseCliArgs<T extends Options>(command: string, args: string[], options: T): ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(`${message.replace(/\. To specify a positional argument.*$/s, '')}. See \`portrait-rig ${command} --help\`.`);
  }
}

/**
 * A number option: `undefined` when absent, else a finite number within `[min, max]`, or a usage error naming it.
 * @internal
 */
export function numberOption(name: string, value: string | undefined, min: number, max = Infinity, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = max === Infinity ? `≥ ${min}` : `between ${min} and ${max}`;
    throw new CliUsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} ${range} (got "${value}").`);
  }
  return n;
}

/**
 * `--set name=value` pairs → channel values. Values are numbers in the channel's unit.
 * @internal
 */
export function parseSetOptions(values: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of values ?? []) {
    const at = entry.indexOf('=');
    const name = at > 0 ? entry.slice(0, at).trim() : '';
    const text = at > 0 ? entry.slice(at + 1).trim() : '';
    const value = Number(text);
    if (!name || text === '' || !Number.isFinite(value)) {
      throw new CliUsageError(`--set expects channel=value with a number, e.g. --set head.yaw=15 (got "${entry}").`);
    }
    out[name] = value;
  }
  return out;
}

/**
 * `--face x,y,width,height` (source pixels) → a rectangle.
 * @internal
 */
export function parseFaceBox(value: string | undefined): { x: number; y: number; width: number; height: number } | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p)) || parts[2]! <= 0 || parts[3]! <= 0) {
    throw new CliUsageError(`--face expects x,y,width,height in source pixels, e.g. --face 210,120,180,220 (got "${value}").`);
  }
  return { x: parts[0]!, y: parts[1]!, width: parts[2]!, height: parts[3]! };
}
