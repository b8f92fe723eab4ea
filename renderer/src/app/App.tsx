import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../contract/host-api.js';
import { AdminLayer, createTapCounter } from '../features/admin/AdminLayer.js';
import { AssistBanner } from '../features/assist/AssistBanner.js';
import { AssistCall } from '../features/assist/AssistCall.js';
import { ElderModeContext, ElderOffer, ElderToggle, ELDER_IDLE_FACTOR, useElderMode } from '../features/elder/elder-mode.js';
import { NarrationControls } from '../features/elder/use-narration.js';
import { CardBanner } from '../features/idcard/CardBanner.js';
import { useHolderPresent } from '../features/idcard/use-holder-present.js';
import { IdleGuard } from '../features/session/IdleGuard.js';
import { ScanNotice } from '../features/scanning/ScanNotice.js';
import { SimulatorPanel } from '../features/simulators/SimulatorPanel.js';
import type { HallHostClient } from '../host/validated-client.js';
import { useFormat } from '../i18n/format.js';
import { useDevices, useHostConnected, useSyncState } from './host-state.js';
import { useActivityReport } from './use-activity-report.js';
import { HomeScreen } from './HomeScreen.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { ROLE_SCREENS, SERVICE_SCREENS } from './screen-registry.js';
import { ServiceScreen } from './ServiceScreen.js';
import { StatusBar } from './StatusBar.js';
import type { TileId } from './tiles.js';
import { useNow } from './use-now.js';

function Clock() {
  const format = useFormat();
  const now = new Date(useNow(15_000));
  return (
    <time className="clock" dateTime={now.toISOString()}>
      {format.day(now)} <bdi>{format.time(now)}</bdi>
    </time>
  );
}

export function App({ client, info }: { client: HallHostClient; info: TerminalInfo }) {
  const { t } = useTranslation();
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
    document.title = t('app.title');
  });

  const goHome = () => setScreen('home');
  function renderMain() {
    const RoleScreen = ROLE_SCREENS[info.role];
    if (RoleScreen) return <RoleScreen client={client} info={info} onHome={goHome} />;
    if (screen === 'home') return <HomeScreen onOpen={setScreen} />;
    const Flow = SERVICE_SCREENS[screen];
    return Flow ? <Flow key={screen} client={client} info={info} onHome={goHome} /> : <ServiceScreen key={screen} tile={screen} onBack={goHome} />;
  }

  return (
    <ElderModeContext.Provider value={elderMode.elder}>
    <div className={`app role-${info.role}`} data-testid="app" data-screen={screen}>
      <header className="app-header">
        <h1 className="app-title">{t('app.title')}</h1>
        <div className="app-meta">
          <span data-testid="terminal-label" onClick={adminTap}>
            {t('app.hallLabel')} <bdi>{info.hallId}</bdi> · {t('app.terminalLabel')} <bdi>{info.terminalId}</bdi>
          </span>
          <Clock />
        </div>
        <div className="header-controls">
          {(info.role === 'kiosk' || info.role === 'proxy-point') && <AssistCall client={client} />}
          {(info.role === 'kiosk' || info.role === 'proxy-point') && <ElderToggle elder={elderMode.elder} onChange={elderMode.setElder} />}
          {(info.role === 'kiosk' || info.role === 'proxy-point') && <NarrationControls />}
          <LanguageSwitch languages={info.languages} />
        </div>
      </header>
      {info.role === 'counter' && <AssistBanner client={client} />}
      <CardBanner client={client} />
      <main className="app-main">{renderMain()}</main>
      <StatusBar devices={devices} sync={sync} hostConnected={hostConnected}>
        <SimulatorPanel client={client} />
      </StatusBar>
      <ScanNotice client={client} info={info} />
      <AdminLayer client={client} />
      {elderMode.offered && (info.role === 'kiosk' || info.role === 'proxy-point') && (
        <ElderOffer
          onAccept={() => {
            elderMode.setElder(true);
            elderMode.dismissOffer();
          }}
          onDecline={elderMode.dismissOffer}
        />
      )}
      <IdleGuard client={client} info={elderMode.elder ? { ...info, session: { ...info.session, idleSeconds: info.session.idleSeconds * ELDER_IDLE_FACTOR } } : info} active={(info.role === 'kiosk' || info.role === 'proxy-point') && (screen !== 'home' || holderPresent)} onWiped={goHome} />
    </div>
    </ElderModeContext.Provider>
  );
}
