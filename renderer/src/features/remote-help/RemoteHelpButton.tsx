import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallHostClient } from '../../host/validated-client.js';
import { useLiveCall } from './use-live-call.js';
import './remote-help-live.css';

/**
 * "远程帮办" on kiosk and proxy-point screens: with the hall link up it rings the hall's 帮办席; while
 * a call is live the call panel takes over. Without the link it says so.
 */
export function RemoteHelpButton({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [state, live] = useLiveCall(client);
  const [unavailable, setUnavailable] = useState(false);
  if (state.view?.call) return null;
  const ring = async () => {
    setUnavailable(false);
    if (!state.view?.online || !(await live.ring())) setUnavailable(true);
  };
  return (
    <span className="rh-button-wrap">
      <button type="button" className="assist-call-button rh-button" data-testid="remote-help" onClick={() => void ring()}>
        {t('liveHelp.button')}
      </button>
      {unavailable && <span className="o2o-error" role="alert" data-testid="remote-help-unavailable">{t('liveHelp.unavailable')}</span>}
    </span>
  );
}
