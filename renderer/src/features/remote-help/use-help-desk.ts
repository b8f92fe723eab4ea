import { useEffect, useState } from 'react';
import type { HelpDeskView } from '../../../../contract/api/remote-help.js';
import type { HallHostClient } from '../../host/validated-client.js';

/** Which of two views to keep: the newer one, unless the host restarted (then its counting restarts too). */
export function newerHelpView(current: HelpDeskView | null, next: HelpDeskView, hostRestarted = false): HelpDeskView {
  return current && !hostRestarted && current.version > next.version ? current : next;
}

/** The hall's help requests as this counter's host keeps them, current with its pushes. */
export function useHelpDesk(client: HallHostClient): HelpDeskView | null {
  const [view, setView] = useState<HelpDeskView | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = (hostRestarted: boolean) =>
      void client.call('remoteHelp.list', {}).then((result) => live && result.ok && setView((v) => newerHelpView(v, result.value, hostRestarted)));
    refresh(false);
    const offChanged = client.on('remoteHelp.changed', (next) => setView((v) => newerHelpView(v, next)));
    const offHost = client.onConnectionChange((connected) => connected && refresh(true));
    return () => {
      live = false;
      offChanged();
      offHost();
    };
  }, [client]);
  return view;
}
