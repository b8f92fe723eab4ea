import type { DeviceConfig, TerminalConfig } from '../../../../contract/config.js';
import { DEFAULT_KEYBOARD_WEDGE_OPTIONS, KeyboardWedgeOptions } from '../../../../contract/keyboard-wedge.js';
import type { TerminalInfo } from '../../../../contract/host-api.js';
import { DeviceStatusTracker, parseDeviceOptions, type DeviceFactory, type ManagedDevice } from '../../../../drivers/device.js';

/** The thresholds the renderer needs, from the first keyboard-wedge scanner configured. */
export function keyboardWedgeSettings(config: TerminalConfig): TerminalInfo['keyboardWedge'] {
  const wedge = config.devices.find((d) => d.kind === 'scanner' && d.transport.type === 'keyboard-wedge');
  if (!wedge) return undefined;
  const parsed = KeyboardWedgeOptions.safeParse(wedge.options);
  return parsed.success ? parsed.data : DEFAULT_KEYBOARD_WEDGE_OPTIONS;
}

/**
 * A scanner that types into the UI: the host cannot see it, the renderer reads its keystrokes.
 * Its status says so rather than claiming a connection the host cannot check.
 */
export const createKeyboardWedgeScanner: DeviceFactory = (config: DeviceConfig): ManagedDevice => {
  const parsed = parseDeviceOptions(KeyboardWedgeOptions, config);
  if (!parsed.ok) return parsed.device;
  const tracker = new DeviceStatusTracker(config.id, 'scanner', false);
  return {
    id: config.id,
    kind: 'scanner',
    status: () => tracker.get(),
    onStatus: (listener) => tracker.on(listener),
    start: async () => tracker.set('connected', 'read as keystrokes in the UI'),
    stop: async () => tracker.set('disconnected'),
  };
};
