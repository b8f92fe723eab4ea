import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SIMULATED_CARD_NAMES } from '../../../../contract/api/simulators.js';
import type { DeviceKind } from '../../../../contract/devices.js';
import type { HallHostClient } from '../../host/validated-client.js';

type Simulated = { deviceId: string; kind: DeviceKind };

/** Drives the simulated devices of a hall running on one machine (shown only when there are any). */
export function SimulatorPanel({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Simulated[]>([]);
  const [open, setOpen] = useState(false);
  const [card, setCard] = useState<(typeof SIMULATED_CARD_NAMES)[number]>('resident');
  const [message, setMessage] = useState('');

  useEffect(() => {
    let live = true;
    void client.call('simulator.list', {}).then((result) => live && result.ok && setDevices(result.value));
    return () => {
      live = false;
    };
  }, [client]);

  if (devices.length === 0) return null;
  const report = (result: { ok: boolean; error?: { message: string } }) => setMessage(result.ok ? t('simulators.done') : (result.error?.message ?? ''));

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
                <select data-testid={`sim-card-${d.deviceId}`} value={card} onChange={(e) => setCard(e.target.value as typeof card)} aria-label={t('simulators.card')}>
                  {SIMULATED_CARD_NAMES.map((name) => (
                    <option key={name} value={name}>
                      {t(`simulators.cards.${name}`)}
                    </option>
                  ))}
                </select>
                <button type="button" data-testid={`sim-place-${d.deviceId}`} onClick={() => void client.call('simulator.idcard.place', { deviceId: d.deviceId, card }).then(report)}>
                  {t('simulators.placeCard')}
                </button>
                <button type="button" data-testid={`sim-remove-${d.deviceId}`} onClick={() => void client.call('simulator.idcard.remove', { deviceId: d.deviceId }).then(report)}>
                  {t('simulators.removeCard')}
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
