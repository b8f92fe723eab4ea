import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProxyAgentView } from '../../../../contract/api/proxy.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useHolderPresent } from '../idcard/use-holder-present.js';
import { IdleGuard } from '../session/IdleGuard.js';
import { AgentSignInPanel } from './AgentSignInPanel.js';
import { DayReport } from './DayReport.js';
import { ProxyApplyFlow } from './ProxyApplyFlow.js';
import { ProxyCaseList } from './ProxyCaseList.js';
import '../o2o/o2o.css';
import './proxy.css';

type Tab = 'apply' | 'cases' | 'report';
const TABS: Tab[] = ['apply', 'cases', 'report'];

/**
 * 村级代办: the whole screen of a proxy-point terminal. The agent signs in with card and PIN (checked
 * offline by the host), then applies for villagers, follows their cases and closes the day.
 */
export function ProxyScreen({ client, info }: ScreenProps) {
  const { t } = useTranslation();
  const [agent, setAgent] = useState<ProxyAgentView | null>(null);
  const [point, setPoint] = useState<{ pointId: string; name: string } | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [tab, setTab] = useState<Tab>('apply');
  const cardHeld = useHolderPresent(client);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ apply: null, cases: null, report: null });

  const refresh = useCallback(
    () =>
      void client.call('proxy.status', {}).then((result) => {
        if (result.ok) {
          setAgent(result.value.agent);
          setPoint(result.value.point);
        }
        setLoaded(true);
      }),
    [client],
  );

  useEffect(() => {
    refresh();
    const offs = [
      client.on('proxy.agent', (next) => {
        setAgent(next);
        if (!next) setTab('apply');
      }),
      // The point arrives with the first sync of a new terminal.
      client.on('sync.state', refresh),
    ];
    return () => offs.forEach((off) => off());
  }, [client, refresh]);

  const signOut = async () => {
    await client.call('session.end', { reason: 'requested' });
    await client.call('proxy.signOut', {});
    setAgent(null);
    setTab('apply');
  };

  const onTabKey = (event: React.KeyboardEvent, current: Tab) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    // In a right-to-left layout the arrow keys follow what the eye sees.
    const dir = document.documentElement.dir === 'rtl' && (event.key === 'ArrowRight' || event.key === 'ArrowLeft') ? -step : step;
    const next = TABS[(TABS.indexOf(current) + dir + TABS.length) % TABS.length]!;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  if (!loaded) return null;
  return (
    <section className="o2o-screen proxy-screen" data-testid="proxy-screen" data-signed-in={agent !== null} aria-labelledby="proxy-title">
      <header className="o2o-bar">
        <div>
          <h2 id="proxy-title">{t('proxy.title')}</h2>
          {point && (
            <p className="o2o-muted" data-testid="proxy-point">
              {t('proxy.point', { name: point.name })}
            </p>
          )}
        </div>
        {agent && (
          <div className="proxy-agent">
            <span data-testid="proxy-agent">{t('proxy.agent', { name: agent.maskedName, id: `\u2068${agent.agentId}\u2069` })}</span>
            <button type="button" className="o2o-button" data-testid="proxy-sign-out" onClick={() => void signOut()}>
              {t('proxy.signOut')}
            </button>
          </div>
        )}
      </header>
      {!point && (
        <p className="o2o-muted" role="status">
          {t('proxy.noPoint')}
        </p>
      )}
      {!agent ? (
        <AgentSignInPanel client={client} info={info} onSignedIn={setAgent} />
      ) : (
        <>
          <div className="proxy-tabs" role="tablist" aria-label={t('proxy.tabs.label')}>
            {TABS.map((id) => (
              <button
                key={id}
                ref={(el) => {
                  tabRefs.current[id] = el;
                }}
                type="button"
                role="tab"
                id={`proxy-tab-${id}`}
                aria-controls={`proxy-panel-${id}`}
                aria-selected={tab === id}
                tabIndex={tab === id ? 0 : -1}
                className="o2o-chip"
                data-testid={`proxy-tab-${id}`}
                onClick={() => setTab(id)}
                onKeyDown={(e) => onTabKey(e, id)}
              >
                {t(`proxy.tabs.${id}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`proxy-panel-${tab}`} aria-labelledby={`proxy-tab-${tab}`}>
            {tab === 'apply' && <ProxyApplyFlow key={agent.agentId} client={client} />}
            {tab === 'cases' && <ProxyCaseList client={client} />}
            {tab === 'report' && <DayReport client={client} />}
          </div>
          {/* The agent's own session ends when nobody touches the terminal (the page guard covers a held card). */}
          <IdleGuard client={client} info={info} active={!cardHeld} onWiped={refresh} />
        </>
      )}
    </section>
  );
}
