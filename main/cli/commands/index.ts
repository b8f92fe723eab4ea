import type { CliCommand } from '../cli-command.js';

/** Every hallctl command module; each device area adds its own file here. */
export const commandModules: CliCommand[][] = [];
