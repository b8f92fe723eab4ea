import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';

/**
 * True when the file, with every symlink resolved, lies inside the folder (also resolved). A name
 * that stays inside the folder can still lead out through a symlink; only the real path decides.
 */
export async function realPathInside(folder: string, file: string): Promise<boolean> {
  const [realFolder, realFile] = await Promise.all([realpath(folder), realpath(file)]).catch(() => [undefined, undefined]);
  return realFolder !== undefined && realFile !== undefined && realFile.startsWith(realFolder + sep);
}
