import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import type { TrackResult } from '../../../../contract/api/o2o.js';
import { TRACKING_ALPHABET, checkTrackingCode } from '../../../../contract/tracking-code.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useNarration } from '../elder/use-narration.js';
import { useScans } from '../scanning/use-scans.js';
import { CaseTimelineView } from './CaseTimelineView.js';
import { KeyboardInput } from '../keyboard/KeyboardInput.js';
import { O2oHeader } from './O2oHeader.js';
import { useUploadState } from './ApplyDone.js';
import { WithdrawCase } from './WithdrawCase.js';
import './o2o.css';

/** 全程一码: scan the receipt or type the code; the check character is verified before asking. */
export function TrackScreen({ client, info, onHome }: ScreenProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [result, setResult] = useState<TrackResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = useUploadState(client, result ? code : '', 'unknown');
  useNarration('track');

  const lookUp = useCallback(
    async (raw: string) => {
      const checked = checkTrackingCode(raw);
      if (!checked.ok) {
        setResult(null);
        return setError(t(`o2o.track.invalid.${checked.reason}`, { position: (checked.position ?? 0) + 1 }));
      }
      setCode(checked.code);
      const answer = await client.call('case.track', { trackingCode: checked.code });
      if (answer.ok) {
        setResult(answer.value);
        setError(null);
      } else {
        setResult(null);
        setError(hostErrorSentence(t, answer.error));
      }
    },
    [client, t],
  );

  useScans(client, info, (scan) => void lookUp(scan.data));

  return (
    <section className="o2o-screen" data-testid="service-track" aria-labelledby="o2o-track-title">
      <O2oHeader tile="track" onBack={onHome} />
      <p>{t('o2o.track.prompt')}</p>
      <form
        className="o2o-code-form"
        onSubmit={(e) => {
          e.preventDefault();
          void lookUp(code);
        }}
      >
        <div className="o2o-field">
          <label htmlFor="o2o-track-code">{t('o2o.track.codeLabel')}</label>
          <KeyboardInput
            id="o2o-track-code"
            data-testid="track-code"
            className="o2o-code-input"
            kind="code"
            alphabet={TRACKING_ALPHABET}
            value={code}
            maxLength={16}
            onValueChange={setCode}
            onDone={() => void lookUp(code)}
            openInitially
          />
        </div>
        <button type="submit" className="o2o-button primary" data-testid="track-submit">
          {t('o2o.track.query')}
        </button>
      </form>
      {error && (
        <p className="o2o-error" role="alert" data-testid="track-error">
          {error}
        </p>
      )}
      {result && <CaseTimelineView result={result} savedHere={upload === 'pending'} />}
      {result?.withdrawable.map((w) => (
        <WithdrawCase key={w.caseId} client={client} trackingCode={code} caseId={w.caseId} until={w.until} onChanged={() => void lookUp(code)} />
      ))}
      {result && <ReprintReceipt client={client} trackingCode={code} />}
    </section>
  );
}

/** The receipt of an application made here, printed again for the applicant (their card on the reader). */
function ReprintReceipt({ client, trackingCode }: { client: ScreenProps['client']; trackingCode: string }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const again = async () => {
    setBusy(true);
    const result = await client.call('application.reprint', { trackingCode });
    setBusy(false);
    if (!result.ok) return setMessage({ text: hostErrorSentence(t, result.error), ok: false });
    const printed = result.value.receipt.outcome === 'printed';
    setMessage({
      text: printed ? t('o2o.track.reprinted') : t('o2o.apply.receiptRefused', { reason: printOutcomeSentence(t, result.value.receipt) }),
      ok: printed,
    });
  };
  return (
    <div className="o2o-actions">
      <button type="button" className="o2o-button" data-testid="track-reprint" disabled={busy} onClick={() => void again()}>
        {t('o2o.track.reprint')}
      </button>
      {message && (
        <p className={message.ok ? 'o2o-ok' : 'o2o-error'} role="status" data-testid="track-reprint-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
