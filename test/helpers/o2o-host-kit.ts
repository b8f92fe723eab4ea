// What host-level O2O tests share: typed calls into a test host's handlers, the applicant's and
// someone else's card, polling for an outcome, and the receipts the host prints.
import { vi } from 'vitest';
import type { HostMethodName, MethodInput, MethodOutput } from '../../contract/host-api.js';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import type { ApplicationReceipt } from '../../contract/printing.js';
import { SEED_ITEMS } from '../../platform/catalog/seed-items.js';
import { holdCard, type TestHost } from './test-host.js';

export const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
export const ID_NUMBER = withIdNumberCheckCharacter('11010519450307123');
export const OTHER_ID_NUMBER = withIdNumberCheckCharacter('11010519800101234');

/** Polls until `probe` gives a value (errors count as not yet), for up to 30 s. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let tries = 0; tries < 300; tries += 1, await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`timed out: ${what}`);
}

/** Calls, cards and printed receipts on whichever test host `current` returns. */
export function o2oHostKit(current: () => TestHost) {
  return {
    call: <M extends HostMethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
      current().host.handlers[method](input as never) as Promise<MethodOutput<M>>,
    applicant: () => holdCard(current().host, { name: '王示例', idNumber: ID_NUMBER, birthDate: '1945-03-07' }),
    someoneElse: () => holdCard(current().host, { name: '李示例', idNumber: OTHER_ID_NUMBER, birthDate: '1980-01-01' }),
    /** The receipts the host sends to its printer (the test host's printer is a scripted device). */
    capturePrints(): ApplicationReceipt[] {
      const printed: ApplicationReceipt[] = [];
      vi.spyOn(current().host.printers, 'printer').mockReturnValue({
        printReceipt: async (receipt: ApplicationReceipt) => {
          printed.push(receipt);
          return { outcome: 'printed', condition: 'ok' };
        },
      } as never);
      return printed;
    },
  };
}
