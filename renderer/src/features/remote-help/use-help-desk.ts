import { useMemo } from 'react';
import type { HelpDeskView } from '../../../../contract/api/remote-help.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { newerPushedView, usePushedView } from '../../host/use-pushed-view.js';

/** Which of two views to keep: the newer one, unless the host restarted (then its counting restarts too). */
export const newerHelpView: (current: HelpDeskView | null, next: HelpDeskView, hostRestarted?: boolean) => HelpDeskView = newerPushedView;

/** The hall's help requests as this counter's host keeps them, current with its pushes. */
export function useHelpDesk(client: HallHostClient): HelpDeskView | null {
  const source = useMemo(
    () => ({
      load: () => client.call('remoteHelp.list', {}),
      subscribe: (listener: (view: HelpDeskView) => void) => client.on('remoteHelp.changed', listener),
      onConnectionChange: (listener: (connected: boolean) => void) => client.onConnectionChange(listener),
    }),
    [client],
  );
  return usePushedView(source);
}
