import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { ApplicationStart } from '../../../../contract/api/o2o.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useFormat } from '../../i18n/format.js';
import { onPersonalCodeScan, type VerifiedPersonalCode } from '../scanning/personal-code-scans.js';
import { useIsElder } from '../elder/elder-context.js';
import { APPLY_STEP_NARRATION } from '../elder/spoken-steps.js';
import { useNarration } from '../elder/use-narration.js';
import { KeyboardInput } from '../keyboard/KeyboardInput.js';
import { CatalogSearch } from './CatalogSearch.js';
import { ElderItemPicker } from './ElderItemPicker.js';
import { useApplicationStart } from './use-application-start.js';
import { MaterialsStep, materialDone, type MaterialState } from './MaterialsStep.js';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad.js';
import { PhoneField } from './PhoneField.js';
import { O2oHeader } from './O2oHeader.js';
import { ApplyDone, type Submission } from './ApplyDone.js';
import './o2o.css';
import { useReportHelpContext } from '../remote-help/help-context.js';
import { isMobileNumber } from '../../../../contract/phone-number.js';

type Step = 'pick' | 'code' | 'identify' | 'form' | 'materials' | 'review' | 'sign' | 'done';

/**
 * 申办一袋: item → (personal code, for sensitive items) → ID card → prefilled form → materials →
 * review → signature → submit → receipt. Elder mode puts less on each screen.
 */
export function ApplyScreen({ client, info, onHome, start }: ScreenProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const elder = useIsElder();
  const [step, setStep] = useState<Step>('pick');
  // The done screen says its own sentence (submitted, or saved and sent by itself).
  useNarration(step === 'done' ? null : APPLY_STEP_NARRATION[step]);
  const [serviceCode, setServiceCode] = useState<string | null>(null);
  const [personalCode, setPersonalCode] = useState<VerifiedPersonalCode | null>(null);
  const [draft, setDraft] = useState<ApplicationStart | null>(null);
  const [phone, setPhone] = useState('');
  const [useKnownPhone, setUseKnownPhone] = useState(false);
  const [address, setAddress] = useState('');
  const [materials, setMaterials] = useState<MaterialState>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [done, setDone] = useState<Submission | null>(null);
  // 远程帮办 sends where the citizen is: the step, the item, and the draft whose materials it refers to.
  useReportHelpContext({ step, ...(serviceCode ? { serviceCode } : {}), ...(draft && step !== 'done' ? { draftId: draft.draftId } : {}) });
  const signature = useRef<SignaturePadHandle>(null);

  // Identify: as soon as a card is (or already was) on the reader, the draft starts prefilled.
  useApplicationStart(
    client,
    step === 'identify' && serviceCode ? { serviceCode, ...(personalCode ? { personalCode: personalCode.code } : {}) } : null,
    (result) => {
      if (result.ok) {
        setError(null);
        setDraft(result.value);
        setUseKnownPhone(result.value.knownPhone !== null);
        setStep('form');
      } else if (result.error.code === 'unauthorized' && personalCode) {
        // The code and the card are not one person (or the code no longer verifies): back to the code.
        setPersonalCode(null);
        setError(t('o2oIdentity.notSamePerson'));
        setStep('code');
      } else setError(hostErrorSentence(t, result.error));
    },
  );

  // Sensitive items: the personal code first. ScanNotice verified it and says why a code is refused.
  useEffect(() => {
    if (step !== 'code') return;
    return onPersonalCodeScan((scan) => {
      if (!scan.verdict.valid) return setError(t(`personalCode.refusal.${scan.verdict.refusal}`));
      setError(null);
      setPersonalCode(scan);
      setStep('identify');
    });
  }, [step, t]);

  const pick = async (code: string) => {
    setServiceCode(code);
    setPersonalCode(null);
    const item = await client.call('catalog.item', { code });
    // Only kiosks ask for the code; at a proxy point the agent and the signed authorisation stand in.
    const codeFirst = item.ok && item.value.identityCheck === 'personal-code-and-id-card' && info.role === 'kiosk';
    setStep(codeFirst ? 'code' : 'identify');
  };

  // Opened from a guide's 办理此事项: the item is chosen already.
  const startCode = start?.serviceCode;
  const started = useRef(false);
  useEffect(() => {
    if (!startCode || started.current) return;
    started.current = true;
    void pick(startCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the code the screen opened with
  }, [startCode]);

  const cancel = () => {
    if (draft) void client.call('application.cancel', { draftId: draft.draftId });
    onHome();
  };

  const phoneOk = useKnownPhone || isMobileNumber(phone);
  const missing = draft ? draft.item.materials.filter((m) => m.required && !materials[m.id]) : [];

  const submit = async () => {
    if (!draft) return;
    const png = signature.current?.pngBase64();
    if (!png) return setError(t('o2o.apply.signatureEmpty'));
    setBusy(true);
    const result = await client.call('application.submit', {
      draftId: draft.draftId,
      useKnownPhone,
      ...(useKnownPhone ? {} : { phone }),
      ...(address.trim() ? { address: address.trim() } : {}),
      signaturePngBase64: png,
    });
    setBusy(false);
    if (!result.ok) return setError(hostErrorSentence(t, result.error));
    setError(null);
    setDone(result.value);
    setStep('done');
  };

  const nav = (back: Step | null, next: Step | null, nextEnabled = true) => (
    <div className="o2o-actions">
      {back && (
        <button
          type="button"
          className="o2o-button"
          onClick={() => {
            setError(null);
            setStep(back);
          }}
        >
          {t('o2o.apply.previous')}
        </button>
      )}
      {next && (
        <button
          type="button"
          className="o2o-button primary"
          data-testid="apply-next"
          data-rh-control="next"
          disabled={!nextEnabled}
          onClick={() => {
            setError(null);
            setStep(next);
          }}
        >
          {t('o2o.apply.next')}
        </button>
      )}
    </div>
  );

  return (
    <section
      className="o2o-screen"
      data-testid="service-apply"
      data-step={step}
      aria-labelledby="o2o-apply-title"
      data-rh-screen="apply"
      data-rh-step={step}
      {...(draft ? { 'data-rh-item-code': draft.item.code, 'data-rh-item-name': draft.item.name } : {})}
    >
      <O2oHeader tile="apply" onBack={step === 'done' ? onHome : cancel} backLabel={step === 'done' ? t('o2o.back') : t('o2o.apply.cancel')} />
      {error && (
        <p className="o2o-error" role="alert" data-testid="apply-error">
          {error}
        </p>
      )}
      {step === 'pick' && (
        <>
          <h3>{t('o2o.apply.pick')}</h3>
          {elder ? (
            <ElderItemPicker client={client} onPick={(code) => void pick(code)} />
          ) : (
            <CatalogSearch client={client} onPick={(code) => void pick(code)} />
          )}
        </>
      )}
      {step === 'code' && (
        <div className="o2o-identify" data-testid="apply-code">
          <h3>{t('o2oIdentity.scanTitle')}</h3>
          <p>{t('o2oIdentity.scanHint')}</p>
          <p className="o2o-muted">{t('o2oIdentity.noCode')}</p>
        </div>
      )}
      {step === 'identify' && (
        <div className="o2o-identify" data-testid="apply-identify">
          <h3>{t('o2o.apply.identify')}</h3>
          {personalCode?.verdict.valid && (
            <p className="o2o-ok" data-testid="apply-code-accepted">
              {t('o2oIdentity.codeAccepted', { name: format.name(personalCode.verdict.maskedName) })}
            </p>
          )}
          <p>{t('o2o.apply.identifyHint')}</p>
        </div>
      )}
      {step === 'form' && draft && (
        <div className="o2o-form">
          <h3>
            {t('o2o.apply.form')} · <span lang="zh-CN">{draft.item.name}</span>
          </h3>
          {!draft.platformConsulted && <p className="o2o-muted">{t('o2o.apply.offlinePrefill')}</p>}
          <dl className="o2o-facts">
            <dt>{t('o2o.apply.name')}</dt>
            {/* Already masked by the host (the page never holds the full name): mirrored as shown. */}
            <dd data-testid="form-name" dir="auto" data-rh-field="name" data-rh-label={t('o2o.apply.name')}>
              {draft.holder.maskedName}
            </dd>
            <dt>{t('o2o.apply.idNumber')}</dt>
            <dd>
              <span dir="ltr">{draft.holder.maskedIdNumber}</span>
            </dd>
          </dl>
          {draft.knownPhone && (
            <label className="o2o-option">
              <input type="checkbox" checked={useKnownPhone} onChange={(e) => setUseKnownPhone(e.target.checked)} />{' '}
              {t('o2o.apply.useKnownPhone', { phone: format.ltr(draft.knownPhone) })}
            </label>
          )}
          {!useKnownPhone && (
            <PhoneField
              id="o2o-apply-phone"
              testId="form-phone"
              label={t('o2o.apply.phone')}
              invalidText={t('o2o.apply.phoneInvalid')}
              value={phone}
              onChange={setPhone}
            />
          )}
          {/* Elder mode asks one thing here: the address on the card is used. */}
          {!elder && (
            <div className="o2o-field">
              <label htmlFor="o2o-apply-address">{t('o2o.apply.address')}</label>
              <KeyboardInput
                id="o2o-apply-address"
                data-testid="form-address"
                data-rh-field="address"
                data-rh-label={t('o2o.apply.address')}
                data-rh-personal="address"
                data-rh-fillable=""
                value={address}
                placeholder={draft.cardAddress ? t('o2o.apply.addressFromCard', { address: draft.cardAddress }) : ''}
                onValueChange={setAddress}
              />
            </div>
          )}
          {nav(null, 'materials', phoneOk)}
        </div>
      )}
      {step === 'materials' && draft && (
        <>
          <h3>{t('o2o.apply.materials')}</h3>
          <MaterialsStep
            client={client}
            draftId={draft.draftId}
            item={draft.item}
            state={materials}
            onChange={setMaterials}
            oneAtATime={elder}
            onCameraOpen={setCameraOpen}
          />
          {!cameraOpen && missing.length > 0 && <p className="o2o-muted">{t('o2o.apply.missing', { names: missing.map((m) => m.name).join('、') })}</p>}
          {!cameraOpen && nav('form', 'review', missing.length === 0)}
        </>
      )}
      {step === 'review' && draft && (
        <div className="o2o-review">
          <h3>{t('o2o.apply.review')}</h3>
          <p>
            <strong>{draft.item.name}</strong> · {draft.holder.maskedName}
          </p>
          <ul>
            {draft.item.materials
              .filter((m) => materials[m.id])
              .map((m) => (
                <li key={m.id}>
                  {m.name} · {materialDone(t, materials[m.id]!)}
                </li>
              ))}
          </ul>
          {nav('materials', 'sign')}
        </div>
      )}
      {step === 'sign' && (
        <>
          <h3>{t('o2o.apply.sign')}</h3>
          {/* Signing clears "please sign first". */}
          <SignaturePad ref={signature} onInk={() => setError(null)} />
          <div className="o2o-actions">
            <button type="button" className="o2o-button" onClick={() => setStep('review')}>
              {t('o2o.apply.previous')}
            </button>
            <button
              type="button"
              className="o2o-button primary"
              data-testid="apply-submit"
              data-rh-control="submit"
              disabled={busy}
              onClick={() => void submit()}
            >
              {busy ? t('o2o.apply.submitting') : t('o2o.apply.submit')}
            </button>
          </div>
        </>
      )}
      {step === 'done' && done && <ApplyDone client={client} submission={done} />}
    </section>
  );
}
