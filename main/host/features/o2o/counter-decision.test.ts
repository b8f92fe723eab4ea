import { describe, expect, it } from 'vitest';
import type { TrackResult } from '../../../../contract/api/o2o.js';
import type { HostFault } from '../../dispatch.js';
import { caseStateNow, refuseDecision } from './o2o-feature.js';

const tracked = (state: TrackResult['cases'][number]['state'], pending: TrackResult['pending'] = []): Pick<TrackResult, 'cases' | 'pending'> => ({
  cases: [
    {
      caseId: 'case-1',
      trackingCode: 'TKKTEWU6XUD',
      serviceCode: 'HT00000001',
      itemName: '社保卡申领',
      state,
      events: [{ state: 'submitted', at: '2026-12-03T01:00:00.000Z', by: 'kiosk-01' }],
    },
  ],
  pending,
});

describe('一窗受理 decisions', () => {
  it('takes this counter’s decision still in the outbox as the case’s state', () => {
    expect(caseStateNow(tracked('submitted'), 'case-1')).toBe('submitted');
    expect(caseStateNow(tracked('submitted', [{ caseId: 'case-1', to: 'accepted', at: '2026-12-03T02:00:00.000Z' }]), 'case-1')).toBe('accepted');
    expect(caseStateNow(tracked('submitted', [{ caseId: 'other', to: 'rejected', at: '2026-12-03T02:00:00.000Z' }]), 'case-1')).toBe('submitted');
    expect(caseStateNow(undefined, 'case-1')).toBeUndefined();
  });

  it('answers a second 受理 as already done, before its upload and after', () => {
    const fault = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return error as HostFault;
      }
      return undefined;
    };
    const pendingSecond = fault(() =>
      refuseDecision(caseStateNow(tracked('submitted', [{ caseId: 'case-1', to: 'accepted', at: '2026-12-03T02:00:00.000Z' }]), 'case-1'), 'accepted'),
    );
    expect(pendingSecond?.detail).toEqual({ key: 'case.alreadyDecided', params: { state: 'accepted' } });
    expect(fault(() => refuseDecision('accepted', 'accepted'))?.code).toBe('conflict');
    expect(fault(() => refuseDecision('supplement-requested', 'accepted'))?.detail).toEqual({
      key: 'case.transitionRefused',
      params: { from: 'supplement-requested', to: 'accepted' },
    });
    expect(fault(() => refuseDecision('submitted', 'accepted'))).toBeUndefined();
    // Unknown here (the platform unreachable, nothing cached): the platform judges when the decision arrives.
    expect(fault(() => refuseDecision(undefined, 'rejected'))).toBeUndefined();
  });
});
