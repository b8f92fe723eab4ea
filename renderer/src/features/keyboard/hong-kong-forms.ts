// The pinyin dictionary is simplified Chinese; in the zh-HK UI its candidates are shown as written in
// Hong Kong (opencc's cn → hk, generated into data/pinyin-dict-hk.json).

/** simplified text → Hong Kong form: the word's own form where one is listed, else character by character. */
export function createHongKongForms(forms: string): (text: string) => string {
  const map = new Map<string, string>();
  for (const line of forms.split('\n')) {
    const [simplified, traditional] = line.split('\t');
    if (simplified && traditional) map.set(simplified, traditional);
  }
  return (text) => map.get(text) ?? [...text].map((char) => map.get(char) ?? char).join('');
}

/** Candidates in another script, the first of any that become the same text kept. */
export function convertCandidates<T extends { text: string }>(candidates: readonly T[], convert: (text: string) => string): T[] {
  const seen = new Set<string>();
  return candidates
    .map((candidate) => ({ ...candidate, text: convert(candidate.text) }))
    .filter((candidate) => !seen.has(candidate.text) && (seen.add(candidate.text), true));
}
