import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceConfig, TerminalConfigInput } from '../../contract/config.js';
import { DeviceStatusTracker, type ManagedDevice } from '../../drivers/device.js';
import { DriverRegistry } from '../../drivers/registry.js';
import { parseConfig } from '../../main/host/config-loader.js';
import { Host } from '../../main/host/host.js';
import { createLogger } from '../../main/host/logging.js';
import { platformContext } from '../../platform/server.js';
import type { FastifyInstance } from 'fastify';
import { freshDatabaseUrl } from '../postgres/databases.js';

/** A device whose state the test sets by hand, to watch status travel to the UI. */
export class ScriptedDevice implements ManagedDevice {
  readonly tracker: DeviceStatusTracker;
  readonly id: string;
  readonly kind: DeviceConfig['kind'];
  constructor(config: DeviceConfig) {
    this.id = config.id;
    this.kind = config.kind;
    this.tracker = new DeviceStatusTracker(config.id, config.kind, true);
  }
  status() {
    return this.tracker.get();
  }
  onStatus(listener: Parameters<ManagedDevice['onStatus']>[0]) {
    return this.tracker.on(listener);
  }
  async start() {
    this.tracker.set('connected');
  }
  async stop() {
    this.tracker.set('disconnected');
  }
}

export interface TestHost {
  host: Host;
  devices: Map<string, ScriptedDevice>;
  /** Where it keeps its data, and its embedded platform's database: a restart passes them back. */
  dataDir: string;
  databaseUrl?: string;
}

/**
 * Starts a host on a test's own config. With `enrolOn`, the terminal's record is created on that
 * platform (its role, hall and counter from the config, as an administrator would) and the host gets
 * the one-time code to enrol with.
 */
export async function startTestHost(
  shell: 'electron' | 'headless',
  overrides: Partial<TerminalConfigInput> = {},
  enrolOn?: FastifyInstance,
  /** A stopped host's data folder and platform database: the same terminal started again. */
  restart?: { dataDir: string; databaseUrl?: string },
): Promise<TestHost> {
  const devices = new Map<string, ScriptedDevice>();
  const registry = new DriverRegistry();
  for (const kind of ['idcard-reader', 'printer', 'scanner'] as const) {
    registry.register(kind, 'simulated', (config) => {
      const device = new ScriptedDevice(config);
      devices.set(config.id, device);
      return device;
    });
  }
  const config = parseConfig(
    {
      hallId: 'test-hall',
      terminalId: 'kiosk-07',
      role: 'kiosk',
      platformUrl: 'embedded',
      // Test hosts keep the embedded platform off the LAN (parallel files would race for port 8740 on it).
      phonePages: { address: 'off' },
      languages: ['zh-CN', 'en'],
      defaultLanguage: 'zh-CN',
      devices: [
        { id: 'reader', kind: 'idcard-reader', transport: { type: 'simulated' } },
        { id: 'printer', kind: 'printer', transport: { type: 'simulated' } },
      ],
      ...overrides,
    },
    'test',
  );
  if (enrolOn) {
    const pointId = config.role === 'proxy-point' ? config.hallId.slice(0, 48) : undefined;
    const { enrolmentCode } = await platformContext(enrolOn).terminals.add({
      terminalId: config.terminalId,
      role: config.role,
      hallId: config.hallId,
      counterId: config.queue.counterId,
      pointId,
    });
    config.sync = { ...config.sync, enrolmentCode };
  }
  const dataDir = restart?.dataDir ?? mkdtempSync(join(tmpdir(), 'hall-host-'));
  const host = new Host({
    config: { ...config, sync: { ...config.sync, pollIntervalMs: 500 } },
    shell,
    dataDir,
    version: '9.9.9-test',
    log: createLogger({}),
    registry,
  });
  // The embedded platform's process inherits HALL_DATABASE_URL: on the test cluster it starts in a
  // second, where PGlite would take many (the embedded default has suites of its own).
  const databaseUrl = config.platformUrl === 'embedded' ? (restart?.databaseUrl ?? (await freshDatabaseUrl())) : undefined;
  if (databaseUrl) process.env.HALL_DATABASE_URL = databaseUrl;
  try {
    await host.start();
  } finally {
    delete process.env.HALL_DATABASE_URL;
  }
  return { host, devices, dataDir, ...(databaseUrl ? { databaseUrl } : {}) };
}

/** Puts a resident card in the host's citizen session, as if read from the reader. */
export function holdCard(host: Host, card: { name: string; idNumber: string; birthDate: string; gender?: 'male' | 'female'; address?: string }): void {
  const female = (card.gender ?? 'female') === 'female';
  host.session.hold('reader', {
    card: {
      cardType: 'resident',
      name: card.name,
      gender: female ? 'female' : 'male',
      genderCode: female ? '2' : '1',
      birthDate: card.birthDate,
      address: card.address ?? '浙江省杭州市西湖区示例街道8号',
      idNumber: card.idNumber,
      idNumberValid: true,
      validFrom: '2020-01-01',
      validTo: null,
      longTerm: true,
      photoLength: 0,
      fingerprintLength: 0,
    },
    photo: { wlt: new Uint8Array(0), status: 'no-decoder' },
    fingerprint: new Uint8Array(0),
    readAt: new Date().toISOString(),
  });
}
