import { z } from 'zod';
import { TerminalRole } from '../config.js';
import { Language } from '../languages.js';
import { KeyboardWedgeOptions } from '../keyboard-wedge.js';

export const HOST_SHELLS = ['electron', 'headless'] as const;

/** A role's pages: its own window (`main`) and the extra pages some roles open with `?view=…`. */
export const TERMINAL_VIEWS = ['main', 'evaluate', 'stats'] as const;
export type TerminalView = (typeof TERMINAL_VIEWS)[number];

export const TerminalInfo = z.object({
  hallId: z.string(),
  /** The hall's name per language, as configured (the id stands in where none is). */
  hallName: z.partialRecord(Language, z.string()).optional(),
  terminalId: z.string(),
  role: TerminalRole,
  languages: z.array(Language),
  defaultLanguage: Language,
  version: z.string(),
  shell: z.enum(HOST_SHELLS),
  /** The host's clock when it answered (ISO 8601): screens count from the host's time, not their own. */
  now: z.string().optional(),
  /** Idle wipe timing for the citizen's session. */
  session: z.object({ idleSeconds: z.number().int().positive(), countdownSeconds: z.number().int().positive() }),
  /** The confined view this page was opened as (its credential's, not its address's); absent for the role's own window. */
  view: z.enum(TERMINAL_VIEWS).exclude(['main']).optional(),
  /** Whether text fields get the on-screen keyboard (config onScreenKeyboard, resolved for the role). */
  onScreenKeyboard: z.boolean().optional(),
  /** Present when a scanner types into the UI as a keyboard; thresholds for telling scans from typing. */
  keyboardWedge: KeyboardWedgeOptions.optional(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const NoInput = z.object({}).strict();

export const terminalMethods = {
  'terminal.info': { input: NoInput, output: TerminalInfo },
  /** Someone touched or typed: the terminal is in use (updates and idle wipes wait). */
  'terminal.activity': { input: NoInput, output: z.object({ idle: z.boolean() }) },
} as const;
