import { z } from 'zod';
import { DeviceStatus } from '../devices.js';
import { NoInput } from './terminal.js';

export const deviceMethods = {
  'devices.list': { input: NoInput, output: z.array(DeviceStatus) },
} as const;

export const deviceEvents = {
  'device.status': DeviceStatus,
} as const;
