import type { CliCommand } from '../cli-command.js';
import { idcardCommands } from './idcard.js';

/** Every hallctl command module; each device area adds its own file here. */
export const commandModules: CliCommand[][] = [idcardCommands];
