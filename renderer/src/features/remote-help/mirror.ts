// The citizen's screen as data, for the clerk of a remote help call: screens declare what may be
// mirrored with data attributes, so nothing undeclared (and no pixels) ever leaves the kiosk.
//   data-rh-screen, data-rh-step, data-rh-item-code, data-rh-item-name  on the screen's root
//   data-rh-field="id" data-rh-label="…" [data-rh-personal="name|id-number|phone|address|other"] [data-rh-fillable]
//   data-rh-control="id" (a button the clerk may point at; its label is its text)
import { MirroredScreen, PERSONAL_KINDS, type PersonalKind } from '../../../../contract/live-help.js';

export const HIGHLIGHT_CLASS = 'rh-highlight';

const clip = (text: string, max: number) => [...text.trim().replace(/\s+/g, ' ')].slice(0, max).join('');

function valueOf(element: Element): string {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return element.value;
  return element.textContent ?? '';
}

function personalKind(value: string | null): PersonalKind | undefined {
  return value && (PERSONAL_KINDS as readonly string[]).includes(value) ? (value as PersonalKind) : undefined;
}

/** What the screen declares now; an undeclared page mirrors as its name only. */
export function collectScreen(doc: Document, showPersonal: boolean): MirroredScreen {
  const root = doc.querySelector('[data-rh-screen]');
  const app = doc.querySelector('[data-screen]');
  const screen = root?.getAttribute('data-rh-screen') || app?.getAttribute('data-screen') || 'home';
  const code = root?.getAttribute('data-rh-item-code');
  const name = root?.getAttribute('data-rh-item-name');
  const step = root?.getAttribute('data-rh-step');
  const ids = new Set<string>();
  const fields = [...doc.querySelectorAll('[data-rh-field]')].flatMap((el) => {
    const id = el.getAttribute('data-rh-field') ?? '';
    if (ids.has(id)) return [];
    ids.add(id);
    const personal = personalKind(el.getAttribute('data-rh-personal'));
    return [
      {
        id,
        label: clip(el.getAttribute('data-rh-label') ?? id, 80),
        value: clip(valueOf(el), 500),
        ...(personal ? { personal } : {}),
        fillable: el.hasAttribute('data-rh-fillable') && !(el as HTMLInputElement).disabled,
      },
    ];
  });
  const controls = [...doc.querySelectorAll('[data-rh-control]')].flatMap((el) => {
    const id = el.getAttribute('data-rh-control') ?? '';
    if (ids.has(id)) return [];
    ids.add(id);
    return [{ id, label: clip(el.getAttribute('aria-label') ?? el.textContent ?? id, 80) }];
  });
  const parsed = MirroredScreen.safeParse({
    screen: clip(screen, 40),
    ...(code && name ? { item: { code: clip(code, 64), name: clip(name, 120) } } : {}),
    ...(step ? { step: clip(step, 40) } : {}),
    fields: fields.slice(0, 40),
    controls: controls.slice(0, 60),
    showPersonal,
  });
  // A declaration the contract refuses (an odd id) is left out rather than sent half-checked.
  return parsed.success ? parsed.data : { screen: clip(screen, 40), fields: [], controls: [], showPersonal };
}

function declared(doc: Document, id: string): HTMLElement | null {
  for (const el of doc.querySelectorAll<HTMLElement>('[data-rh-field], [data-rh-control]')) {
    if (el.getAttribute('data-rh-field') === id || el.getAttribute('data-rh-control') === id) return el;
  }
  return null;
}

export function clearHighlight(doc: Document): void {
  for (const el of doc.querySelectorAll(`.${HIGHLIGHT_CLASS}`)) el.classList.remove(HIGHLIGHT_CLASS);
}

/** Outlines the declared control or field; false when the screen shows no such thing (any more). */
export function showHighlight(doc: Document, id: string): boolean {
  clearHighlight(doc);
  const el = declared(doc, id);
  if (!el) return false;
  el.classList.add(HIGHLIGHT_CLASS);
  el.scrollIntoView?.({ block: 'center' });
  return true;
}

/**
 * Fills a field the screen declares fillable, as if typed: React's own change handling sees it, and
 * the citizen can change it afterwards. Returns the field's label, or null when it may not be filled.
 */
export function applyFill(doc: Document, id: string, value: string): string | null {
  const el = declared(doc, id);
  if (!el || !el.hasAttribute('data-rh-fillable') || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || el.disabled) return null;
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  const max = el.maxLength > 0 ? el.maxLength : 500;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, [...value].slice(0, max).join(''));
  el.dispatchEvent(new Event('input', { bubbles: true }));
  return el.getAttribute('data-rh-label') ?? id;
}
