import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallHostClient } from '../../host/validated-client.js';
import { AssistDeskCall } from './AssistDeskCall.js';
import { useLiveCall } from './use-live-call.js';
import './remote-help-live.css';

/** The live part of the counter's 帮办席: remote help calls ringing in the hall, and the call this clerk took. */
export function LiveDesk({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [state, live] = useLiveCall(client);
  const [taken, setTaken] = useState<string | null>(null);
  const ringing = state.view?.ringing ?? [];
  const inCall = state.view?.party === 'clerk';
  return (
    <section className="rh-desk" data-testid="assist-desk-live" aria-labelledby="rh-desk-title">
      <h3 id="rh-desk-title">{t('liveHelp.deskTitle')}</h3>
      <AssistDeskCall client={client} />
      {!inCall && ringing.length === 0 && (
        <p className="o2o-muted" data-testid="assist-desk-no-calls">
          {t('liveHelp.deskEmpty')}
        </p>
      )}
      {!inCall && ringing.length > 0 && (
        <ul className="rh-desk-ringing">
          {ringing.map((call) => (
            <li key={call.id} className="rh-desk-ring" data-testid="assist-desk-ringing">
              <span>{t('liveHelp.deskFrom', { terminal: call.terminalId })}</span>
              <button
                type="button"
                className="o2o-button primary"
                data-testid="assist-desk-answer"
                onClick={() => void live.answer(call.id).then((ok) => setTaken(ok ? null : call.id))}
              >
                {t('liveHelp.answer')}
              </button>
              {taken === call.id && (
                <span className="o2o-error" role="alert">
                  {t('liveHelp.alreadyTaken')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
