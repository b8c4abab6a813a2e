/** Option parsing shared by the command line's commands: node:util's parseArgs with one-line errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from './inputError';

export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * "--steps -5": node:util takes "-5" for an option and refuses the pair as ambiguous. A negative
 * number after a value option is meant as its value, so pass it as "--steps=-5" and let the
 * option's own range check say what is wrong with it.
 */
export function joinNegativeValues(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith('--') ? a.slice(2) : null;
    const next = args[i + 1];
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function parseCommand(args: string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: joinNegativeValues(args, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    return values as Record<string, string | boolean | undefined>;
  } catch (e) {
    // node:util's messages are clear but span lines ("... ambiguous.\nDid you forget ...?\nTo specify ..."):
    // keep all of it, on one line, so the hint is not cut off.
    throw new InputError(e instanceof Error ? e.message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ') : String(e));
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new InputError(`--${name} is required (see fm --help)`);
  return v;
}

export function numberOption(raw: string | undefined, name: string, range: { min: number; max: number; integer?: boolean }, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new InputError(`--${name} must be a number (got "${raw}")`);
  if (range.integer && !Number.isInteger(v)) throw new InputError(`--${name} must be a whole number (got ${raw})`);
  if (v < range.min || v > range.max) throw new InputError(`--${name} must be between ${range.min} and ${range.max} (got ${raw})`);
  return v;
}

export function choiceOption<T extends string>(raw: string | undefined, name: string, choices: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new InputError(`--${name} must be one of ${choices.join(', ')} (got "${raw}")`);
  return raw as T;
}

