import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isElderAge } from '../../../../contract/age.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useNarration } from './use-narration.js';
import './elder.css';

/** Elder mode gives every step more time before the idle countdown. */
export const ELDER_IDLE_FACTOR = 2;

/**
 * Elder mode for this citizen's session: on by the big button or by accepting the offer made when
 * a card shows an elder (contract/age.ts); off again when the session ends.
 */
export function useElderMode(client: HallHostClient): { elder: boolean; setElder: (on: boolean) => void; offered: boolean; dismissOffer: () => void } {
  const [elder, setElder] = useState(false);
  const [offered, setOffered] = useState(false);
  const offeredThisSession = useRef(false);
  const elderNow = useRef(elder);
  useEffect(() => {
    elderNow.current = elder;
    document.documentElement.classList.toggle('elder', elder);
  }, [elder]);
  useEffect(() => {
    const offs = [
      client.on('idcard.read', (holder) => {
        if (isElderAge(holder.age) && !elderNow.current && !offeredThisSession.current) {
          offeredThisSession.current = true;
          setOffered(true);
        }
      }),
      client.on('session.ended', () => {
        offeredThisSession.current = false;
        setOffered(false);
        setElder(false);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);
  return { elder, setElder, offered, dismissOffer: () => setOffered(false) };
}

/** The one large button on every screen. */
export function ElderToggle({ elder, onChange }: { elder: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="elder-toggle" data-testid="elder-toggle" aria-pressed={elder} onClick={() => onChange(!elder)}>
      {t('elder.toggle')}
    </button>
  );
}

export function ElderOffer({ onAccept, onDecline }: { onAccept: () => void; onDecline: () => void }) {
  const { t } = useTranslation();
  const accept = useRef<HTMLButtonElement>(null);
  useEffect(() => accept.current?.focus(), []);
  // Read even outside elder mode: it is offered to someone whose card says 60+, who may not read it.
  useNarration('offer', { evenOutsideElder: true });
  return (
    <div className="modal-backdrop">
      <div className="elder-offer" role="dialog" aria-modal="true" aria-labelledby="elder-offer-title" data-testid="elder-offer">
        <h2 id="elder-offer-title">{t('elder.offerTitle')}</h2>
        <p>{t('elder.offerText')}</p>
        <button type="button" ref={accept} className="primary-button" data-testid="elder-accept" onClick={onAccept}>
          {t('elder.accept')}
        </button>
        <button type="button" className="secondary-button" data-testid="elder-decline" onClick={onDecline}>
          {t('elder.decline')}
        </button>
      </div>
    </div>
  );
}
