// 撤回: the applicant takes a fresh submission back from the done screen or 全程一码, with their card;
// it goes through the outbox after the application and the platform's timeline ends "withdrawn".
import { afterEach, describe, expect, it } from 'vitest';
import { withinWithdrawWindow } from '../../../../contract/case.js';
import { o2oHostKit, SBK, until } from '../../../../test/helpers/o2o-host-kit.js';
import { jpeg, png } from '../../../../test/helpers/sample-images.js';
import { startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';
import { HostFault } from '../../dispatch.js';
import { refuseDecision } from './o2o-feature.js';

let test: TestHost | undefined;
afterEach(async () => {
  await test?.host.stop();
  test = undefined;
});

const { call, applicant, someoneElse, capturePrints } = o2oHostKit(() => test!);

async function submit() {
  await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'catalog pulled');
  applicant();
  const draft = await call('application.start', { serviceCode: SBK.code });
  await call('application.material', { draftId: draft.draftId, materialId: 'id-card', source: 'electronic-license' });
  await call('application.material', { draftId: draft.draftId, materialId: 'photo', source: 'capture', mediaType: 'image/jpeg', imageBase64: jpeg() });
  await call('application.material', {
    draftId: draft.draftId,
    materialId: 'application-form',
    source: 'form',
    values: { 'insurance-type': '城镇职工基本养老保险', 'residence-type': '城镇', collect: '邮寄到家', postcode: '310012' },
  });
  return call('application.submit', { draftId: draft.draftId, phone: '13800001234', useKnownPhone: false, signaturePngBase64: png() });
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostFault);
  return (error as HostFault).detail?.key;
};

describe('withdrawing an application (撤回)', () => {
  it('offers the window on the done screen and the receipt, refuses another card, and withdraws once through the outbox', async () => {
    test = await startTestHost('headless');
    const printed = capturePrints();
    const submitted = await submit();
    expect(submitted.withdrawableUntil).toBeDefined();
    expect(withinWithdrawWindow(submitted.submittedAt, submitted.withdrawableUntil!, 10)).toBe(true);
    expect(printed[0]!.withdrawUntil).toBe(submitted.withdrawableUntil);
    const { trackingCode, caseId } = submitted;
    expect((await call('case.track', { trackingCode })).withdrawable).toEqual([{ caseId, until: submitted.withdrawableUntil }]);

    someoneElse();
    expect(await refusal(call('application.withdraw', { trackingCode, caseId }))).toBe('application.reprintNotApplicant');

    applicant();
    const first = await call('application.withdraw', { trackingCode, caseId });
    expect(first.state).toBe('pending');
    // Shown at once as pending, and no longer offered.
    const meanwhile = await call('case.track', { trackingCode });
    expect(meanwhile.withdrawable).toEqual([]);
    // A second press while it travels is the same withdrawal, not another one.
    expect(await call('application.withdraw', { trackingCode, caseId })).toEqual(first);

    const settled = await until(async () => {
      const tracked = await call('case.track', { trackingCode });
      return tracked.source === 'platform' && tracked.cases[0]?.state === 'withdrawn' && tracked.pending.length === 0 ? tracked : undefined;
    }, 'the platform shows the case withdrawn');
    expect(settled.cases[0]!.events.map((e) => e.state)).toEqual(['submitted', 'withdrawn']);
    expect((await call('application.withdraw', { trackingCode, caseId })).state).toBe('withdrawn');
    // One withdrawal in the outbox, however often the button was pressed.
    let withdrawals = 0;
    for (let id = 1; id < 80; id++) {
      const record = await test.host.store.getRecord(id);
      if (record?.kind === 'status-event' && (record.payload as { subject?: string }).subject === 'case-withdrawal') withdrawals += 1;
    }
    expect(withdrawals).toBe(1);
  });

  it('refuses a decision on a withdrawn case, and a withdrawal of an accepted one', () => {
    const key = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return (error as HostFault).detail?.key;
      }
      return undefined;
    };
    expect(key(() => refuseDecision('withdrawn', 'accepted'))).toBe('case.transitionRefused');
    expect(key(() => refuseDecision('submitted', 'accepted'))).toBeUndefined();
  });

  it('offers nothing when the hall configures no window', async () => {
    test = await startTestHost('headless', { withdrawWindowMinutes: 0 });
    capturePrints();
    const submitted = await submit();
    expect(submitted.withdrawableUntil).toBeUndefined();
    expect(await refusal(call('application.withdraw', { trackingCode: submitted.trackingCode, caseId: submitted.caseId }))).toBe('case.withdrawWindowOver');
  });
});
