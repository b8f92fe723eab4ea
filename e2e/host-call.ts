// Helpers the O2O specs share: calling a running hall's host API as the test's hand on the devices,
// and drawing a signature on the signature pad.
import { expect, type Page } from '@playwright/test';
import type { HostMethodName, MethodInput, MethodOutput } from '../contract/host-api.js';
import type { RunningHall } from '../test/helpers/start-hall.js';

export async function api<M extends HostMethodName>(hall: RunningHall, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const response = await fetch(new URL(`api/v1/call/${method}`, hall.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hall.token}` },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: true; value: MethodOutput<M> } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

/** A zigzag with the mouse across the signature pad. */
export async function sign(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await page.mouse.down();
  for (const [x, y] of [[0.3, 0.3], [0.4, 0.7], [0.5, 0.3], [0.6, 0.7], [0.7, 0.4]] as const) await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 5 });
  await page.mouse.up();
  await expect(pad).toHaveAttribute('data-inked', 'true');
}
