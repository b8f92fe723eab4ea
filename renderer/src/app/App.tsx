import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../contract/host-api.js';
import { AdminLayer, createTapCounter } from '../features/admin/AdminLayer.js';
import { AssistBanner } from '../features/assist/AssistBanner.js';
import { AssistCall } from '../features/assist/AssistCall.js';
import { LiveCallPanel } from '../features/remote-help/LiveCallPanel.js';
import { RemoteHelpButton } from '../features/remote-help/RemoteHelpButton.js';
import { ElderOffer, ElderToggle, ELDER_IDLE_FACTOR, useElderMode } from '../features/elder/elder-mode.js';
import { ElderModeContext } from '../features/elder/elder-context.js';
import { NarrationControls } from '../features/elder/use-narration.js';
import { CardBanner } from '../features/idcard/CardBanner.js';
import { useHolderPresent } from '../features/idcard/use-holder-present.js';
import { IdleGuard, wipeCitizenScreen } from '../features/session/IdleGuard.js';
import { ScanNotice } from '../features/scanning/ScanNotice.js';
import { SimulatorPanel } from '../features/simulators/SimulatorPanel.js';
import type { HallHostClient } from '../host/validated-client.js';
import { useFormat } from '../i18n/format.js';
import { useDevices, useHostConnected, useSyncState } from './host-state.js';
import { useActivityReport } from './use-activity-report.js';
import { HomeScreen } from './HomeScreen.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { ROLE_SCREENS, SERVICE_SCREENS } from './screen-registry.js';
import type { ScreenStart } from './screen-props.js';
import { ServiceScreen } from './ServiceScreen.js';
import { StatusBar } from './StatusBar.js';
import type { TileId } from './tiles.js';
import { VIEW_SCREENS } from './screen-registry.js';
import { isTerminalView, roleProfile, viewProfile, type TerminalView } from '../../../contract/role-profiles.js';
import { hallNameIn } from '../../../contract/config.js';
import type { Language } from '../../../contract/languages.js';
import { useNow } from './use-now.js';

/** True from the frame after the first paint: for work the first screen can show a moment later. */
function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}

function Clock() {
  const format = useFormat();
  const now = new Date(useNow(15_000));
  // The first date format of a language costs tens of ms (ICU loads its data): the home is drawn,
  // and answers a tap, without waiting for it; the clock follows a frame later.
  const painted = useAfterFirstPaint();
  return (
    <time className="clock" dateTime={now.toISOString()}>
      {painted && (
        <>
          {format.day(now)} <bdi>{format.time(now)}</bdi>
        </>
      )}
    </time>
  );
}

/**
 * Which page this window is: the host's word when its credential is confined to a view, else the
 * address's `?view=` when the role has that view, else the role's own window.
 */
export function pageView(info: TerminalInfo, search: string = window.location.search): TerminalView {
  if (info.view) return info.view;
  const asked = new URLSearchParams(search).get('view');
  return isTerminalView(asked) && viewProfile(info.role, asked) ? asked : 'main';
}

export function App({ client, info }: { client: HallHostClient; info: TerminalInfo }) {
  const view = pageView(info);
  if (view !== 'main') return <ConfinedViewApp client={client} info={info} view={view} />;
  return <OperatorApp client={client} info={info} />;
}

/**
 * A page of the role that is not its operator's window (the citizen-facing rating screen, the
 * statistics): its own screen, the title and the language buttons; no terminal id, device status,
 * admin entry, card banner or clerk control, and none of their host calls.
 */
function ConfinedViewApp({ client, info, view }: { client: HallHostClient; info: TerminalInfo; view: Exclude<TerminalView, 'main'> }) {
  const { i18n } = useTranslation();
  const hall = hallNameIn(info, i18n.language as Language);
  useEffect(() => {
    document.title = hall;
  });
  const Screen = VIEW_SCREENS[view];
  return (
    <div className={`app role-${info.role} view-${view}`} data-testid="app" data-view={view}>
      <header className="app-header">
        <h1 className="app-title" data-testid="hall-name">
          {hall}
        </h1>
        <div className="app-meta">
          <Clock />
        </div>
        <div className="header-controls">
          <LanguageSwitch languages={info.languages} />
        </div>
      </header>
      {/* Long pages (the statistics) scroll here: keyboard users reach it too. */}
      <main className="app-main" tabIndex={0}>
        <Screen client={client} info={info} onHome={() => undefined} />
      </main>
    </div>
  );
}

function OperatorApp({ client, info }: { client: HallHostClient; info: TerminalInfo }) {
  const { t, i18n } = useTranslation();
  const hall = hallNameIn(info, i18n.language as Language);
  const title = t(`app.roleTitle.${info.role}`);
  // A public screen (the hall display) shows no terminal id, device or sync status: faults go to admin mode and the fleet page.
  const technicianChrome = viewProfile(info.role, 'main')?.technicianChrome ?? true;
  const { citizenFacing, homeOnSessionEnd, assistBanner } = roleProfile(info.role).chrome;
  const [screen, setScreen] = useState<TileId | 'home'>('home');
  const devices = useDevices(client);
  const sync = useSyncState(client);
  const hostConnected = useHostConnected(client);
  useActivityReport(client);
  const holderPresent = useHolderPresent(client);
  const elderMode = useElderMode(client);
  // Five taps on the terminal's name within three seconds ask for admin mode (hidden from citizens).
  const [adminTap] = useState(() => createTapCounter(5, 3000));

  useEffect(() => {
    document.title = `${title} · ${hall}`;
  });

  const [start, setStart] = useState<ScreenStart>();
  const goHome = () => {
    setStart(undefined);
    setScreen('home');
  };
  const openFlow = (tile: TileId, next?: ScreenStart) => {
    setStart(next);
    setScreen(tile);
  };
  // 结束办理 (or any end of a citizen's session): back to the tiles with nothing of theirs left on
  // screen or in storage; a proxy point's agent stays signed in (its screen keeps only the agent).
  useEffect(() => {
    if (!homeOnSessionEnd) return;
    return client.on('session.ended', () => {
      void wipeCitizenScreen(i18n, info.defaultLanguage);
      setStart(undefined);
      setScreen('home');
    });
  }, [client, i18n, homeOnSessionEnd, info.defaultLanguage]);
  function renderMain() {
    const RoleScreen = ROLE_SCREENS[info.role];
    if (RoleScreen) return <RoleScreen client={client} info={info} onHome={goHome} />;
    if (screen === 'home') return <HomeScreen onOpen={setScreen} />;
    const Flow = SERVICE_SCREENS[screen];
    return Flow ? (
      <Flow key={screen} client={client} info={info} onHome={goHome} onOpen={openFlow} {...(start ? { start } : {})} />
    ) : (
      <ServiceScreen key={screen} tile={screen} onBack={goHome} />
    );
  }

  return (
    <ElderModeContext.Provider value={elderMode.elder}>
      <div className={`app role-${info.role}`} data-testid="app" data-screen={screen}>
        <header className="app-header">
          {/* A public screen has no terminal id to tap: the technician taps its title instead. */}
          <h1 className="app-title" {...(technicianChrome ? {} : { onClick: adminTap, 'data-testid': 'terminal-label' })}>
            {/* The public display names the hall; a terminal says what it is. */}
            {technicianChrome ? title : hall}
          </h1>
          <div className="app-meta">
            {technicianChrome && (
              <span data-testid="terminal-label" onClick={adminTap}>
                {t('app.hallLabel')} <bdi data-testid="hall-name">{hall}</bdi> · {t('app.terminalLabel')} <bdi>{info.terminalId}</bdi>
              </span>
            )}
            <Clock />
          </div>
          <div className="header-controls">
            {citizenFacing && <AssistCall client={client} />}
            {citizenFacing && <RemoteHelpButton client={client} atHome={screen === 'home'} />}
            {citizenFacing && <ElderToggle elder={elderMode.elder} onChange={elderMode.setElder} />}
            {citizenFacing && <NarrationControls />}
            {/* A public screen has no language buttons: it speaks the configured language, or the one its `?lang=` names. */}
            {technicianChrome && <LanguageSwitch languages={info.languages} />}
          </div>
        </header>
        {assistBanner && <AssistBanner client={client} />}
        <CardBanner client={client} />
        <main className="app-main">{renderMain()}</main>
        {technicianChrome && (
          <StatusBar devices={devices} sync={sync} hostConnected={hostConnected}>
            <SimulatorPanel client={client} />
          </StatusBar>
        )}
        <ScanNotice client={client} info={info} />
        {citizenFacing && <LiveCallPanel client={client} />}
        <AdminLayer client={client} />
        {elderMode.offered && citizenFacing && (
          <ElderOffer
            onAccept={() => {
              elderMode.setElder(true);
              elderMode.dismissOffer();
            }}
            onDecline={elderMode.dismissOffer}
          />
        )}
        <IdleGuard
          client={client}
          info={elderMode.elder ? { ...info, session: { ...info.session, idleSeconds: info.session.idleSeconds * ELDER_IDLE_FACTOR } } : info}
          active={citizenFacing && (screen !== 'home' || holderPresent)}
          onWiped={goHome}
        />
      </div>
    </ElderModeContext.Provider>
  );
}
