import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostError } from '../../../../contract/result.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { CardHolderView } from '../../../../contract/api/idcard.js';
import { describePolicy, orderWaiting, type Ticket } from '../../../../contract/queue.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useNow } from '../../app/use-now.js';
import { formatDuration, useFormat } from '../../i18n/format.js';
import { serviceName, useQueue } from './use-queue.js';
import { ClerkBadge, ClerkSignInPanel, useClerk } from './ClerkSignIn.js';
import './queue.css';

type CounterAction = 'callNext' | 'recall' | 'finish' | 'noShow' | 'transfer' | 'pause';

/**
 * Function keys for the clerk's actions. Barcode scanners typing as a keyboard never send function
 * keys, and F1–F5 are left to a 5-key evaluator (a key the counter's evaluator uses is skipped).
 */
export const COUNTER_SHORTCUTS: Record<CounterAction, string> = { callNext: 'F6', recall: 'F7', finish: 'F8', noShow: 'F9', transfer: 'F10', pause: 'F11' };

/** Reasons a clerk pauses for, offered as buttons; "other" takes a typed reason. */
export const PAUSE_REASONS = ['break', 'meal', 'meeting', 'backOffice', 'equipment'] as const;
const PAUSE_REASON_KEYS: Record<(typeof PAUSE_REASONS)[number], string> = {
  break: 'queue.pauseReasons.break',
  meal: 'queue.pauseReasons.meal',
  meeting: 'queue.pauseReasons.meeting',
  backOffice: 'queue.pauseReasons.backOffice',
  equipment: 'queue.pauseReasons.equipment',
};
const ACTION_LABEL_KEYS: Record<CounterAction, string> = {
  callNext: 'queue.callNext',
  recall: 'queue.recall',
  finish: 'queue.finish',
  noShow: 'queue.noShow',
  transfer: 'queue.transfer',
  pause: 'queue.pause',
};

type Outcome = { ok: true } | { ok: false; error: HostError };

/** The calling rule that chose this ticket, in the clerk's words ("waited 41 min — maximum-wait rule"). */
function callReasonText(t: (key: string, options?: Record<string, unknown>) => string, ticket: Ticket): string | null {
  const reason = ticket.callReason;
  if (!reason) return null;
  switch (reason.rule) {
    case 'max-wait':
      return t('queue.callReason.maxWait', { minutes: reason.waitedMinutes });
    case 'ratio':
      return t('queue.callReason.ratio', { count: reason.priorityInARow });
    case 'order':
      return t('queue.callReason.order', { class: t(`queue.class.${reason.priority}`) });
    case 'picked':
      return t('queue.callReason.picked');
  }
}
type Feedback = { tone: 'info' | 'error'; text: string };

/**
 * The counter terminal's desk, built for 200 calls a day: the current ticket large, the actions as
 * large buttons with function keys, the waiting list beside them (never below the fold), feedback next
 * to the buttons. The role's other pages — the citizen-facing rating window (`?view=evaluate`) and
 * the statistics (`?view=stats`) — are VIEW_SCREENS, drawn without the desk.
 */
export function CounterScreen({ client }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { snapshot, connectivity, counterId, evaluatorKeys } = useQueue(client);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [holder, setHolder] = useState<CardHolderView | null>(null);
  const [panel, setPanel] = useState<'transfer' | 'pause' | 'green' | null>(null);
  const [otherReason, setOtherReason] = useState('');
  const [busy, setBusy] = useState(false);
  const now = useNow(1000);
  const { clerk, lastChange } = useClerk(client);

  useEffect(() => {
    const offRead = client.on('idcard.read', setHolder);
    const offRemoved = client.on('idcard.removed', () => setHolder(null));
    return () => {
      offRead();
      offRemoved();
    };
  }, [client]);

  // Back online: an error from the outage no longer holds.
  const online = connectivity.online;
  const [seenOnline, setSeenOnline] = useState(online);
  if (online !== seenOnline) {
    setSeenOnline(online);
    if (online && feedback?.tone === 'error') setFeedback(null);
  }

  const counter = snapshot?.counters.find((c) => c.id === counterId);
  const current = snapshot?.tickets.find((tk) => tk.id === counter?.currentTicketId);
  const counterConfig = snapshot?.config.counters.find((c) => c.id === counter?.id);
  // Its backup services' tickets too: the hall calls them here when none of its own waits.
  // Past the hall's maximum wait a ticket is called first, the longest first (the calling rules'
  // order; the ratio and appointment slots are the service's to apply, so the rest is the policy's).
  const maxWaitMs = (snapshot?.config.callingRules?.maxWaitMinutes ?? Infinity) * 60_000;
  const overdue = (tk: Ticket) => now - Date.parse(tk.issuedAt) >= maxWaitMs;
  const served =
    snapshot && counter
      ? snapshot.tickets.filter(
          (tk) => tk.state === 'waiting' && (counter.services.includes(tk.service) || !!counterConfig?.backupServices?.includes(tk.service)),
        )
      : [];
  const waiting = snapshot
    ? [
        ...served.filter(overdue).sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt)),
        ...orderWaiting(
          served.filter((tk) => !overdue(tk)),
          snapshot.config.ordering,
          new Date(now),
        ),
      ]
    : [];
  // This counter's park list: tickets set aside while the citizen fetches a missing material.
  const parked = snapshot?.tickets.filter((tk) => tk.state === 'parked' && tk.counterId === counterId) ?? [];
  const paused = counter?.paused ?? false;
  // Where the hall asks for it, a clerk signs in (工号 + PIN) before the desk's actions appear.
  // Elsewhere a clerk may sign in from the header, so the hall's figures name them.
  const [signingIn, setSigningIn] = useState(false);
  const needsClerk = (snapshot?.config.clerks?.signInRequired === true || signingIn) && !clerk;
  const ready = online && !!counter && !busy && !needsClerk;
  const allowed: Record<CounterAction, boolean> = {
    callNext: ready && !current && !paused,
    recall: ready && !!current,
    finish: ready && !!current,
    noShow: ready && !!current,
    transfer: ready && !!current,
    pause: ready && !current && !paused,
  };

  const act = useCallback(
    async (run: () => Promise<Outcome>, success?: string) => {
      setFeedback(null);
      setBusy(true);
      try {
        const out = await run();
        if (!out.ok) setFeedback({ tone: 'error', text: hostErrorSentence(t, out.error) });
        else if (success) setFeedback({ tone: 'info', text: success });
        return out.ok;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  const callNext = useCallback(
    () =>
      act(async () => {
        const out = await client.call('queue.call', {});
        if (out.ok && !out.value.ticket) setFeedback({ tone: 'info', text: t('queue.noneWaiting') });
        return out;
      }),
    [act, client, t],
  );
  const run: Record<CounterAction, () => void> = {
    callNext: () => void callNext(),
    recall: () => void act(() => client.call('queue.recall', {})),
    finish: () => void act(() => client.call('queue.finish', {})),
    noShow: () => void act(() => client.call('queue.noShow', {})),
    transfer: () => setPanel((p) => (p === 'transfer' ? null : 'transfer')),
    pause: () => setPanel((p) => (p === 'pause' ? null : 'pause')),
  };

  // Function keys: the same action as the button, only while the button is usable.
  const keys = useRef({ run, allowed, evaluatorKeys });
  useEffect(() => {
    keys.current = { run, allowed, evaluatorKeys };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = (Object.keys(COUNTER_SHORTCUTS) as CounterAction[]).find((a) => COUNTER_SHORTCUTS[a] === event.key);
      if (!action || event.repeat || keys.current.evaluatorKeys?.includes(event.key)) return;
      event.preventDefault();
      if (keys.current.allowed[action]) keys.current.run[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const name = (tk: Ticket) => serviceName(snapshot, tk.service, i18n.language);
  const elapsed = current?.calledAt ? Math.max(0, Math.floor((now - Date.parse(current.calledAt)) / 1000)) : 0;
  const pause = async (reason: string) => {
    if (await act(() => client.call('queue.pause', { reason }))) {
      setPanel(null);
      setOtherReason('');
    }
  };
  const transfer = async (target: { service: string } | { toCounterId: string }, label: string) => {
    if (await act(() => client.call('queue.transfer', target), t('queue.transferred', { target: label }))) setPanel(null);
  };
  const issueGreen = async (service: string) => {
    const out = await client.call('queue.issue', { service, priority: 'vip' });
    setFeedback(
      out.ok ? { tone: 'info', text: t('queue.greenIssued', { number: out.value.ticket.number }) } : { tone: 'error', text: hostErrorSentence(t, out.error) },
    );
    if (out.ok) setPanel(null);
  };

  const actionButton = (action: CounterAction, primary = false) => (
    <button
      type="button"
      className={`queue-action${primary ? ' primary' : ''}`}
      data-testid={{ callNext: 'call-next', recall: 'recall', finish: 'finish', noShow: 'no-show', transfer: 'transfer', pause: 'pause' }[action]}
      disabled={!allowed[action]}
      aria-keyshortcuts={COUNTER_SHORTCUTS[action]}
      aria-expanded={action === 'transfer' || action === 'pause' ? panel === action : undefined}
      onClick={run[action]}
    >
      <span>{t(ACTION_LABEL_KEYS[action])}</span>
      <kbd>{COUNTER_SHORTCUTS[action]}</kbd>
    </button>
  );

  return (
    <section className="queue-counter" data-testid="counter-screen" aria-labelledby="counter-title">
      <header className="queue-counter-head">
        <h2 id="counter-title">{counter?.name ?? counterId ?? t('queue.noCounter')}</h2>
        {clerk ? (
          <ClerkBadge client={client} clerk={clerk} />
        ) : (
          snapshot?.config.clerks?.signInRequired !== true &&
          online && (
            <button type="button" className="queue-action small" data-testid="clerk-open" aria-expanded={signingIn} onClick={() => setSigningIn((v) => !v)}>
              {t('queue.clerk.title')}
            </button>
          )
        )}
        {snapshot && (
          <p className="queue-policy" data-testid="counter-policy" title={describePolicy(snapshot.config.ordering)}>
            {t('queue.policy')}:{' '}
            {snapshot.config.ordering.kind === 'strict'
              ? t('queue.policyStrict', { rank: snapshot.config.ordering.rank.map((c) => t(`queue.class.${c}`)).join(' > ') })
              : t('queue.policyWeighted', {
                  weights: Object.entries(snapshot.config.ordering.weights)
                    .map(([c, w]) => `${t(`queue.class.${c}`)} ${w}`)
                    .join('，'),
                  aging: snapshot.config.ordering.agingPerMinute,
                  cap: snapshot.config.ordering.agingCap,
                })}
          </p>
        )}
      </header>
      <div className="queue-desk">
        <div className="queue-desk-main">
          <div className="queue-current" data-testid="counter-current" data-state={current ? 'serving' : paused ? 'paused' : 'idle'}>
            {current ? (
              <>
                {/* The number and, under it, the citizen's arrival: the card stays short enough for the
                    actions to stay in view on a 1366×768 desk. */}
                <div className="queue-current-lead">
                  <p className="queue-number" data-testid="current-ticket">
                    {current.number}
                  </p>
                  {/* The citizen at the window: ends the walk time the manager's figures count. */}
                  {current.startedAt ? (
                    <p data-testid="service-started">{t('queue.startedAt', { time: format.time(current.startedAt) })}</p>
                  ) : (
                    <button
                      type="button"
                      className="queue-action small queue-start"
                      data-testid="start-service"
                      disabled={!ready}
                      onClick={() => void act(() => client.call('queue.start', {}))}
                    >
                      {t('queue.startService')}
                    </button>
                  )}
                </div>
                <div className="queue-current-facts">
                  <p className="queue-current-service">{name(current)}</p>
                  <p>
                    <span className="queue-class" data-priority={current.priority}>
                      {t(`queue.class.${current.priority}`)}
                    </span>
                    {current.maskedName ? ` · ${current.maskedName}` : ''}
                  </p>
                  {current.callReason && (
                    <p className="queue-call-reason" data-testid="call-reason" data-rule={current.callReason.rule}>
                      {callReasonText(t, current)}
                      {counterConfig?.backupServices?.includes(current.service) ? ` · ${t('queue.callReason.backup')}` : ''}
                    </p>
                  )}
                  <p>
                    <span data-testid="serving-timer">{t('queue.serving', { time: formatDuration(elapsed) })}</span>
                    {' · '}
                    <span>{t('queue.recalls', { count: current.recalls, max: snapshot?.config.recall.max ?? 0 })}</span>
                  </p>
                </div>
              </>
            ) : paused ? (
              <p className="queue-idle" data-testid="counter-paused">
                {t('queue.pausedWith', { reason: counter?.pauseReason ?? '' })}
              </p>
            ) : (
              <p className="queue-idle">{t('queue.nobody')}</p>
            )}
            {holder && (
              <p className="queue-holder" data-testid="counter-holder">
                {t('queue.holder', { name: format.name(holder.maskedName), id: format.ltr(holder.maskedIdNumber) })}
              </p>
            )}
          </div>
          {needsClerk && <ClerkSignInPanel client={client} lastChange={lastChange} />}
          {!needsClerk && (
            <div className="queue-actions" role="group" aria-label={t('queue.actions')}>
              {actionButton('callNext', true)}
              {actionButton('recall')}
              {actionButton('finish')}
              {actionButton('noShow')}
              {actionButton('transfer')}
              {paused ? (
                <button
                  type="button"
                  className="queue-action"
                  data-testid="resume"
                  disabled={!online || busy}
                  onClick={() => void act(() => client.call('queue.resume', {}))}
                >
                  <span>{t('queue.resume')}</span>
                </button>
              ) : (
                actionButton('pause')
              )}
            </div>
          )}
          {!online && (
            <p className="queue-desk-off" role="status" data-testid="counter-degraded">
              {t('queue.degraded')}
            </p>
          )}
          {feedback && (
            <p
              className={`queue-feedback ${feedback.tone}`}
              role={feedback.tone === 'error' ? 'alert' : 'status'}
              data-testid="counter-message"
              data-tone={feedback.tone}
            >
              {feedback.text}
            </p>
          )}
          {panel === 'transfer' && current && snapshot && (
            <div className="queue-choice" role="group" aria-label={t('queue.transferTo')} data-testid="transfer-panel">
              <p className="queue-choice-title">{t('queue.transferTo')}</p>
              {snapshot.config.services.map((s) => {
                const label = serviceName(snapshot, s.code, i18n.language);
                return (
                  <button
                    key={s.code}
                    type="button"
                    className="queue-choice-option"
                    data-testid={`transfer-service-${s.code}`}
                    disabled={!ready}
                    onClick={() => void transfer({ service: s.code }, label)}
                  >
                    {label}
                  </button>
                );
              })}
              {snapshot.config.counters
                .filter((c) => c.id !== counterId)
                .map((c) => (
                  <button
                    key={c.id}
                    type="button"
                    className="queue-choice-option"
                    data-testid={`transfer-counter-${c.id}`}
                    disabled={!ready}
                    onClick={() => void transfer({ toCounterId: c.id }, c.name)}
                  >
                    {c.name}
                  </button>
                ))}
            </div>
          )}
          {panel === 'pause' && !paused && (
            <div className="queue-choice" role="group" aria-label={t('queue.pauseReason')} data-testid="pause-panel">
              <p className="queue-choice-title">{t('queue.pauseReason')}</p>
              {PAUSE_REASONS.map((reason) => (
                <button
                  key={reason}
                  type="button"
                  className="queue-choice-option"
                  data-testid={`pause-${reason}`}
                  disabled={!ready}
                  onClick={() => void pause(t(PAUSE_REASON_KEYS[reason]))}
                >
                  {t(PAUSE_REASON_KEYS[reason])}
                </button>
              ))}
              <form
                className="queue-choice-other"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (otherReason.trim()) void pause(otherReason.trim());
                }}
              >
                <input
                  className="queue-text"
                  data-testid="pause-reason"
                  aria-label={t('queue.pauseOther')}
                  placeholder={t('queue.pauseOther')}
                  maxLength={200}
                  value={otherReason}
                  onChange={(e) => setOtherReason(e.target.value)}
                />
                <button type="submit" className="queue-choice-option" data-testid="pause-other" disabled={!ready || !otherReason.trim()}>
                  {t('queue.pause')}
                </button>
              </form>
            </div>
          )}
          <div className="queue-desk-extra">
            {/* The six function-key actions keep their grid; parking sits with the desk's other extras. */}
            <button
              type="button"
              className="queue-action small"
              data-testid="park"
              disabled={!ready || !current}
              onClick={() => void act(() => client.call('queue.park', {}))}
            >
              {t('queue.park')}
            </button>
            <button
              type="button"
              className="queue-action small"
              data-testid="green-open"
              aria-expanded={panel === 'green'}
              disabled={!online}
              onClick={() => setPanel((p) => (p === 'green' ? null : 'green'))}
            >
              {t('queue.greenChannel')}
            </button>
          </div>
          {panel === 'green' && snapshot && (
            <div className="queue-choice" role="group" aria-label={t('queue.greenChannel')} data-testid="green-panel">
              {snapshot.config.services.map((s) => (
                <button
                  key={s.code}
                  type="button"
                  className="queue-choice-option"
                  data-testid={`green-${s.code}`}
                  disabled={!online}
                  onClick={() => void issueGreen(s.code)}
                >
                  {serviceName(snapshot, s.code, i18n.language)}
                </button>
              ))}
            </div>
          )}
        </div>
        <aside className="queue-desk-waiting" aria-labelledby="counter-waiting-title">
          {parked.length > 0 && (
            <>
              <h3 id="counter-parked-title">{t('queue.parkedList', { count: parked.length })}</h3>
              <ol className="queue-waiting" data-testid="counter-parked" aria-labelledby="counter-parked-title">
                {parked.map((tk) => (
                  <li key={tk.id} data-ticket={tk.number}>
                    <span className="queue-waiting-number">{tk.number}</span>
                    <span className="queue-waiting-service">{name(tk)}</span>
                    <button
                      type="button"
                      className="queue-choice-option"
                      data-testid={`recall-parked-${tk.number}`}
                      disabled={!ready || !!current || paused}
                      onClick={() => void act(() => client.call('queue.recallParked', { ticketId: tk.id }))}
                    >
                      {t('queue.recallParked')}
                    </button>
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3 id="counter-waiting-title">{t('queue.waitingList', { count: waiting.length })}</h3>
          <ol className="queue-waiting" data-testid="counter-waiting">
            {waiting.map((tk) => (
              <li key={tk.id} data-priority={tk.priority}>
                <span className="queue-waiting-number">{tk.number}</span>
                <span className="queue-waiting-service">{name(tk)}</span>
                <span className="queue-class" data-priority={tk.priority}>
                  {t(`queue.class.${tk.priority}`)}
                </span>
                {tk.maskedName && <span>{tk.maskedName}</span>}
                {overdue(tk) && (
                  <span className="queue-overdue" data-testid="waiting-overdue">
                    {t('queue.overdueWait')}
                  </span>
                )}
                {snapshot?.config.allowPickOutOfOrder && !current && (
                  <button
                    type="button"
                    className="queue-choice-option"
                    disabled={!allowed.callNext}
                    onClick={() => void act(() => client.call('queue.call', { ticketId: tk.id }))}
                  >
                    {t('queue.callThis')}
                  </button>
                )}
              </li>
            ))}
          </ol>
          {waiting.length === 0 && <p className="queue-muted">{t('queue.noneWaiting')}</p>}
        </aside>
      </div>
    </section>
  );
}
