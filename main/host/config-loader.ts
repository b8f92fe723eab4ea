import { readFile, rename, writeFile } from 'node:fs/promises';
import { DEFAULT_CONFIG, TerminalConfig, describeConfigIssues } from '../../contract/config.js';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid terminal configuration in ${source}:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates an already-parsed config object; throws ConfigError naming each bad field. */
export function parseConfig(raw: unknown, source: string): TerminalConfig {
  const parsed = TerminalConfig.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, describeConfigIssues(parsed.error));
  return parsed.data;
}

/** Reads the terminal's JSON config file; with no path, the defaults run a whole hall on this machine. */
export async function loadConfig(path: string | undefined): Promise<TerminalConfig> {
  if (!path) return parseConfig(DEFAULT_CONFIG, 'built-in defaults');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(path, [`cannot read file: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(path, [`not valid JSON: ${(cause as Error).message}`]);
  }
  return parseConfig(raw, path);
}

/** Written whole then renamed, so a power cut leaves the old file or the new one, never half; 0600, as it may hold secrets. */
export async function writeConfigFile(path: string, config: unknown): Promise<void> {
  const temporary = `${path}.saving`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

/**
 * The one-time enrolment code has been spent: it is taken out of the file as it was written (nothing
 * else is rewritten), so a copied config or a stolen disk does not carry it. False when the file holds none.
 */
export async function forgetEnrolmentCode(path: string): Promise<boolean> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as { sync?: Record<string, unknown> };
  if (raw.sync?.enrolmentCode === undefined) return false;
  delete raw.sync.enrolmentCode;
  await writeConfigFile(path, raw);
  return true;
}
