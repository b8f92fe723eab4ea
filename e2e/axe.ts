import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface AxeOptions {
  /** Also hold the page to WCAG AAA contrast (7:1, 4.5:1 for large text): elder mode promises it. */
  enhancedContrast?: boolean;
}

/** Runs axe (WCAG 2.2 AA rules) on the page; serious and critical violations fail, named with where they are. */
export async function expectAccessible(page: Page, screen: string, { enhancedContrast = false }: AxeOptions = {}): Promise<void> {
  const builder = new AxeBuilder({ page });
  // An explicitly enabled rule runs alongside the tag selection (axe-core's ruleShouldRun).
  if (enhancedContrast) builder.options({ rules: { 'color-contrast-enhanced': { enabled: true } } });
  const results = await builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking.map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
