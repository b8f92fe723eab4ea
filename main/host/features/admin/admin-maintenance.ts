import { SerialPort } from 'serialport';
import { TerminalConfig, describeConfigIssues } from '../../../../contract/config.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import { maskName } from '../../../../contract/masking.js';
import { IdCardReader } from '../../../../drivers/idcard/index.js';
import { writeConfigFile } from '../../config-loader.js';
import { HostFault } from '../../dispatch.js';
import type { DeviceManager } from '../../device-manager.js';
import type { Logger } from '../../logging.js';
import type { AdminFeature } from './admin-feature.js';

export interface MaintenanceDeps {
  admin: AdminFeature;
  devices: DeviceManager;
  current: TerminalConfig;
  /** Where the terminal's configuration is saved. */
  configPath: string;
  restart: () => void;
  log: Logger;
  listSerialPorts?: () => Promise<{ path: string; manufacturer?: string; vendorId?: string; productId?: string }[]>;
}

/** The administrator sees secrets as placeholders; saving keeps the real values behind them. */
export function restoreSecrets(edited: unknown, current: TerminalConfig): unknown {
  if (typeof edited !== 'object' || edited === null) return edited;
  const config = structuredClone(edited) as Record<string, Record<string, unknown> | undefined>;
  if (config.sync?.enrolmentCode === '[set]') config.sync.enrolmentCode = current.sync.enrolmentCode;
  if (config.admin?.pinHash === '[set]') config.admin.pinHash = current.admin.pinHash;
  if (config.admin?.pinHash === '[generated]') delete config.admin.pinHash;
  return config;
}

/** Technician actions in admin mode: a test read, port discovery, editing the configuration, restart. */
export class AdminMaintenance {
  constructor(private readonly deps: MaintenanceDeps) {}

  readonly handlers: Pick<HostHandlers, 'admin.testRead' | 'admin.serialPorts' | 'admin.saveConfig' | 'admin.restart'> = {
    'admin.testRead': async ({ deviceId }) => {
      this.deps.admin.require();
      const reader = this.deps.devices.get(deviceId);
      if (!(reader instanceof IdCardReader)) throw new HostFault('bad-input', `"${deviceId}" is not an ID-card reader`);
      const result = await reader.readOnce({ timeoutMs: 5000 });
      if (!result.ok) return { ok: false, error: `${result.error.code}: ${result.error.message}` };
      const { card, photo, fingerprint } = result.value;
      const view = { ok: true, maskedName: maskName(card.name || card.englishName || ''), cardType: card.cardType };
      // The read was only a test: nothing of the card outlives this answer.
      photo.wlt.fill(0);
      fingerprint.fill(0);
      return view;
    },
    'admin.serialPorts': async () => {
      this.deps.admin.require();
      const list = this.deps.listSerialPorts ?? (() => SerialPort.list());
      return (await list()).map(({ path, manufacturer, vendorId, productId }) => ({
        path,
        ...(manufacturer ? { manufacturer } : {}),
        ...(vendorId ? { vendorId } : {}),
        ...(productId ? { productId } : {}),
      }));
    },
    'admin.saveConfig': async ({ config, dryRun }) => {
      this.deps.admin.require();
      const parsed = TerminalConfig.safeParse(restoreSecrets(config, this.deps.current));
      if (!parsed.success) return { valid: false, problems: describeConfigIssues(parsed.error), saved: false };
      if (dryRun) return { valid: true, problems: [], saved: false };
      await writeConfigFile(this.deps.configPath, parsed.data);
      this.deps.log.info({ event: 'config-saved' }, 'terminal configuration saved by an administrator');
      return { valid: true, problems: [], saved: true, path: this.deps.configPath };
    },
    'admin.restart': async () => {
      this.deps.admin.require();
      this.deps.log.info({ event: 'restart-requested' }, 'restart requested by an administrator');
      // Answer first, then restart.
      setTimeout(() => this.deps.restart(), 100);
      return { restarting: true as const };
    },
  };
}
