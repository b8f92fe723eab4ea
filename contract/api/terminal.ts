import { z } from 'zod';
import { TerminalRole } from '../config.js';
import { Language } from '../languages.js';

export const HOST_SHELLS = ['electron', 'headless'] as const;

export const TerminalInfo = z.object({
  hallId: z.string(),
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
  /** Whether text fields get the on-screen keyboard (config onScreenKeyboard, resolved for the role). */
  onScreenKeyboard: z.boolean().optional(),
  /** Present when a scanner types into the UI as a keyboard; thresholds for telling scans from typing. */
  keyboardWedge: z
    .object({ maxAverageGapMs: z.number().positive(), minLength: z.number().int().min(1), suffixKeys: z.array(z.string()) })
    .optional(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const NoInput = z.object({}).strict();

export const terminalMethods = {
  'terminal.info': { input: NoInput, output: TerminalInfo },
  /** Someone touched or typed: the terminal is in use (updates and idle wipes wait). */
  'terminal.activity': { input: NoInput, output: z.object({ idle: z.boolean() }) },
} as const;
