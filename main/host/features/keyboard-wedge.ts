import { z } from 'zod';
import type { DeviceConfig, TerminalConfig } from '../../../contract/config.js';
import type { TerminalInfo } from '../../../contract/host-api.js';
import { DeviceStatusTracker, type DeviceFactory, type ManagedDevice } from '../../../drivers/device.js';

/** `options` of a keyboard-wedge scanner: the timing that tells a scan from a person typing. */
export const KeyboardWedgeOptions = z
  .object({
    maxAverageGapMs: z.number().positive().max(200).default(30),
    minLength: z.number().int().min(1).max(64).default(6),
    suffixKeys: z.array(z.string()).default(['Enter', 'Tab']),
  })
  .strict();

/** The thresholds the renderer needs, from the first keyboard-wedge scanner configured. */
export function keyboardWedgeSettings(config: TerminalConfig): TerminalInfo['keyboardWedge'] {
  const wedge = config.devices.find((d) => d.kind === 'scanner' && d.transport.type === 'keyboard-wedge');
  if (!wedge) return undefined;
  const parsed = KeyboardWedgeOptions.safeParse(wedge.options);
  return parsed.success ? parsed.data : KeyboardWedgeOptions.parse({});
}

/**
 * A scanner that types into the UI: the host cannot see it, the renderer reads its keystrokes.
 * Its status says so rather than claiming a connection the host cannot check.
 */
export const createKeyboardWedgeScanner: DeviceFactory = (config: DeviceConfig): ManagedDevice => {
  const tracker = new DeviceStatusTracker(config.id, 'scanner', false);
  const parsed = KeyboardWedgeOptions.safeParse(config.options);
  return {
    id: config.id,
    kind: 'scanner',
    status: () => tracker.get(),
    onStatus: (listener) => tracker.on(listener),
    start: async () =>
      parsed.success
        ? tracker.set('connected', 'read as keystrokes in the UI')
        : tracker.set('fault', `invalid options: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`),
    stop: async () => tracker.set('disconnected'),
  };
};
