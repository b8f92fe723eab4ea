import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `root` that contains one of `needles` in plain UTF-8, with the needle found. */
export function findPlainText(root: string, needles: string[]): { file: string; needle: string }[] {
  const encoded = needles.map((needle) => ({ needle, bytes: Buffer.from(needle, 'utf8') }));
  const hits: { file: string; needle: string }[] = [];
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
  for (const file of files) {
    const content = readFileSync(file);
    for (const { needle, bytes } of encoded) if (content.includes(bytes)) hits.push({ file, needle });
  }
  return hits;
}
