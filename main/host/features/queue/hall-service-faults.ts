// One way for host features to call the hall queue service: its refusals become the host faults a
// page acts on, and silence becomes the caller's own "cannot be reached" fault.
import { HostFault } from '../../dispatch.js';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import { HallServiceError, type QueueRouteName } from './queue-client.js';

/** What a feature needs of the hall service client. */
export interface HallServiceRequester {
  request<T>(name: QueueRouteName, call?: RouteCall, options?: { timeoutMs?: number }): Promise<T>;
}

/** The host fault for a refusal by the hall service; a signed-out clerk is told so, not "bad input". */
export function faultForRefusal(error: HallServiceError): HostFault {
  if (error.code === 'clerk-signed-out') return new HostFault('unauthorized', error.message, 'queue.clerkSignedOut');
  const kind = error.code === 'not-found' ? 'not-found' : error.code === 'conflict' ? 'conflict' : error.code === 'forbidden' ? 'unauthorized' : 'bad-input';
  return new HostFault(kind, error.message, 'queue.refused');
}

export function isRefusal(error: unknown): error is HallServiceError {
  return error instanceof HallServiceError && error.kind === 'rejected';
}

/**
 * Calls the hall service. A refusal is thrown as `faultForRefusal`; any other failure (no answer) is
 * handed to `unreachable`, which reports it (log, connectivity) and returns the fault to throw.
 */
export async function callHallService<T>(
  client: HallServiceRequester,
  name: QueueRouteName,
  call: RouteCall,
  unreachable: (error: Error) => HostFault,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  try {
    return await client.request<T>(name, call, options);
  } catch (error) {
    if (isRefusal(error)) throw faultForRefusal(error);
    throw unreachable(error as Error);
  }
}
