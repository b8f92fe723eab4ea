import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import type { ApplicationStart, UploadState } from '../../../../contract/api/o2o.js';
import { useUploadState } from '../o2o/ApplyDone.js';
import type { MethodOutput } from '../../../../contract/host-api.js';
import { formatTrackingCode } from '../../../../contract/tracking-code.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { CatalogSearch } from '../o2o/CatalogSearch.js';
import { MaterialsStep, type MaterialState } from '../o2o/MaterialsStep.js';
import { useReportHelpContext } from '../remote-help/help-context.js';
import { useApplicationStart } from '../o2o/use-application-start.js';
import { SignaturePad, type SignaturePadHandle } from '../o2o/SignaturePad.js';
import { PhoneField } from '../o2o/PhoneField.js';
import { SESSION_WIPE_EVENT } from '../session/IdleGuard.js';
import { isMobileNumber } from '../../../../contract/phone-number.js';

type Step = 'pick' | 'identify' | 'form' | 'materials' | 'authorise' | 'done';

/**
 * One application on a villager's behalf: item → the villager's ID card → phone → materials → the
 * 代办授权书 they read and sign → submitted. Then everything of the villager is wiped (host session
 * and this screen) while the agent stays signed in for the next one.
 */
export function ProxyApplyFlow({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('pick');
  const [serviceCode, setServiceCode] = useState<string | null>(null);
  const [draft, setDraft] = useState<ApplicationStart | null>(null);
  const [phone, setPhone] = useState('');
  const [materials, setMaterials] = useState<MaterialState>({});
  const [authorisation, setAuthorisation] = useState<MethodOutput<'proxy.authorisation'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<MethodOutput<'application.submit'> | null>(null);
  // 远程帮办 at the point sends where the agent is: the step (授权 counts as signing), the item, the draft's materials.
  useReportHelpContext({
    step: step === 'authorise' ? 'sign' : step,
    ...(serviceCode ? { serviceCode } : {}),
    ...(draft && step !== 'done' ? { draftId: draft.draftId } : {}),
  });
  const signature = useRef<SignaturePadHandle>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const reset = () => {
    setStep('pick');
    setServiceCode(null);
    setDraft(null);
    setPhone('');
    setMaterials({});
    setAuthorisation(null);
    setError(null);
    setDone(null);
  };

  // A wipe from the idle guard clears this screen too.
  useEffect(() => {
    const onWipe = () => reset();
    window.addEventListener(SESSION_WIPE_EVENT, onWipe);
    return () => window.removeEventListener(SESSION_WIPE_EVENT, onWipe);
  }, []);
  useEffect(() => heading.current?.focus(), [step]);

  useApplicationStart(client, step === 'identify' && serviceCode ? { serviceCode } : null, (result) => {
    if (result.ok) {
      setDraft(result.value);
      setStep('form');
    } else setError(hostErrorSentence(t, result.error));
  });

  useEffect(() => {
    if (step !== 'authorise' || !draft) return;
    void client.call('proxy.authorisation', { draftId: draft.draftId }).then((result) => {
      if (result.ok) setAuthorisation(result.value);
      else setError(hostErrorSentence(t, result.error));
    });
  }, [client, step, draft, t]);

  const abandon = async () => {
    if (draft) await client.call('application.cancel', { draftId: draft.draftId });
    await client.call('session.end', { reason: 'requested' });
    reset();
  };

  const submit = async () => {
    if (!draft) return;
    const png = signature.current?.pngBase64();
    if (!png) return setError(t('proxy.apply.signatureEmpty'));
    setBusy(true);
    const result = await client.call('application.submit', { draftId: draft.draftId, phone, useKnownPhone: false, signaturePngBase64: png });
    setBusy(false);
    if (!result.ok) return setError(hostErrorSentence(t, result.error));
    // The villager's data leaves the host's memory and this screen now; only the code stays on screen.
    await client.call('session.end', { reason: 'requested' });
    setDraft(null);
    setPhone('');
    setMaterials({});
    setAuthorisation(null);
    setError(null);
    setDone(result.value);
    setStep('done');
  };

  const phoneOk = isMobileNumber(phone);
  const missing = draft ? draft.item.materials.filter((m) => m.required && !materials[m.id]) : [];
  const back = (to: Step) => (
    <button type="button" className="o2o-button" onClick={() => setStep(to)}>
      {t('proxy.apply.previous')}
    </button>
  );
  const next = (to: Step, enabled: boolean) => (
    <button type="button" className="o2o-button primary" data-testid="proxy-next" data-rh-control="next" disabled={!enabled} onClick={() => setStep(to)}>
      {t('proxy.apply.next')}
    </button>
  );

  return (
    // data-rh-*: what a remote help call mirrors to the hall's clerk (remote-help/mirror.ts).
    <div
      className="proxy-apply"
      data-testid="proxy-apply"
      data-step={step}
      data-rh-screen="proxy-apply"
      data-rh-step={step}
      {...(draft ? { 'data-rh-item-code': draft.item.code, 'data-rh-item-name': draft.item.name } : {})}
    >
      {error && (
        <p className="o2o-error" role="alert" data-testid="proxy-apply-error">
          {error}
        </p>
      )}
      {step === 'pick' && (
        <>
          <h3 ref={heading} tabIndex={-1}>
            {t('proxy.apply.pick')}
          </h3>
          <CatalogSearch
            client={client}
            onPick={(code) => {
              setServiceCode(code);
              setStep('identify');
            }}
          />
        </>
      )}
      {step === 'identify' && (
        <div className="o2o-identify" data-testid="proxy-identify">
          <h3 ref={heading} tabIndex={-1}>
            {t('proxy.apply.identify')}
          </h3>
          <p>{t('proxy.apply.identifyHint')}</p>
          <button type="button" className="o2o-button" onClick={() => void abandon()}>
            {t('proxy.apply.cancel')}
          </button>
        </div>
      )}
      {step === 'form' && draft && (
        <div className="o2o-form">
          <h3 ref={heading} tabIndex={-1}>
            {draft.item.name}
          </h3>
          <dl className="o2o-facts">
            <dt>{t('proxy.apply.applicant')}</dt>
            <dd data-testid="proxy-villager">
              {draft.holder.maskedName} · {draft.holder.maskedIdNumber}
            </dd>
          </dl>
          <PhoneField
            id="proxy-apply-phone"
            testId="proxy-phone"
            label={t('proxy.apply.phone')}
            invalidText={t('proxy.apply.phoneInvalid')}
            value={phone}
            onChange={setPhone}
          />
          <div className="o2o-actions">
            <button type="button" className="o2o-button" onClick={() => void abandon()}>
              {t('proxy.apply.cancel')}
            </button>
            {next('materials', phoneOk)}
          </div>
        </div>
      )}
      {step === 'materials' && draft && (
        <>
          <h3 ref={heading} tabIndex={-1}>
            {t('proxy.apply.materials')}
          </h3>
          <MaterialsStep client={client} draftId={draft.draftId} item={draft.item} state={materials} onChange={setMaterials} />
          {missing.length > 0 && <p className="o2o-muted">{t('proxy.apply.missing', { names: missing.map((m) => m.name).join('、') })}</p>}
          <div className="o2o-actions">
            {back('form')}
            {next('authorise', missing.length === 0)}
          </div>
        </>
      )}
      {step === 'authorise' && draft && (
        <div className="proxy-authorise">
          <h3 ref={heading} tabIndex={-1}>
            {t('proxy.apply.authorise')}
          </h3>
          <p className="o2o-muted">{t('proxy.apply.authoriseHint')}</p>
          {authorisation && (
            <blockquote className="proxy-authorisation-text" lang="zh-CN" dir="ltr" data-testid="proxy-authorisation-text">
              {authorisation.text}
            </blockquote>
          )}
          <SignaturePad ref={signature} />
          <div className="o2o-actions">
            {back('materials')}
            <button
              type="button"
              className="o2o-button primary"
              data-testid="proxy-submit"
              data-rh-control="submit"
              disabled={busy || !authorisation}
              onClick={() => void submit()}
            >
              {busy ? t('proxy.apply.submitting') : t('proxy.apply.submit')}
            </button>
          </div>
        </div>
      )}
      {step === 'done' && done && (
        <div className="o2o-done" data-testid="proxy-done">
          <ProxyDoneTitle client={client} trackingCode={done.trackingCode} initial={done.upload} heading={heading} />
          <p>{t('proxy.apply.trackingCode')}</p>
          <p className="o2o-code" data-testid="proxy-tracking-code" data-code={done.trackingCode}>
            {formatTrackingCode(done.trackingCode)}
          </p>
          {done.receipt.outcome !== 'printed' && (
            <p className="o2o-stale">{t('proxy.apply.receiptRefused', { reason: printOutcomeSentence(t, done.receipt) })}</p>
          )}
          <button type="button" className="o2o-button primary" data-testid="proxy-next-villager" onClick={reset}>
            {t('proxy.apply.nextVillager')}
          </button>
        </div>
      )}
    </div>
  );
}

/** "Submitted" only once the platform has the package; until then it is saved here and sent by itself. */
function ProxyDoneTitle({
  client,
  trackingCode,
  initial,
  heading,
}: {
  client: HallHostClient;
  trackingCode: string;
  initial: UploadState;
  heading: RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useTranslation();
  const upload = useUploadState(client, trackingCode, initial);
  return (
    <>
      <h3 ref={heading} tabIndex={-1} data-testid="proxy-done-title" data-upload={upload}>
        {upload === 'uploaded' ? t('proxy.apply.submitted') : upload === 'refused' ? t('o2o.apply.uploadRefused') : t('o2o.apply.savedPending')}
      </h3>
      {upload !== 'uploaded' && <p className="o2o-muted">{t('proxy.apply.saved')}</p>}
    </>
  );
}
