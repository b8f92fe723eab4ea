import type { CliCommand } from '../cli-command.js';
import { adminCommands } from './admin.js';
import { clerkCommands } from './clerks.js';
import { devicesCommands } from './devices.js';
import { idcardCommands } from './idcard.js';
import { notifyCommands } from './notify.js';
import { haochapingCommands } from './haochaping.js';
import { platformCommands } from './platform.js';
import { printerCommands } from './printer.js';
import { proxyAgentCommands } from './proxy-agents.js';
import { scannerCommands } from './scanner.js';

/** Every hallctl command module; each device area adds its own file here. */
export const commandModules: CliCommand[][] = [
  devicesCommands,
  idcardCommands,
  scannerCommands,
  printerCommands,
  platformCommands,
  proxyAgentCommands,
  clerkCommands,
  adminCommands,
  notifyCommands,
  haochapingCommands,
];
