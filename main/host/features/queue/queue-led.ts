// Window LED screens follow the calls of their own counter.
import type { QueueEvent } from '../../../../contract/queue.js';
import { LedScreen } from '../../../../drivers/led/led-screen.js';
import { SimulatedLedScreen } from '../../../../drivers/led/factory.js';
import type { LedShown } from '../../../../drivers/led/simulator.js';
import { HostFault } from '../../dispatch.js';
import type { DeviceManager } from '../../device-manager.js';
import type { Logger } from '../../logging.js';

/** The LED line for a call at this counter: "请A012号" (the screen hangs above its own window). */
export function ledTextFor(event: QueueEvent): string | undefined {
  if ((event.type === 'ticket.called' || event.type === 'ticket.recalled') && event.ticket) return `请${event.ticket.number}号`;
  if (event.type === 'counter.paused') return '暂停服务';
  if (event.type === 'counter.resumed') return '欢迎光临';
  return undefined;
}

export function updateLedScreens(devices: DeviceManager, event: QueueEvent, counterId: string | undefined, log: Logger): void {
  if (!counterId || event.counter?.id !== counterId) return;
  const text = ledTextFor(event);
  if (!text) return;
  for (const device of devices.all()) {
    if (!(device instanceof LedScreen)) continue;
    void device.showText(text).then((result) => {
      if (!result.ok) log.warn({ device: device.id, reason: result.reason }, 'LED screen did not take the call');
    });
  }
}

/** What a simulated LED screen shows now (tests and the technician's panel). */
export function ledShown(devices: DeviceManager, deviceId: string): LedShown | null {
  const device = devices.get(deviceId);
  if (!(device instanceof SimulatedLedScreen)) throw new HostFault('not-found', `no simulated LED screen "${deviceId}"`);
  return device.simulator?.shown ?? null;
}
