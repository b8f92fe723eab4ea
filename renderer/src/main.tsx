// The page's entry. The home's first question to the host (terminal.info) leaves before the UI's
// code is loaded and evaluated, so the host answers while the page compiles rather than after.
import { browserNowMs } from './app/host-clock.js';
import { pickHostTransport, type EarlyCall } from './host/pick-transport.js';
import './styles.css';

const transport = pickHostTransport();
let early: EarlyCall | undefined;
if (!('error' in transport)) {
  const call: EarlyCall = { method: 'terminal.info', sentAtMs: browserNowMs(), answer: transport.call('terminal.info', {}) };
  // The moment it arrived, for aligning with the host's clock (boot may read the answer later).
  call.answer.then(() => (call.receivedAtMs = browserNowMs())).catch(() => undefined);
  early = call;
}
void import('./boot.js').then(({ boot }) => boot(transport, early));
