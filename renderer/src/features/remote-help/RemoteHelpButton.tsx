import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallHostClient } from '../../host/validated-client.js';
import { useAssist } from '../assist/use-assist.js';
import { lazyComponent } from '../../app/lazy-component.js';
import { liveCallOf } from './live-call.js';
import { useLiveCall } from './use-live-call.js';
import './remote-help.css';

/** The dialog (its recorder and digit pad) is fetched on the first press: the kiosk home starts without it. */
const HelpRequestDialog = lazyComponent(async () => (await import('./HelpRequestDialog.js')).HelpRequestDialog);

/** What the hall link allows when a citizen asks for remote help. */
export interface HelpConnectivity {
  /** Whether the hall queue service answers now. */
  hallOnline: boolean;
}

/** How a press of 远程帮办 is answered: a live call to the 帮办席, or a help request through the outbox. */
export type HelpMode = 'live' | 'request';

/** The one place that decides: a live call (WebRTC) when the hall link is up, a help request (through the outbox) otherwise. */
export function chooseHelpMode(connectivity: HelpConnectivity): HelpMode {
  return connectivity.hallOnline ? 'live' : 'request';
}

/** A headset with a speech bubble: the same sign wherever 远程帮办 appears. Decorative; the words carry the meaning. */
export function RemoteHelpIcon() {
  return (
    <svg className="remote-help-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 2a8 8 0 0 0-8 8v5a3 3 0 0 0 3 3h1a1 1 0 0 0 1-1v-5a1 1 0 0 0-1-1H6v-1a6 6 0 0 1 12 0v1h-2a1 1 0 0 0-1 1v5a1 1 0 0 0 1 1h2v1a1 1 0 0 1-1 1h-4a1 1 0 1 0 0 2h4a3 3 0 0 0 3-3v-9a8 8 0 0 0-8-8Z"
      />
    </svg>
  );
}

/**
 * The kiosk's and proxy point's "远程帮办" button (beside 呼叫工作人员 in elder mode). `atHome`: whether
 * the kiosk shows its home; a screen that reports no step of its own is then sent as 'other'.
 */
export function RemoteHelpButton({ client, atHome = true }: { client: HallHostClient; atHome?: boolean }) {
  const { t } = useTranslation();
  // The hall link as the call-staff feature sees it (the same hall queue service).
  const connectivity: HelpConnectivity = { hallOnline: useAssist(client)?.online ?? false };
  const [open, setOpen] = useState<HelpMode | null>(null);
  // Set when the dialog opened because a live call rang out: it says so before offering the voice note.
  const [afterUnanswered, setAfterUnanswered] = useState(false);
  // A recording is the citizen's: when their session ends (结束办理, idle), the dialog and its recording go.
  useEffect(() => client.on('session.ended', () => setOpen(null)), [client]);
  // Nobody answered the live call in time: offer what the offline path offers, once per call.
  const unanswered = useLiveCall(client)[0].view?.unanswered ?? null;
  const offeredFor = useRef<string | null>(null);
  useEffect(() => {
    if (!unanswered || offeredFor.current === unanswered) return;
    offeredFor.current = unanswered;
    setAfterUnanswered(true);
    setOpen('request');
  }, [unanswered]);
  // Live: ring the 帮办席 (the call panel takes over); should the ring not get through, the request dialog still helps.
  const press = async () => {
    const mode = chooseHelpMode(connectivity);
    setAfterUnanswered(false);
    if (mode === 'live' && (await liveCallOf(client).ring())) return;
    setOpen('request');
  };
  return (
    <>
      <button type="button" className="remote-help-button" data-testid="remote-help" onClick={() => void press()}>
        <RemoteHelpIcon />
        {t('remoteHelp.button')}
      </button>
      {open === 'request' && <HelpRequestDialog client={client} atHome={atHome} afterUnanswered={afterUnanswered} onClose={() => setOpen(null)} />}
    </>
  );
}
