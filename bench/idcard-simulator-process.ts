// The ID-card simulator in a process of its own, so the bench's process.cpuUsage() counts the
// reader's polling alone. Forked by idcard.bench.ts with the PTY's device path and the line baud.
import { IdCardSimulator } from '../drivers/idcard/simulator/simulator.js';
import { SerialTransport } from '../drivers/transport/serial.js';

const [devicePath, baud] = process.argv.slice(2);
if (!devicePath || !(Number(baud) > 0)) throw new Error('usage: idcard-simulator-process.ts <device path> <baud>');
const simulator = new IdCardSimulator({ placed: false, lineBaud: Number(baud) });
await simulator.attach(new SerialTransport({ path: devicePath, baudRate: Number(baud) }));
process.on('message', (message) => {
  if (message === 'finds') process.send?.({ finds: simulator.stats.byCommand['20 01'] ?? 0 });
  if (message === 'stop') void simulator.detach().then(() => process.exit(0));
});
process.send?.('ready');
