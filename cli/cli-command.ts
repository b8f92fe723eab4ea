import type { ParseArgsConfig } from 'node:util';

/** hallctl's documented exit codes (README, `hallctl help`). */
export const EXIT = {
  ok: 0,
  /** No card on the reader, nothing to read. */
  nothingToRead: 2,
  /** Device unreachable or timed out. */
  unreachable: 3,
  /** Protocol or device error. */
  deviceError: 4,
  usage: 64,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  /** One JSON document or JSON line to stdout. */
  json(value: unknown): void;
  /** A human note to stderr. */
  note(text: string): void;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM) — for long-running commands. */
  interrupted: Promise<void>;
}

export interface CliCommand {
  /** Words that select the command, e.g. ['idcard', 'read']. */
  path: string[];
  summary: string;
  /** Usage line after the path, e.g. '--port PATH [--baud N]'. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many words may follow the options (e.g. a FILE); none unless said. */
  maxPositionals?: number;
  run(values: Record<string, string | boolean | (string | boolean)[] | undefined>, io: CliIo, positionals?: string[]): Promise<ExitCode>;
}

/** Reads a required string option or throws a UsageError naming it. */
export function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** Reads an optional positive integer option. */
export function optionalInt(values: Record<string, unknown>, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const value = values[name];
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
