import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { RELEASE_PUBLIC_KEYS, signatureFileOf, verifyFeed } from './release-signature.js';

/** The parts of electron-builder's latest*.yml the terminal acts on. */
export const ReleaseInfo = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  path: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a plain file name'),
  sha512: z.string().min(40),
  releaseDate: z.string().optional(),
  stagingPercentage: z.number().min(0).max(100).optional(),
});
export type ReleaseInfo = z.infer<typeof ReleaseInfo>;

/**
 * The release on offer at a feed, or null when the feed has none. Network errors throw; a feed file
 * that is unsigned, or whose signature is not by a built-in release key, throws UpdateSignatureError.
 */
export async function fetchLatestRelease(
  feedUrl: string,
  channelFile: string,
  trustedKeys: Readonly<Record<string, string>> = RELEASE_PUBLIC_KEYS,
): Promise<ReleaseInfo | null> {
  const response = await fetch(new URL(channelFile, feedUrl), { signal: AbortSignal.timeout(15_000) });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`update feed answered HTTP ${response.status}`);
  const feedBytes = Buffer.from(await response.arrayBuffer());
  const signatureResponse = await fetch(new URL(signatureFileOf(channelFile), feedUrl), { signal: AbortSignal.timeout(15_000) });
  if (!signatureResponse.ok && signatureResponse.status !== 404) throw new Error(`update feed signature answered HTTP ${signatureResponse.status}`);
  verifyFeed(feedBytes, signatureResponse.ok ? await signatureResponse.text() : undefined, trustedKeys);
  return ReleaseInfo.parse(load(feedBytes.toString('utf8')));
}

/** major.minor.patch comparison; a pre-release tag never outranks its release. */
export function isNewer(candidate: string, current: string): boolean {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { nums: (core ?? '').split('.').map((n) => Number(n) || 0), pre: pre ?? null };
  };
  const a = parse(candidate);
  const b = parse(current);
  for (let i = 0; i < 3; i += 1) if ((a.nums[i] ?? 0) !== (b.nums[i] ?? 0)) return (a.nums[i] ?? 0) > (b.nums[i] ?? 0);
  return a.pre === null && b.pre !== null;
}

/** A terminal's stable place (0–99) in a staged rollout of one version. */
export function rolloutBucket(terminalId: string, version: string): number {
  return createHash('sha256').update(`${terminalId}\n${version}`).digest().readUInt32BE(0) % 100;
}

export function inRollout(release: ReleaseInfo, terminalId: string): boolean {
  return release.stagingPercentage === undefined || rolloutBucket(terminalId, release.version) < release.stagingPercentage;
}

/** Downloads a release file, resuming a partial one with a Range request, and checks its sha512. */
export async function downloadRelease(feedUrl: string, release: ReleaseInfo, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, release.path);
  const have = (await stat(target).catch(() => undefined))?.size ?? 0;
  const response = await fetch(new URL(release.path, feedUrl), { headers: have ? { range: `bytes=${have}-` } : {}, signal: AbortSignal.timeout(10 * 60_000) });
  if (response.status !== 200 && response.status !== 206 && response.status !== 416) throw new Error(`download answered HTTP ${response.status}`);
  if (response.status !== 416 && response.body) {
    const out = createWriteStream(target, { flags: response.status === 206 ? 'a' : 'w' });
    for await (const chunk of response.body) out.write(chunk);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  const digest = createHash('sha512')
    .update(await readFile(target))
    .digest('base64');
  if (digest !== release.sha512) throw new Error(`downloaded ${release.path} does not match its sha512`);
  return target;
}
