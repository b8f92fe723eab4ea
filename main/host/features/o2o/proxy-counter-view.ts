// What the counter's 一窗受理 shows of a proxy application: the agent, the point and the signed
// 代办授权书 as it came in the package. Its bytes are hash-checked with every other file, and the
// manifest naming it is covered by the terminal's signature; a document that does not read back, or
// that names another agent than the manifest, shows as unreadable.
import type { CounterPackage } from '../../../../contract/api/o2o.js';
import type { PackageManifest } from '../../../../contract/case.js';
import { ProxyAuthorisation } from '../../../../contract/proxy-agent.js';

export function proxyCounterView(
  manifest: PackageManifest,
  bytesOf: (sha256: string) => { bytes: Buffer | null; matches: boolean } | undefined,
): CounterPackage['proxy'] {
  const proxy = manifest.proxy;
  if (!proxy) return undefined;
  const file = manifest.files.find((f) => f.role === 'authorisation' && f.id === proxy.authorisation);
  const fetched = file ? bytesOf(file.sha256) : undefined;
  let document: ProxyAuthorisation | undefined;
  try {
    const parsed = ProxyAuthorisation.safeParse(fetched?.bytes ? JSON.parse(fetched.bytes.toString('utf8')) : undefined);
    if (parsed.success) document = parsed.data;
  } catch {
    // Not JSON: shown as unreadable below.
  }
  const readable =
    document !== undefined &&
    fetched?.matches === true &&
    document.agentId === proxy.agentId &&
    document.pointId === proxy.pointId &&
    document.serviceCode === manifest.serviceCode;
  return {
    agentId: proxy.agentId,
    agentMaskedName: document?.agentMaskedName ?? '',
    pointId: proxy.pointId,
    pointName: document?.pointName ?? '',
    text: readable ? document!.text : '',
    date: document?.date ?? '',
    readable,
  };
}
