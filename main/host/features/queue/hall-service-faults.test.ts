import { describe, expect, it } from 'vitest';
import { HostFault } from '../../dispatch.js';
import { callHallService, faultForRefusal } from './hall-service-faults.js';
import { HallServiceError } from './queue-client.js';

const refusing = (error: Error) => ({ request: () => Promise.reject(error) });

describe('calling the hall service from a host feature', () => {
  it('turns each refusal into the fault a page acts on', () => {
    const kinds = ['not-found', 'conflict', 'forbidden', 'bad-input', 'rejected'].map(
      (code) => faultForRefusal(new HallServiceError('rejected', 'no', 400, code)).code,
    );
    expect(kinds).toEqual(['not-found', 'conflict', 'unauthorized', 'bad-input', 'bad-input']);
    const signedOut = faultForRefusal(new HallServiceError('rejected', 'sign in again', 401, 'clerk-signed-out'));
    expect([signedOut.code, signedOut.detail?.key]).toEqual(['unauthorized', 'queue.clerkSignedOut']);
  });

  it("hands silence to the caller's own fault and a refusal never to it", async () => {
    const seen: string[] = [];
    const unreachable = (error: Error) => {
      seen.push(error.message);
      return new HostFault('unavailable', 'gone', 'queue.unreachable');
    };
    await expect(callHallService(refusing(new HallServiceError('unreachable', 'no answer')), 'queueAssists', {}, unreachable)).rejects.toMatchObject({
      code: 'unavailable',
    });
    await expect(callHallService(refusing(new HallServiceError('rejected', 'taken', 409, 'conflict')), 'queueAssists', {}, unreachable)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(seen).toEqual(['no answer']);
    await expect(callHallService({ request: <T>() => Promise.resolve({ ok: 1 } as T) }, 'queueAssists', {}, unreachable)).resolves.toEqual({ ok: 1 });
  });
});
