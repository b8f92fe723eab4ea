import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../contract/host-api.js';
import type { UploadState } from '../../../../contract/api/o2o.js';
import { formatTrackingCode } from '../../../../contract/tracking-code.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useNarration } from '../elder/use-narration.js';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import { WithdrawCase } from './WithdrawCase.js';

/** What the done screen knows of a submission: its code, how the receipt printed, where the package is. */
export type Submission = Pick<MethodOutput<'application.submit'>, 'trackingCode' | 'receipt' | 'upload' | 'caseId' | 'withdrawableUntil'>;

/** Asks the host where the package is, again whenever the sync state moves (an upload changes it); no code, no question. */
export function useUploadState(client: HallHostClient, trackingCode: string, initial: UploadState): UploadState {
  const [known, setKnown] = useState<{ code: string; upload: UploadState } | null>(null);
  useEffect(() => {
    if (!trackingCode) return;
    let live = true;
    const ask = () =>
      void client.call('application.upload', { trackingCode }).then((result) => {
        if (live && result.ok) setKnown({ code: trackingCode, upload: result.value.upload });
      });
    ask();
    const off = client.on('sync.state', ask);
    return () => {
      live = false;
      off();
    };
  }, [client, trackingCode]);
  return known?.code === trackingCode ? known.upload : initial;
}

/**
 * The end of 申办一袋: "submitted" only once the platform has the package (before that, saved here and
 * sent by itself), the tracking code, how the receipt printed, and a reprint.
 */
export function ApplyDone({ client, submission }: { client: HallHostClient; submission: Submission }) {
  const { t } = useTranslation();
  const upload = useUploadState(client, submission.trackingCode, submission.upload);
  const [reprint, setReprint] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  useNarration(upload === 'uploaded' ? 'applyDone' : 'applySaved');

  const again = async () => {
    setBusy(true);
    const result = await client.call('application.reprint', { trackingCode: submission.trackingCode });
    setBusy(false);
    if (!result.ok) return setReprint({ text: hostErrorSentence(t, result.error), ok: false });
    const printed = result.value.receipt.outcome === 'printed';
    setReprint({
      text: printed ? t('o2o.apply.reprinted') : t('o2o.apply.receiptRefused', { reason: printOutcomeSentence(t, result.value.receipt) }),
      ok: printed,
    });
  };

  return (
    <div className="o2o-done" data-testid="apply-done" data-upload={upload}>
      <h3 data-testid="apply-done-title">
        {upload === 'uploaded' ? t('o2o.apply.submitted') : upload === 'refused' ? t('o2o.apply.uploadRefused') : t('o2o.apply.savedPending')}
      </h3>
      <p>{t('o2o.apply.trackingCode')}</p>
      <p className="o2o-code" data-testid="tracking-code" data-code={submission.trackingCode}>
        {formatTrackingCode(submission.trackingCode)}
      </p>
      <p data-testid="receipt-status">
        {submission.receipt.outcome === 'printed'
          ? t('o2o.apply.keepReceipt')
          : t('o2o.apply.receiptRefused', { reason: printOutcomeSentence(t, submission.receipt) })}
      </p>
      <div className="o2o-actions">
        <button type="button" className="o2o-button" data-testid="receipt-reprint" disabled={busy} onClick={() => void again()}>
          {t('o2o.apply.reprint')}
        </button>
      </div>
      {submission.withdrawableUntil && (
        <WithdrawCase client={client} trackingCode={submission.trackingCode} caseId={submission.caseId} until={submission.withdrawableUntil} />
      )}
      {reprint && (
        <p className={reprint.ok ? 'o2o-ok' : 'o2o-error'} role="status" data-testid="reprint-message">
          {reprint.text}
        </p>
      )}
    </div>
  );
}
