// The counter terminal's supervisor side of the hall queue: the citizen reaching the counter (walk
// time), the manager's figures and forecast, and the 好差评 follow-ups. Thin: the hall service
// computes and decides; this passes the calls on with the host's own error reporting.
import type { HostHandlers } from '../../../../contract/host-api.js';
import type { FollowUp } from '../../../../contract/follow-ups.js';
import type { Forecast, ProductivityReport } from '../../../../contract/productivity.js';
import type { Ticket } from '../../../../contract/queue.js';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import { HostFault } from '../../dispatch.js';
import type { QueueRouteName } from './queue-client.js';

export interface HallLink {
  hallRequest<T>(name: QueueRouteName, call: RouteCall): Promise<T>;
  /** The signed-in clerk's session for a desk verb, if one is signed in. */
  clerkSession?(): string | undefined;
}

type SupervisionMethod = 'queue.start' | 'queue.productivity' | 'queue.forecast' | 'queue.followUps' | 'queue.followUpContact' | 'queue.followUpResolve';

export function queueSupervisionHandlers(hall: HallLink, counterId: string | undefined): Pick<HostHandlers, SupervisionMethod> {
  const counter = () => {
    if (!counterId) throw new HostFault('bad-input', 'this terminal has no queue.counterId in its configuration', 'queue.noCounterConfigured');
    return counterId;
  };
  return {
    'queue.start': async () => {
      const clerkSession = hall.clerkSession?.();
      return hall.hallRequest<{ ticket: Ticket | null }>('queueStart', { body: { counterId: counter(), ...(clerkSession ? { clerkSession } : {}) } });
    },
    'queue.productivity': async (query) => hall.hallRequest<ProductivityReport>('queueProductivity', { query }),
    'queue.forecast': async ({ days }) => hall.hallRequest<Forecast>('queueForecast', { query: days === undefined ? {} : { days } }),
    'queue.followUps': async () => hall.hallRequest<{ followUps: FollowUp[] }>('queueFollowUps', {}),
    'queue.followUpContact': async ({ id, note }) => hall.hallRequest<{ followUp: FollowUp }>('queueFollowUpContact', { params: { id }, body: { note } }),
    'queue.followUpResolve': async ({ id, resolution }) =>
      hall.hallRequest<{ followUp: FollowUp }>('queueFollowUpResolve', { params: { id }, body: { resolution } }),
  };
}
