import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkChange, ClerkDeskSignIn } from '../../../../contract/api/clerk.js';
import type { SignedInClerk } from '../../../../contract/clerk.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useFormat } from '../../i18n/format.js';
import { hostErrorSentence } from '../host-messages/host-message.js';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
type Field = 'clerkId' | 'pin';

/** The clerk signed in at this counter, and why the last one left (idle, ended) when it was not their own doing. */
export function useClerk(client: HallHostClient): { clerk: SignedInClerk | null; lastChange: ClerkChange['reason'] | null } {
  const [clerk, setClerk] = useState<SignedInClerk | null>(null);
  const [lastChange, setLastChange] = useState<ClerkChange['reason'] | null>(null);
  useEffect(() => {
    let live = true;
    void client.call('clerk.status', {}).then((out) => {
      if (live && out.ok) setClerk(out.value.clerk);
    });
    const off = client.on('clerk.changed', (change) => {
      setClerk(change.clerk);
      setLastChange(change.reason);
    });
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return { clerk, lastChange };
}

/** Who is signed in at the desk (masked name only), with the sign-out button. */
export function ClerkBadge({ client, clerk }: { client: HallHostClient; clerk: SignedInClerk }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <p className="queue-clerk" data-testid="clerk-badge">
      <span data-testid="clerk-name">{t('queue.clerk.signedIn', { name: format.name(clerk.maskedName), id: format.ltr(clerk.clerkId) })}</span>
      <button type="button" className="queue-action small" data-testid="clerk-sign-out" onClick={() => void client.call('clerk.signOut', {})}>
        {t('queue.clerk.signOut')}
      </button>
    </p>
  );
}

/**
 * 工号 + PIN before the desk's actions: typed on the keyboard or on the large digit pad (which writes
 * into the field last touched). The hall queue service checks both; each refusal is said in words.
 */
export function ClerkSignInPanel({ client, lastChange }: { client: HallHostClient; lastChange: ClerkChange['reason'] | null }) {
  const { t, i18n } = useTranslation();
  const [clerkId, setClerkId] = useState('');
  const [pin, setPin] = useState('');
  const [field, setField] = useState<Field>('clerkId');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Extract<ClerkDeskSignIn, { signedIn: false }> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const set: Record<Field, (change: (value: string) => string) => void> = {
    clerkId: (change) => setClerkId((v) => change(v).slice(0, 32)),
    pin: (change) => setPin((v) => change(v).replace(/\D/g, '').slice(0, 8)),
  };

  const submit = async () => {
    if (!clerkId || pin.length < 4) return;
    setBusy(true);
    setFailure(null);
    const out = await client.call('clerk.signIn', { clerkId: clerkId.trim(), pin });
    setBusy(false);
    setPin('');
    // The hall service unreachable, or the request refused: said in the clerk's language.
    if (!out.ok) return setFailure(hostErrorSentence(t, out.error));
    if (!out.value.signedIn) {
      setRefusal(out.value);
      setField(out.value.refusal === 'unknown-clerk' ? 'clerkId' : 'pin');
    }
  };

  const refusalText = (r: NonNullable<typeof refusal>) => {
    if (r.refusal === 'wrong-pin') return t('queue.clerk.refusal.wrong-pin', { count: r.attemptsLeft ?? 0 });
    if (r.refusal === 'locked')
      return t('queue.clerk.refusal.locked', {
        time: r.lockedUntil ? new Date(r.lockedUntil).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) : '',
      });
    return t(`queue.clerk.refusal.${r.refusal}`);
  };
  const notice =
    lastChange === 'idle'
      ? t('queue.clerk.idleOut')
      : lastChange === 'ended'
        ? t('queue.clerk.endedOut')
        : lastChange === 'signed-out'
          ? t('queue.clerk.signedOut')
          : null;

  return (
    <form
      className="queue-clerk-sign-in"
      data-testid="clerk-sign-in"
      aria-labelledby="clerk-sign-in-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="clerk-sign-in-title">{t('queue.clerk.title')}</h3>
      <p className="queue-muted">{t('queue.clerk.prompt')}</p>
      {notice && !refusal && (
        <p className="queue-feedback info" role="status" data-testid="clerk-notice">
          {notice}
        </p>
      )}
      {refusal && (
        <p className="queue-feedback error" role="alert" data-testid="clerk-refusal" data-refusal={refusal.refusal}>
          {refusalText(refusal)}
        </p>
      )}
      {failure && (
        <p className="queue-feedback error" role="alert">
          {failure}
        </p>
      )}
      <div className="queue-clerk-fields">
        <label>
          {t('queue.clerk.id')}
          <input
            className="queue-text"
            data-testid="clerk-id"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={32}
            value={clerkId}
            onFocus={() => setField('clerkId')}
            onChange={(e) => setClerkId(e.target.value.replace(/[^A-Za-z0-9-]/g, ''))}
          />
        </label>
        <label>
          {t('queue.clerk.pin')}
          <input
            className="queue-text"
            data-testid="clerk-pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onFocus={() => setField('pin')}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          />
        </label>
      </div>
      <div className="queue-clerk-pad" role="group" aria-label={t(field === 'pin' ? 'queue.clerk.pin' : 'queue.clerk.id')}>
        {DIGITS.map((digit) => (
          <button key={digit} type="button" className="queue-choice-option" data-testid={`clerk-key-${digit}`} onClick={() => set[field]((v) => v + digit)}>
            {digit}
          </button>
        ))}
        <button type="button" className="queue-choice-option" data-testid="clerk-key-erase" onClick={() => set[field]((v) => v.slice(0, -1))}>
          {t('queue.clerk.erase')}
        </button>
      </div>
      <button type="submit" className="queue-action primary" data-testid="clerk-submit" disabled={busy || !clerkId || pin.length < 4}>
        {t('queue.clerk.submit')}
      </button>
    </form>
  );
}
