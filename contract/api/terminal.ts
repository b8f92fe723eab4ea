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
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const NoInput = z.object({}).strict();

export const terminalMethods = {
  'terminal.info': { input: NoInput, output: TerminalInfo },
} as const;
