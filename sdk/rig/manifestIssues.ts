import type * as z from 'zod';
import type { ManifestIssue } from './ManifestError.js';

/** A path into a JSON document: object keys and array indices. @internal */
export type JsonPath = readonly PropertyKey[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. @internal */
export function listAlternatives(values: readonly unknown[]): string {
  const shown = values.map((value) => describeValue(value));
  return shown.length <= 1 ? (shown[0] ?? 'nothing') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1] as string}`;
}

/**
 * `['channels', 'head.yaw', 'terms', 0]` → `channels["head.yaw"].terms[0]`. Keys of the name- and index-keyed maps
 * (`channels`, `directionGroups.overrides`) are always bracketed.
 *
 * @internal
 */
export function formatPath(path: JsonPath): string {
  let text = '';
  path.forEach((key, position) => {
    const parent = path[position - 1];
    const keyedByName = parent === 'channels' || (parent === 'overrides' && path[position - 2] === 'directionGroups');
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key) && !keyedByName) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  });
  return text;
}

/** A computed number for a message, without float noise: `0.30000000000000004` → `0.3`. @internal */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : String(value);
}

/** Short rendering of a value for a message: `25`, `"lin"`, `[1, 2]`, `an object`, `null`. @internal */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) {
    const text = `[${value.map((item) => (typeof item === 'object' && item !== null ? '…' : describeValue(item))).join(', ')}]`;
    return text.length > 80 ? `an array of ${value.length}` : text;
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Builds an issue whose message starts with the path (or not, for the whole document). @internal */
export function makeIssue(path: JsonPath, text: string): ManifestIssue {
  const where = formatPath(path);
  return { path: where, message: where === '' ? text : `${where} ${text}` };
}

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', object: 'an object',
  array: 'an array', tuple: 'an array', record: 'an object', literal: 'a constant',
};

/** Rephrases a zod issue (parsed with `reportInput: true`) as a manifest issue with the path and the fix. @internal */
export function fromZodIssue(issue: z.core.$ZodIssue, prefix: JsonPath = []): ManifestIssue {
  const path = [...prefix, ...issue.path];
  const input: unknown = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return input === undefined
        ? makeIssue(path, `is missing; add it (${expected})`)
        : makeIssue(path, `must be ${expected}, got ${describeValue(input)}`);
    }
    case 'invalid_value': {
      const options = listAlternatives(issue.values);
      return input === undefined
        ? makeIssue(path, `is missing; expected ${options}`)
        : makeIssue(path, `is ${describeValue(input)}; expected ${options}`);
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
      const hint = path.length === 0 ? '; free-form data belongs in "provenance"' : '';
      const where = path.length === 0 ? 'the manifest has' : 'has';
      return makeIssue(path, `${where} unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}; remove or correct ${issue.keys.length > 1 ? 'them' : 'it'} (typo?)${hint}`);
    }
    case 'too_small':
      if (issue.origin === 'array') {
        const count = Array.isArray(input) ? input.length : 0;
        return makeIssue(path, `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}, got ${count}`);
      }
      if (issue.origin === 'string') return makeIssue(path, 'must not be empty');
      return makeIssue(path, `is ${describeValue(input)}; must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`);
    case 'too_big':
      if (issue.origin === 'array') {
        const count = Array.isArray(input) ? input.length : 0;
        return makeIssue(path, `has ${count} entries; expected at most ${String(issue.maximum)}`);
      }
      return makeIssue(path, `is ${describeValue(input)}; must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`);
    case 'invalid_union':
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = listAlternatives((issue as { options?: readonly unknown[] }).options ?? []);
        const value = typeof input === 'object' && input !== null
          ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
        const discriminatorPath = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
        return value === undefined
          ? makeIssue(discriminatorPath, `is missing; expected ${options}`)
          : makeIssue(discriminatorPath, `is ${describeValue(value)}; expected ${options}`);
      }
      return makeIssue(path, `${issue.message}, got ${describeValue(input)}`);
    case 'custom':
    case 'invalid_format':
      return makeIssue(path, `${describeValue(input)} ${issue.message}`);
    default:
      return makeIssue(path, `is invalid: ${issue.message}`);
  }
}
