import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SIMULATED_CARD_NAMES } from '../../../../contract/api/simulators.js';
import type { DeviceKind } from '../../../../contract/devices.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { hostClock } from '../../app/host-clock.js';

type Simulated = { deviceId: string; kind: DeviceKind };

/** Drives the simulated devices of a hall running on one machine (shown only when there are any). */
export function SimulatorPanel({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Simulated[]>([]);
  const [open, setOpen] = useState(false);
  const [card, setCard] = useState<(typeof SIMULATED_CARD_NAMES)[number]>('resident');
  const [message, setMessage] = useState('');
  const [code, setCode] = useState('HT-2026-0001');

  useEffect(() => {
    let live = true;
    void client.call('simulator.list', {}).then((result) => live && result.ok && setDevices(result.value));
    return () => {
      live = false;
    };
  }, [client]);

  if (devices.length === 0) return null;
  const report = (result: { ok: boolean; error?: { message: string } }) => setMessage(result.ok ? t('simulators.done') : (result.error?.message ?? ''));
  // A real print job through the real driver: what a technician's test print does.
  const testPrint = async (deviceId: string) => {
    const result = await client.call('printer.printTicket', {
      deviceId,
      ticket: {
        hallName: t('simulators.testHall'),
        ticketNumber: 'A001',
        serviceName: t('simulators.testService'),
        waitingAhead: 0,
        issuedAt: hostClock.iso(),
        followQr: 'HT-TEST-A001',
      },
    });
    if (!result.ok) return setMessage(result.error.message);
    setMessage(result.value.outcome === 'printed' ? t('simulators.printed') : `${t('simulators.refused')}: ${result.value.reason ?? result.value.condition}`);
  };

  return (
    <div className="simulator-panel">
      <button type="button" className="simulator-toggle" data-testid="simulators-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('simulators.heading')}
      </button>
      {open && (
        <div className="simulator-body" role="region" aria-label={t('simulators.heading')}>
          {devices
            .filter((d) => d.kind === 'idcard-reader')
            .map((d) => (
              <fieldset key={d.deviceId}>
                <legend>{t('devices.kind.idcard-reader')}</legend>
                <select
                  data-testid={`sim-card-${d.deviceId}`}
                  value={card}
                  onChange={(e) => setCard(e.target.value as typeof card)}
                  aria-label={t('simulators.card')}
                >
                  {SIMULATED_CARD_NAMES.map((name) => (
                    <option key={name} value={name}>
                      {t(`simulators.cards.${name}`)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  data-testid={`sim-place-${d.deviceId}`}
                  onClick={() => void client.call('simulator.idcard.place', { deviceId: d.deviceId, card }).then(report)}
                >
                  {t('simulators.placeCard')}
                </button>
                <button
                  type="button"
                  data-testid={`sim-remove-${d.deviceId}`}
                  onClick={() => void client.call('simulator.idcard.remove', { deviceId: d.deviceId }).then(report)}
                >
                  {t('simulators.removeCard')}
                </button>
              </fieldset>
            ))}
          {devices
            .filter((d) => d.kind === 'scanner')
            .map((d) => (
              <fieldset key={d.deviceId}>
                <legend>{t('devices.kind.scanner')}</legend>
                <input data-testid={`sim-code-${d.deviceId}`} value={code} onChange={(e) => setCode(e.target.value)} aria-label={t('simulators.code')} />
                <button
                  type="button"
                  data-testid={`sim-scan-${d.deviceId}`}
                  onClick={() => void client.call('simulator.scanner.scan', { deviceId: d.deviceId, data: code }).then(report)}
                >
                  {t('simulators.scan')}
                </button>
              </fieldset>
            ))}
          {devices
            .filter((d) => d.kind === 'printer')
            .map((d) => (
              <fieldset key={d.deviceId}>
                <legend>{t('devices.kind.printer')}</legend>
                <button
                  type="button"
                  data-testid={`sim-paper-out-${d.deviceId}`}
                  onClick={() => void client.call('simulator.printer.set', { deviceId: d.deviceId, paper: 'out' }).then(report)}
                >
                  {t('simulators.paperOut')}
                </button>
                <button
                  type="button"
                  data-testid={`sim-cover-${d.deviceId}`}
                  onClick={() => void client.call('simulator.printer.set', { deviceId: d.deviceId, coverOpen: true }).then(report)}
                >
                  {t('simulators.coverOpen')}
                </button>
                <button
                  type="button"
                  data-testid={`sim-recover-${d.deviceId}`}
                  onClick={() =>
                    void client
                      .call('simulator.printer.set', { deviceId: d.deviceId, paper: 'ok', coverOpen: false, offline: false, cutterError: false })
                      .then(report)
                  }
                >
                  {t('simulators.recover')}
                </button>
                <button type="button" data-testid={`sim-test-print-${d.deviceId}`} onClick={() => void testPrint(d.deviceId)}>
                  {t('simulators.testPrint')}
                </button>
              </fieldset>
            ))}
          <p className="simulator-message" aria-live="polite">
            {message}
          </p>
        </div>
      )}
    </div>
  );
}
