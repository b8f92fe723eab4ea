import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../../contract/host-api.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useNarration } from '../elder/use-narration.js';

/** Fired on window when a citizen's session is wiped: features drop their state, stop cameras. */
export const SESSION_WIPE_EVENT = 'hall-session-wipe';

/**
 * Forgets the citizen in this window: features drop their state (SESSION_WIPE_EVENT), storage is
 * cleared but for the window's own token, and the next citizen starts in the terminal's language.
 */
export async function wipeCitizenScreen(i18n: { changeLanguage(lng: string): Promise<unknown> }, defaultLanguage: string): Promise<void> {
  window.dispatchEvent(new Event(SESSION_WIPE_EVENT));
  const token = sessionStorage.getItem('hall.session-token');
  sessionStorage.clear();
  localStorage.clear();
  if (token) sessionStorage.setItem('hall.session-token', token);
  await i18n.changeLanguage(defaultLanguage);
  sessionStorage.removeItem('hall.language');
}

/**
 * After `idleSeconds` without a touch, while anything of a citizen is on screen, a countdown offers
 * more time; when it runs out the session is wiped here (screen, storage) and in the host.
 */
export function IdleGuard({ client, info, active, onWiped }: { client: HallHostClient; info: TerminalInfo; active: boolean; onWiped: () => void }) {
  const { t, i18n } = useTranslation();
  const [remaining, setRemaining] = useState<number>();
  const lastInput = useRef(0);
  const wiped = useRef(onWiped);
  useNarration(remaining === undefined ? null : 'idle');
  useEffect(() => {
    wiped.current = onWiped;
  });

  useEffect(() => {
    const touched = () => {
      lastInput.current = performance.now();
      setRemaining(undefined);
    };
    touched();
    window.addEventListener('pointerdown', touched, { passive: true });
    window.addEventListener('keydown', touched, { passive: true });
    return () => {
      window.removeEventListener('pointerdown', touched);
      window.removeEventListener('keydown', touched);
    };
  }, []);

  useEffect(() => {
    if (!active) return;
    const { idleSeconds, countdownSeconds } = info.session;
    const timer = setInterval(() => {
      const idle = (performance.now() - lastInput.current) / 1000;
      if (idle < idleSeconds) return setRemaining(undefined);
      const left = Math.ceil(idleSeconds + countdownSeconds - idle);
      if (left > 0) return setRemaining(left);
      clearInterval(timer);
      setRemaining(undefined);
      void wipe('idle');
    }, 250);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- wipe reads only refs and the client
  }, [active, info.session, client]);

  async function wipe(reason: 'idle' | 'requested') {
    await wipeCitizenScreen(i18n, info.defaultLanguage);
    await client.call('session.end', { reason });
    wiped.current();
  }

  if (remaining === undefined) return null;
  return (
    <div className="admin-backdrop">
      <div className="pin-dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" data-testid="idle-countdown">
        <h2 id="idle-title">{t('session.stillThere')}</h2>
        <p aria-live="assertive">{t('session.countdown', { seconds: remaining })}</p>
        <button type="button" className="primary-button" data-testid="idle-more" onClick={() => setRemaining(undefined)}>
          {t('session.more')}
        </button>
        <button type="button" className="secondary-button" data-testid="idle-finish" onClick={() => void wipe('requested')}>
          {t('session.finish')}
        </button>
      </div>
    </div>
  );
}
