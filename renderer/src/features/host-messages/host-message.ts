// Says a host's answer in the reader's language: an error by its key (or its code), a print outcome
// by the printer's condition. The host's English `message` is never shown.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { HOST_MESSAGE_KEYS, HOST_MESSAGE_PARAM_KEYS, type HostMessage } from '../../../../contract/host-messages.js';
import { PRINTER_CONDITIONS, type PrinterCondition } from '../../../../contract/printing.js';
import { HOST_ERROR_CODES, type HostError } from '../../../../contract/result.js';

export function hostMessageSentence(t: TFunction, message: HostMessage): string {
  const params: Record<string, string | number> = { ...message.params };
  for (const [name, prefix] of Object.entries(HOST_MESSAGE_PARAM_KEYS[message.key] ?? {})) {
    // The parameter is a code with a sentence of its own (a case state…), under the contract's prefix.
    if (params[name] !== undefined) params[name] = t(prefix + String(params[name]));
  }
  return t(`hostMessages.${message.key}`, params);
}

export function hostErrorSentence(t: TFunction, error: HostError): string {
  return error.detail ? hostMessageSentence(t, error.detail) : t(`hostMessages.code.${error.code}`);
}

/** Why a print did not come out: the printer's condition, or what else happened to the job. */
export interface PrintOutcome {
  outcome: string;
  condition?: PrinterCondition | undefined;
}
export function printOutcomeSentence(t: TFunction, print: PrintOutcome): string {
  if (print.outcome === 'no-printer') return t('hostMessages.printerCondition.none');
  if (print.outcome === 'cancelled') return t('hostMessages.printerCondition.cancelled');
  // No condition: the job failed before any printer was asked (a guide that could not be laid out…).
  return print.condition ? t(`hostMessages.printerCondition.${print.condition}`) : t('hostMessages.printerCondition.notPrinted');
}

/** Every key the host can make the screen say: each must have a sentence in every language. */
export const HOST_SENTENCE_KEYS: readonly string[] = [
  ...HOST_MESSAGE_KEYS.map((key) => `hostMessages.${key}`),
  ...HOST_ERROR_CODES.map((code) => `hostMessages.code.${code}`),
  ...[...PRINTER_CONDITIONS, 'none', 'cancelled', 'notPrinted'].map((condition) => `hostMessages.printerCondition.${condition}`),
];

/** Keys the host can send for which a bundle has no sentence (the locale test lists them). */
export function missingHostSentences(bundle: unknown, keys: readonly string[] = HOST_SENTENCE_KEYS): string[] {
  const lookup = (key: string) =>
    key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), bundle);
  return keys.filter((key) => {
    const sentence = lookup(key);
    return typeof sentence !== 'string' || sentence.trim() === '';
  });
}

export function useHostMessages() {
  const { t } = useTranslation();
  return useMemo(() => ({ error: (error: HostError) => hostErrorSentence(t, error), print: (print: PrintOutcome) => printOutcomeSentence(t, print) }), [t]);
}
