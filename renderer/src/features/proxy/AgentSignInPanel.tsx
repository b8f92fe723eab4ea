import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProxyAgentView, ProxySignInResult } from '../../../../contract/api/proxy.js';
import type { TerminalInfo } from '../../../../contract/host-api.js';
import { parseSignedCode } from '../../../../contract/personal-code.js';
import { AGENT_CARD_PREFIX, AgentCardPayload, looksLikeAgentCard } from '../../../../contract/proxy-agent.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useScans } from '../scanning/use-scans.js';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** Scan the agent card, type the PIN (keyboard or the large keypad), sign in; the host checks both offline. */
export function AgentSignInPanel({ client, info, onSignedIn }: { client: HallHostClient; info: TerminalInfo; onSignedIn: (agent: ProxyAgentView) => void }) {
  const { t, i18n } = useTranslation();
  const [card, setCard] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Extract<ProxySignInResult, { signedIn: false }> | null>(null);
  const pinInput = useRef<HTMLInputElement>(null);
  // Only the masked name is read here, to greet the agent; the host judges the card.
  const cardName = card ? (parseSignedCode(card, AGENT_CARD_PREFIX, AgentCardPayload)?.payload.mn ?? '') : '';

  useScans(client, info, (scan) => {
    if (!looksLikeAgentCard(scan.data)) {
      setRefusal({ signedIn: false, refusal: 'malformed' });
      return;
    }
    setCard(scan.data.trim());
    setRefusal(null);
  });
  useEffect(() => {
    if (card) pinInput.current?.focus();
  }, [card]);

  const submit = async () => {
    if (!card || !pin) return;
    setBusy(true);
    const result = await client.call('proxy.signIn', { card, pin });
    setBusy(false);
    setPin('');
    if (!result.ok) return setRefusal({ signedIn: false, refusal: 'malformed' });
    if (result.value.signedIn) return onSignedIn(result.value.agent);
    setRefusal(result.value);
    // A card that can never work is dropped; a wrong PIN keeps it for another try.
    if (result.value.refusal !== 'wrong-pin') setCard(null);
  };

  const refusalText = (r: NonNullable<typeof refusal>) => {
    if (r.refusal === 'wrong-pin' && r.attemptsLeft !== undefined) return t('proxy.signIn.attemptsLeft', { count: r.attemptsLeft });
    if (r.refusal === 'locked' && r.lockedUntil)
      return t('proxy.signIn.lockedUntil', { time: new Date(r.lockedUntil).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) });
    return t(`proxy.refusal.${r.refusal}`);
  };

  return (
    <div className="proxy-sign-in" data-testid="proxy-sign-in">
      <h3>{t('proxy.signIn.heading')}</h3>
      {refusal && (
        <p className="o2o-error" role="alert" data-testid="proxy-refusal" data-refusal={refusal.refusal}>
          {refusalText(refusal)}
        </p>
      )}
      {/* The PIN field is there from the start: the agent may type first and scan after, and the keyboard has a place to go. */}
      <form
        className="proxy-pin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {card ? (
          <p className="o2o-ok" data-testid="proxy-card-read">
            {t('proxy.signIn.cardRead', { name: cardName })}
          </p>
        ) : (
          <p className="proxy-scan-prompt" data-testid="proxy-scan-prompt">
            {t('proxy.signIn.scanCard')}
          </p>
        )}
        <label className="o2o-field">
          {t('proxy.signIn.pin')}
          <input
            ref={pinInput}
            data-testid="proxy-pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          />
        </label>
        <div className="proxy-keypad">
          {DIGITS.map((digit) => (
            <button key={digit} type="button" className="o2o-key" onClick={() => setPin((p) => (p.length < 8 ? p + digit : p))}>
              {digit}
            </button>
          ))}
          <button type="button" className="o2o-key o2o-key-wide" onClick={() => setPin((p) => p.slice(0, -1))}>
            {t('proxy.signIn.erase')}
          </button>
        </div>
        <div className="o2o-actions">
          <button type="submit" className="o2o-button primary" data-testid="proxy-sign-in-submit" disabled={busy || !card || pin.length < 4}>
            {t('proxy.signIn.submit')}
          </button>
          {card && (
            <button
              type="button"
              className="o2o-button"
              data-testid="proxy-rescan"
              onClick={() => {
                setCard(null);
                setPin('');
              }}
            >
              {t('proxy.signIn.rescan')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
