import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import type { CounterPackage } from '../../../../contract/api/o2o.js';
import { checkTrackingCode, groupTrackingCode } from '../../../../contract/tracking-code.js';
import { canTransition } from '../../../../contract/case.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useScans } from '../scanning/use-scans.js';
import './o2o.css';

type Decision = 'accepted' | 'supplement-requested' | 'rejected';

const DECISIONS: ReadonlyArray<{ to: Decision; testId: string; style: string; label: string }> = [
  { to: 'accepted', testId: 'counter-accept', style: 'primary', label: 'o2o.counter.accept' },
  { to: 'supplement-requested', testId: 'counter-supplement', style: '', label: 'o2o.counter.supplement' },
  { to: 'rejected', testId: 'counter-reject', style: 'danger', label: 'o2o.counter.reject' },
];

/** 一窗受理: the clerk scans the receipt, checks the package and its signature, and decides. */
export function CounterAcceptance({ client, info }: ScreenProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [packages, setPackages] = useState<CounterPackage[] | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = useCallback(
    async (raw: string) => {
      const checked = checkTrackingCode(raw);
      if (!checked.ok) return setError(t(`o2o.track.invalid.${checked.reason}`, { position: (checked.position ?? 0) + 1 }));
      setCode(checked.code);
      setMessage(null);
      const result = await client.call('counter.open', { trackingCode: checked.code });
      if (!result.ok) {
        setPackages(null);
        return setError(hostErrorSentence(t, result.error));
      }
      setError(null);
      setPackages(result.value.packages);
    },
    [client, t],
  );
  useScans(client, info, (scan) => void open(scan.data));

  const [decidingCase, setDecidingCase] = useState<string | null>(null);
  const decide = async (pkg: CounterPackage, to: Decision) => {
    const caseId = pkg.timeline.caseId;
    setMessage(null);
    if (to !== 'accepted' && !reason.trim()) return setError(t('o2o.counter.reasonRequired'));
    setDecidingCase(caseId);
    try {
      const result = await client.call('counter.decide', {
        trackingCode: pkg.timeline.trackingCode,
        caseId,
        to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      if (!result.ok) return setError(hostErrorSentence(t, result.error));
      setError(null);
      setReason('');
      // The decision is the case's state from now on (it travels through the outbox), so the buttons follow it at once.
      setPackages((list) => list?.map((p) => (p.timeline.caseId === caseId ? { ...p, timeline: { ...p.timeline, state: to } } : p)) ?? null);
      const state = t(`o2o.states.${to}`);
      setMessage(
        result.value.receipt.outcome === 'printed'
          ? t('o2o.counter.recorded', { state })
          : `${t('o2o.counter.recorded', { state })} · ${t('o2o.counter.receiptRefused', { reason: printOutcomeSentence(t, result.value.receipt) })}`,
      );
    } finally {
      setDecidingCase(null);
    }
  };

  const check = (ok: boolean) => <span className={ok ? 'o2o-ok' : 'o2o-error'}>{ok ? t('o2o.counter.yes') : t('o2o.counter.no')}</span>;

  return (
    <section className="o2o-screen o2o-counter" data-testid="counter-acceptance" aria-labelledby="o2o-counter-title">
      <h2 id="o2o-counter-title">{t('o2o.counter.title')}</h2>
      <form
        className="o2o-code-form"
        onSubmit={(e) => {
          e.preventDefault();
          void open(code);
        }}
      >
        <label className="o2o-field">
          {t('o2o.counter.scanPrompt')}
          <input
            data-testid="counter-code"
            className="o2o-code-input"
            value={code}
            autoComplete="off"
            onChange={(e) => setCode(e.target.value.toUpperCase())}
          />
        </label>
        <button type="submit" className="o2o-button primary">
          {t('o2o.counter.open')}
        </button>
      </form>
      {error && !packages?.length && (
        <p className="o2o-error" role="alert" data-testid="counter-error">
          {error}
        </p>
      )}
      {packages?.map((pkg) => (
        <article key={pkg.timeline.caseId} className="o2o-package" data-testid="counter-package" data-state={pkg.timeline.state}>
          <h3>
            {pkg.timeline.itemName} · {t(`o2o.states.${pkg.timeline.state}`)}
          </h3>
          <dl className="o2o-facts">
            <dt>{t('o2o.counter.code')}</dt>
            <dd className="o2o-code-inline" dir="ltr" data-testid="counter-tracking-code">
              {groupTrackingCode(pkg.timeline.trackingCode)}
            </dd>
            <dt>{t('o2o.counter.applicant')}</dt>
            <dd data-testid="counter-applicant">
              <bdi>{pkg.form.maskedName}</bdi> · <span dir="ltr">{pkg.form.maskedIdNumber}</span>
            </dd>
            <dt>{t('o2o.counter.phone')}</dt>
            <dd>
              <span dir="ltr">{pkg.form.maskedPhone}</span>
            </dd>
            <dt>{t('o2o.counter.fromTerminal')}</dt>
            <dd>{pkg.submittingTerminal}</dd>
            {pkg.assistedBy && (
              <dd className="o2o-assisted" data-testid="counter-assisted-by">
                {pkg.assistedBy.clerkId
                  ? t('liveHelp.assistedByClerk', { counter: pkg.assistedBy.counterName, clerk: pkg.assistedBy.clerkId, terminal: pkg.assistedBy.terminalId })
                  : t('liveHelp.assistedBy', { counter: pkg.assistedBy.counterName, terminal: pkg.assistedBy.terminalId })}
              </dd>
            )}
            <dt>{t('o2o.counter.verification')}</dt>
            <dd data-testid="counter-verification" data-valid={pkg.verification.keyKnown && pkg.verification.signatureValid && pkg.verification.filesMatch}>
              {t('o2o.counter.keyKnown')} {check(pkg.verification.keyKnown)} · {t('o2o.counter.signatureValid')} {check(pkg.verification.signatureValid)} ·{' '}
              {t('o2o.counter.filesMatch')} {check(pkg.verification.filesMatch)}
            </dd>
          </dl>
          {pkg.proxy && (
            <section className="o2o-proxy" data-testid="counter-proxy" data-readable={pkg.proxy.readable} aria-label={t('proxy.counter.proxy')}>
              <h4>{t('proxy.counter.proxy')}</h4>
              <dl className="o2o-facts">
                <dt>{t('proxy.counter.agent')}</dt>
                <dd data-testid="counter-proxy-agent">
                  {pkg.proxy.agentMaskedName} · {pkg.proxy.agentId}
                </dd>
                <dt>{t('proxy.counter.point')}</dt>
                <dd>{pkg.proxy.pointName || pkg.proxy.pointId}</dd>
              </dl>
              {pkg.proxy.readable ? (
                <blockquote className="proxy-authorisation-text" lang="zh-CN" dir="ltr" data-testid="counter-proxy-text">
                  {pkg.proxy.text}
                </blockquote>
              ) : (
                <p className="o2o-error">{t('proxy.counter.unreadable')}</p>
              )}
            </section>
          )}
          <h4>{t('o2o.counter.materials')}</h4>
          <ul className="o2o-material-images">
            {pkg.materials.map((m) => (
              <li key={m.id} data-source={m.source}>
                <div>{m.name}</div>
                {m.fields ? (
                  <dl className="o2o-facts o2o-form-fields" data-testid="counter-form-fields">
                    {m.fields.map((f) => (
                      <div key={f.label}>
                        <dt>{f.label}</dt>
                        <dd>{f.value || '—'}</dd>
                      </div>
                    ))}
                  </dl>
                ) : m.dataUrl ? (
                  <img src={m.dataUrl} alt={m.name} />
                ) : (
                  <div className="o2o-muted">{m.source === 'electronic-license' ? t('o2o.counter.eLicense') : t('o2o.counter.missing')}</div>
                )}
              </li>
            ))}
          </ul>
          {pkg.signatureDataUrl && (
            <>
              <h4>{t('o2o.counter.signature')}</h4>
              <img className="o2o-signature-image" src={pkg.signatureDataUrl} alt={t('o2o.counter.signature')} />
            </>
          )}
          <label className="o2o-field">
            {t('o2o.counter.reason')}
            <textarea data-testid="counter-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="o2o-actions" role="group" aria-label={t('o2o.counter.decision')}>
            {DECISIONS.map(({ to, testId, style, label }) => (
              <button
                key={to}
                type="button"
                className={`o2o-button ${style}`}
                data-testid={testId}
                disabled={decidingCase !== null || !canTransition(pkg.timeline.state, to)}
                onClick={() => void decide(pkg, to)}
              >
                {t(label)}
              </button>
            ))}
            <span className="o2o-muted" data-testid="counter-state">
              {t('o2o.counter.stateNow', { state: t(`o2o.states.${pkg.timeline.state}`) })}
            </span>
          </div>
          {/* Feedback beside the buttons, where the clerk is looking. */}
          {error && (
            <p className="o2o-feedback o2o-error" role="alert" data-testid="counter-error">
              {error}
            </p>
          )}
          {message && (
            <p className="o2o-feedback o2o-message" role="status" data-testid="counter-message">
              {message}
            </p>
          )}
        </article>
      ))}
    </section>
  );
}
