// hallctl commands for the second-generation ID-card reader and its simulator.
import { IdCardReader, IdCardSimulator, testCard, type IdCardErrorCode, type SimulatorFaults, type TestCardName } from '../../drivers/idcard/index.js';
import { openPtyPair } from '../../drivers/simulation/pty-pair.js';
import { SerialTransport } from '../../drivers/transport/serial.js';
import { EXIT, optionalInt, requireString, UsageError, type CliCommand, type ExitCode } from '../cli-command.js';

const EXIT_FOR_ERROR: Record<IdCardErrorCode, ExitCode> = {
  'no-card': EXIT.nothingToRead,
  'select-failed': EXIT.nothingToRead,
  timeout: EXIT.unreachable,
  unreachable: EXIT.unreachable,
  'read-failed': EXIT.deviceError,
  'sam-fault': EXIT.deviceError,
  'protocol-error': EXIT.deviceError,
  'device-error': EXIT.deviceError,
};

const CARD_OPTIONS: Record<string, TestCardName> = {
  resident: 'resident',
  gat: 'gat',
  'foreign-old': 'foreign-old',
  'foreign-2023': 'foreign-2023',
  'invalid-check': 'invalid-check',
};

/** What each --fault name switches on in the simulator. */
const FAULT_OPTIONS: Record<string, Partial<SimulatorFaults>> = {
  'no-card': { noCard: true },
  'bad-checksum': { badReplyChecksum: true },
  // Within the default command timeouts: reads succeed, slowly.
  slow: { replyDelayMs: 200 },
  fragmented: { fragment: { chunkSize: 16, delayMs: 2 } },
  'sam-failure': { samFailure: true },
  'read-failure': { readFailure: true },
};

const readCommand: CliCommand = {
  path: ['idcard', 'read'],
  summary: 'Read one ID card from a SAM_V reader and print it as JSON (check character validity, photo length).',
  usage: '--port PATH [--baud N] [--timeout-ms N]',
  options: { port: { type: 'string' }, baud: { type: 'string' }, 'timeout-ms': { type: 'string' } },
  async run(values, io) {
    const path = requireString(values, 'port');
    const baudRate = optionalInt(values, 'baud', 115200, 1200, 921600);
    const timeoutMs = optionalInt(values, 'timeout-ms', 5000, 100, 600_000);
    const reader = new IdCardReader({ id: 'hallctl-idcard', openTransport: () => new SerialTransport({ path, baudRate }) });
    const result = await reader.readOnce({ timeoutMs });
    await reader.stop();
    if (!result.ok) {
      io.json({ ok: false, error: result.error });
      return EXIT_FOR_ERROR[result.error.code];
    }
    const { card, photo, fingerprint } = result.value;
    io.json({ ok: true, card, photo: { format: 'wlt', length: photo.wlt.length, decoder: photo.status }, fingerprintLength: fingerprint.length });
    return EXIT.ok;
  },
};

const simCommand: CliCommand = {
  path: ['sim', 'idcard'],
  summary: 'Run the ID-card reader simulator on a new PTY pair; prints {"path": …} for the driver. Stops on Ctrl-C.',
  usage: `[--card ${Object.keys(CARD_OPTIONS).join('|')}] [--fault ${Object.keys(FAULT_OPTIONS).join('|')}]…`,
  options: { card: { type: 'string' }, fault: { type: 'string', multiple: true } },
  async run(values, io) {
    const cardName = typeof values.card === 'string' ? CARD_OPTIONS[values.card] : 'resident';
    if (!cardName) throw new UsageError(`--card must be one of ${Object.keys(CARD_OPTIONS).join(', ')}`);
    const faultNames = Array.isArray(values.fault) ? values.fault.map(String) : [];
    const faults: Partial<SimulatorFaults> = {};
    for (const name of faultNames) {
      const fault = FAULT_OPTIONS[name];
      if (!fault) throw new UsageError(`--fault must be one of ${Object.keys(FAULT_OPTIONS).join(', ')}`);
      Object.assign(faults, fault);
    }
    const pair = await openPtyPair();
    const simulator = new IdCardSimulator({ card: testCard(cardName), placed: true, faults });
    try {
      await simulator.attach(new SerialTransport({ path: pair.devicePath, baudRate: 115200 }));
      io.json({ path: pair.hostPath });
      io.note(`ID-card simulator with a fictional ${cardName} card${faultNames.length ? `, faults: ${faultNames.join(', ')}` : ''}. Ctrl-C stops it.`);
      await io.interrupted;
    } finally {
      await simulator.detach();
      await pair.close();
    }
    return EXIT.ok;
  },
};

export const idcardCommands: CliCommand[] = [readCommand, simCommand];
