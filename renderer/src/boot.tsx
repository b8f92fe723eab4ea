import { backoffDelay } from '../../contract/async/backoff.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { showsOnScreenKeyboard } from '../../contract/config.js';
import type { Language } from '../../contract/languages.js';
import { App, pageView } from './app/App.js';
import { preloadRoleScreens } from './app/screen-registry.js';
import { OnScreenKeyboardProvider } from './features/keyboard/keyboard-settings.js';
import { withEarlyAnswer, type EarlyCall } from './host/pick-transport.js';
import { createValidatedClient, type RawHostTransport } from './host/validated-client.js';
import { setupI18n } from './i18n/setup.js';
import zhCN from './i18n/locales/zh-CN.js';
import { alignWithHost, browserNowMs } from './app/host-clock.js';

function showMessage(text: string) {
  const root = document.getElementById('root');
  if (root) {
    const p = document.createElement('p');
    p.className = 'boot-message';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    root.replaceChildren(p);
  }
}

/** `early`: the entry's terminal.info, already sent; its answer stands for boot's first one. */
export async function boot(transport: RawHostTransport | { error: string }, early?: EarlyCall) {
  if ('error' in transport) return showMessage(zhCN.app.missingToken);
  const client = createValidatedClient(early ? withEarlyAnswer(transport, early) : transport);
  let sentAt = early?.sentAtMs ?? browserNowMs();
  let info = await client.call('terminal.info', {});
  let receivedAt = early?.receivedAtMs ?? browserNowMs();
  // The host may still be starting (or restarting) — keep trying rather than showing a dead screen.
  for (let attempt = 1; !info.ok; attempt += 1) {
    showMessage(zhCN.app.hostUnavailable);
    await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, { initialMs: 500, maxMs: 5000 })));
    sentAt = browserNowMs();
    info = await client.call('terminal.info', {});
    receivedAt = browserNowMs();
  }
  alignWithHost(info.value.now, sentAt, receivedAt);
  // A public screen may be opened in a fixed language (`?lang=en`); otherwise the citizen's last choice, then the default.
  const asked = new URLSearchParams(window.location.search).get('lang') ?? sessionStorage.getItem('hall.language');
  const initial = info.value.languages.find((lng: Language) => lng === asked) ?? info.value.defaultLanguage;
  const i18n = await setupI18n(info.value.languages, initial);
  i18n.on('languageChanged', (lng) => sessionStorage.setItem('hall.language', lng));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <OnScreenKeyboardProvider enabled={info.value.onScreenKeyboard ?? showsOnScreenKeyboard('auto', info.value.role)}>
          <App client={client} info={info.value} />
        </OnScreenKeyboardProvider>
      </I18nextProvider>
    </StrictMode>,
  );
  document.body.dataset.ready = 'true';
  // What the first screen needed is what was fetched before this mark (the cold-start bench reads it).
  performance.mark('hall-ready');
  // The role's own screens arrive once the home is up and the page is idle, so the first tap finds them.
  if (pageView(info.value) === 'main') requestIdleCallback(() => void preloadRoleScreens(info.value.role).catch(() => undefined), { timeout: 2000 });
}
