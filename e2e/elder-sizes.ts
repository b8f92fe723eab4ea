// The MIIT elder-friendly thresholds (《移动互联网应用（APP）适老化通用设计规范》, applied at the kiosk's
// own scale: CSS pixels of the 1080-wide portrait screen), measured on what the citizen sees: body
// text at least 18 px, headings at least 30 px, every control at least 60 × 60 px. Contrast (4.5:1,
// and AAA's 7:1 in elder mode) is axe's part of the matrix. The technician's chrome (device and sync
// status bar, simulators, admin mode) is not a citizen's screen and is left out.
import { expect, type Page } from '@playwright/test';

export const ELDER_THRESHOLDS = { bodyPx: 18, headingPx: 30, targetPx: 60 } as const;

/** Elements a citizen never reads or touches: technician chrome and text only for screen readers. */
const NOT_FOR_CITIZENS = ['.status-bar', '.simulator-panel', '.admin-full', '.narration-live'];

export async function elderSizeProblems(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ t, skip }) => {
      const problems: string[] = [];
      const visible = (el: Element) => {
        const box = el.getBoundingClientRect();
        if (box.width < 1 || box.height < 1) return false;
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
      };
      const skipped = (el: Element) => skip.some((selector) => el.closest(selector));
      const name = (el: Element) => {
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
        const id = el.getAttribute('data-testid');
        return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}> "${text}"`;
      };
      // Text: every element that holds text of its own.
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        if (skipped(el) || !visible(el)) continue;
        const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim().length > 0);
        if (!ownText) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        const heading = el.closest('h1, h2, h3, [role=heading]') !== null;
        const min = heading ? t.headingPx : t.bodyPx;
        if (size + 0.01 < min) problems.push(`${heading ? 'heading' : 'text'} ${size.toFixed(1)}px < ${min}px: ${name(el)}`);
      }
      // Targets: every control the citizen can press.
      for (const el of Array.from(
        document.body.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=tab], [role=checkbox], [role=radio]'),
      )) {
        if (skipped(el) || !visible(el) || (el as HTMLButtonElement).disabled) continue;
        // A checkbox or radio counts with its label, which is what a finger presses.
        const target = (el as HTMLInputElement).type === 'checkbox' || (el as HTMLInputElement).type === 'radio' ? (el.closest('label') ?? el) : el;
        const box = target.getBoundingClientRect();
        if (box.width + 0.5 < t.targetPx || box.height + 0.5 < t.targetPx)
          problems.push(`target ${Math.round(box.width)}×${Math.round(box.height)} < ${t.targetPx}×${t.targetPx}: ${name(el)}`);
      }
      return [...new Set(problems)];
    },
    { t: ELDER_THRESHOLDS, skip: NOT_FOR_CITIZENS },
  );
}

export async function expectElderSized(page: Page, where: string): Promise<void> {
  expect(await elderSizeProblems(page), `${where}: elder-mode sizes`).toEqual([]);
}
