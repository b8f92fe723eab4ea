import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PackageManifest } from '../../../../contract/case.js';
import type { ProxyAuthorisation } from '../../../../contract/proxy-agent.js';
import { proxyCounterView } from './proxy-counter-view.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const document: ProxyAuthorisation = {
  version: 1,
  text: '代办授权书 本人王**委托…',
  serviceCode: 'HT00000001',
  itemName: '社保卡申领',
  villagerMaskedName: '王**',
  agentId: 'ag-0000abcd',
  agentMaskedName: '李*',
  pointId: 'lanli',
  pointName: '兰里村代办点',
  date: '2026-11-23',
  signatureFile: 'signature',
};
const bytes = Buffer.from(JSON.stringify(document));
const manifest = (proxy: PackageManifest['proxy']): PackageManifest => ({
  version: 1,
  trackingCode: 'X',
  serviceCode: 'HT00000001',
  catalogRevision: 1,
  terminalId: 'proxy-1',
  keyId: 'k',
  createdAt: '2026-11-23T08:00:00Z',
  files: [
    { role: 'form', id: 'form', sha256: sha(Buffer.from('f')), mediaType: 'application/json' },
    { role: 'authorisation', id: 'proxy-authorisation', sha256: sha(bytes), mediaType: 'application/json' },
  ],
  electronicLicenses: [],
  ...(proxy ? { proxy } : {}),
});
const proxy = { agentId: 'ag-0000abcd', pointId: 'lanli', authorisation: 'proxy-authorisation' };
/** What the counter downloaded: bytes and whether they hash to the manifest's value. */
const downloaded = (got: Buffer) => (hash: string) => ({ bytes: got, matches: sha(got) === hash });

describe('the counter view of a proxy authorisation', () => {
  it('shows the agent, the point and the text of an intact document', () => {
    expect(proxyCounterView(manifest(proxy), downloaded(bytes))).toEqual({
      agentId: 'ag-0000abcd',
      agentMaskedName: '李*',
      pointId: 'lanli',
      pointName: '兰里村代办点',
      text: document.text,
      date: '2026-11-23',
      readable: true,
    });
  });

  it('is absent for an ordinary kiosk package', () => {
    expect(proxyCounterView(manifest(undefined), downloaded(bytes))).toBeUndefined();
  });

  it('marks a tampered document unreadable and does not show its text', () => {
    const tampered = Buffer.from(JSON.stringify({ ...document, text: '本人同意代办员处理本人全部事务' }));
    expect(proxyCounterView(manifest(proxy), downloaded(tampered))).toMatchObject({ readable: false, text: '' });
  });

  it('marks a document naming another agent than the signed manifest unreadable', () => {
    expect(proxyCounterView(manifest({ ...proxy, agentId: 'ag-99999999' }), downloaded(bytes))).toMatchObject({ readable: false, text: '' });
  });

  it('marks a missing document unreadable', () => {
    expect(proxyCounterView(manifest(proxy), () => undefined)).toMatchObject({ readable: false });
  });
});
