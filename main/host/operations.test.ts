import { describe, expect, it } from 'vitest';
import { heartbeatError } from './operations.js';

describe('the fault a terminal reports to the fleet page', () => {
  it('names a lost hall queue stream when the sync has nothing to say', () => {
    expect(heartbeatError(undefined, { online: false, pendingOffline: 0, leased: {}, lastError: 'connect ECONNREFUSED 10.0.0.5:8443' })).toBe(
      'hall queue stream lost: connect ECONNREFUSED 10.0.0.5:8443',
    );
    expect(heartbeatError(undefined, { online: false, pendingOffline: 0, leased: {} })).toBe('hall queue stream lost');
  });

  it('puts the sync first, and says nothing when all is well', () => {
    expect(heartbeatError('platform answered 503', { online: false, pendingOffline: 0, leased: {} })).toBe('platform answered 503');
    expect(heartbeatError(undefined, { online: true, pendingOffline: 0, leased: {} })).toBeUndefined();
    expect(heartbeatError(undefined, undefined)).toBeUndefined();
    expect(heartbeatError(undefined, { online: false, pendingOffline: 0, leased: {}, lastError: 'x'.repeat(900) })!.length).toBe(500);
  });
});
