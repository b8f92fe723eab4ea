// The citizen's part of 申办一袋 for 社保卡申领, from the identify step to the signed form ready to
// submit: card on the reader, phone typed, every required material given (electronic licence,
// on-screen form or camera), then the signature.
import type { Page } from '@playwright/test';
import { SEED_ITEMS } from '../platform/catalog/seed-items.js';
import type { CatalogItem } from '../contract/catalog.js';
import type { RunningHall } from '../test/helpers/start-hall.js';
import { expect } from './hall-fixture.js';
import { api, sign } from './host-call.js';

export const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;

/**
 * Opens 社保卡申领 by search from the home screen and starts its application: the identify step, or
 * straight the form when this session has read the citizen's card already.
 */
export async function openSbkApplication(page: Page) {
  await page.getByTestId('tile-guide').tap();
  await page.getByTestId('catalog-search').fill('sbk');
  const firstHit = page.getByTestId('catalog-hit').first();
  await expect(firstHit).toContainText('社保卡申领', { timeout: 15_000 });
  await firstHit.tap();
  await page.getByTestId('guide-apply').tap();
  await expect(page.getByTestId('apply-identify').or(page.getByTestId('form-name'))).toBeVisible();
}

/** From the identify step to a signed application, ready for 提交. */
export async function fillSbkApplication(page: Page, kiosk: RunningHall, options: { phone?: string } = {}) {
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await expect(page.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
  const phone = page.getByTestId('form-phone');
  if (await phone.isVisible()) await phone.fill(options.phone ?? '13800001234');
  await page.getByTestId('apply-next').tap();
  await giveRequiredMaterials(page);
  await page.getByTestId('apply-next').tap();
  await page.getByTestId('apply-next').tap();
  await sign(page);
}

/** Submits and returns the tracking code the done screen shows. */
export async function submitApplication(page: Page): Promise<string> {
  await page.getByTestId('apply-submit').tap();
  const code = page.getByTestId('tracking-code');
  await expect(code).toBeVisible({ timeout: 15_000 });
  return (await code.getAttribute('data-code'))!;
}

/**
 * On the materials step (kiosk or proxy point): every required material of the item given, the
 * electronic licence where there is one, the on-screen form filled, the rest from the camera.
 */
export async function giveRequiredMaterials(page: Page, item: CatalogItem = SBK) {
  for (const material of item.materials.filter((m) => m.required)) {
    const row = page.locator(`[data-testid=material][data-material=${material.id}]`);
    if (material.electronicLicense) {
      await row.getByTestId('material-elicense').tap();
      await expect(row).toHaveAttribute('data-state', 'electronic-license');
    } else if (material.onScreenForm) {
      await row.getByTestId('material-fill').tap();
      for (const field of material.onScreenForm.fields.filter((f) => f.kind === 'choice')) {
        await page.locator(`[data-testid=form-field][data-field=${field.id}]`).getByTestId('form-choice').first().tap();
      }
      await page.getByTestId('form-done').tap();
      await expect(row).toHaveAttribute('data-state', 'filled', { timeout: 10_000 });
    } else {
      await row.getByTestId('material-capture').tap();
      await expect(page.getByTestId('camera-shoot')).toBeEnabled();
      await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByTestId('camera-shoot').tap();
      await page.getByTestId('camera-use').tap();
      await expect(row).toHaveAttribute('data-state', 'captured', { timeout: 10_000 });
    }
  }
}
