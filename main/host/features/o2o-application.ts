// 申办一袋: one package per application — the form, every material and the signature as encrypted
// blobs, a manifest of their sha256 hashes signed by the terminal's key — committed to the outbox in
// one transaction, so a citizen can submit while the platform is down.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { MethodInput } from '../../../contract/host-api.js';
import { ApplicationForm, type ApplicantIdentity, type ManifestEntry, type PackageManifest } from '../../../contract/case.js';
import type { CatalogItem } from '../../../contract/catalog.js';
import { maskAddress, maskIdNumber, maskName } from '../../../contract/masking.js';
import { TRACKING_MODULUS, TRACKING_DATA_LENGTH, makeTrackingCode } from '../../../contract/tracking-code.js';
import type { ApplicationStart } from '../../../contract/api/o2o.js';
import type { ProxyManifestPart } from '../../../contract/proxy-agent.js';
import type { OfflineStore } from '../../../offline-store/index.js';
import { HostFault } from '../dispatch.js';
import type { CitizenSession } from './citizen-session.js';
import { identifyApplicant, type IdentityDeps } from './o2o-identity.js';
import type { O2oPlatformClient } from './o2o-platform-client.js';
import type { TerminalKey } from './o2o-signing.js';
import { type Clock } from '../../../contract/clock.js';

interface Draft {
  item: CatalogItem;
  /** The card's id number when the draft began: a different card cannot finish someone else's draft. */
  idNumber: string;
  /** What the platform has on file, masked: shown to the citizen, referred to by the form, never held in full. */
  maskedPhoneOnFile: string | null;
  maskedAddressOnFile: string | null;
  identity: ApplicantIdentity;
  captured: Map<string, { sha256: string; mediaType: string }>;
  electronic: Set<string>;
}

/** Documents a role adds to the package (a proxy point's signed authorisation), covered by the manifest signature. */
export interface PackageExtra {
  files: { role: 'authorisation'; id: string; mediaType: string; bytes: Uint8Array }[];
  proxy?: ProxyManifestPart;
}

export interface SubmittedApplication {
  trackingCode: string;
  submittedAt: string;
  item: CatalogItem;
  materialNames: string[];
  mutationId: number;
  caseId: string;
}

const MAGIC: Record<string, number[]> = { 'image/jpeg': [0xff, 0xd8, 0xff], 'image/png': [0x89, 0x50, 0x4e, 0x47] };


function decodeImage(base64: string, mediaType: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  const magic = MAGIC[mediaType];
  if (!magic || !magic.every((byte, i) => bytes[i] === byte)) throw new HostFault('bad-input', `the image is not a ${mediaType}`, 'application.imageUnreadable');
  return bytes;
}

export class ApplicationDesk {
  private readonly drafts = new Map<string, Draft>();

  constructor(
    private readonly deps: {
      clock: Clock;
      terminalId: string;
      store: () => OfflineStore;
      session: CitizenSession;
      platform: O2oPlatformClient;
      key: () => Promise<TerminalKey>;
      item: (code: string) => Promise<CatalogItem>;
      identity: Omit<IdentityDeps, 'platform'>;
    },
  ) {}

  /** Every draft holds personal data: gone when the citizen's session ends. */
  wipe(): void {
    this.drafts.clear();
  }

  async start(serviceCode: string, personalCode?: string): Promise<ApplicationStart> {
    const card = this.deps.session.card()?.reading.card;
    if (!card) throw new HostFault('conflict', 'place your ID card on the reader first', 'card.placeFirst');
    const item = await this.deps.item(serviceCode);
    const identity = await identifyApplicant({ ...this.deps.identity, platform: this.deps.platform }, item, card, personalCode);
    let onFile: { maskedPhone: string | null; maskedAddress: string | null } = { maskedPhone: null, maskedAddress: null };
    let platformConsulted = false;
    try {
      const reply = await this.deps.platform.request('citizenLookup', { body: { idNumber: card.idNumber } });
      if (reply.status === 200) {
        onFile = reply.body as typeof onFile;
        platformConsulted = true;
      }
    } catch {
      // Offline: the form is prefilled from the card alone.
    }
    const draftId = randomUUID();
    this.drafts.set(draftId, {
      item, idNumber: card.idNumber, maskedPhoneOnFile: onFile.maskedPhone, maskedAddressOnFile: onFile.maskedAddress, identity, captured: new Map(), electronic: new Set(),
    });
    return {
      draftId,
      item,
      holder: { maskedName: maskName(card.name), maskedIdNumber: maskIdNumber(card.idNumber), gender: card.gender },
      cardAddress: card.address ? maskAddress(card.address) : onFile.maskedAddress,
      knownPhone: onFile.maskedPhone,
      platformConsulted,
      identifiedBy: identity.method,
    };
  }

  private draft(draftId: string): Draft {
    const draft = this.drafts.get(draftId);
    if (!draft) throw new HostFault('not-found', 'this application was ended; start again', 'application.ended');
    return draft;
  }

  async material(input: MethodInput<'application.material'>): Promise<{ materialId: string; sha256?: string }> {
    const draft = this.draft(input.draftId);
    const material = draft.item.materials.find((m) => m.id === input.materialId);
    if (!material) throw new HostFault('bad-input', `"${input.materialId}" is not a material of ${draft.item.name}`);
    draft.captured.delete(material.id);
    draft.electronic.delete(material.id);
    if (input.source === 'remove') return { materialId: material.id };
    if (input.source === 'electronic-license') {
      if (!material.electronicLicense) throw new HostFault('bad-input', `${material.name} cannot be fetched from the electronic license library`, 'application.notElectronic', { material: material.name });
      draft.electronic.add(material.id);
      return { materialId: material.id };
    }
    const sha256 = await this.deps.store().putBlob(decodeImage(input.imageBase64, input.mediaType));
    draft.captured.set(material.id, { sha256, mediaType: input.mediaType });
    return { materialId: material.id, sha256 };
  }

  async submit(input: MethodInput<'application.submit'>, extra?: PackageExtra): Promise<SubmittedApplication> {
    const draft = this.draft(input.draftId);
    const card = this.deps.session.card()?.reading.card;
    if (!card || card.idNumber !== draft.idNumber) throw new HostFault('conflict', 'the ID card of this application is no longer on the reader', 'card.changed');
    const missing = draft.item.materials.filter((m) => m.required && !draft.captured.has(m.id) && !draft.electronic.has(m.id));
    if (missing.length > 0) throw new HostFault('bad-input', `still missing: ${missing.map((m) => m.name).join('、')}`, 'application.materialsMissing', { materials: missing.map((m) => m.name).join('、') });
    const phoneOnFile = Boolean(input.useKnownPhone && draft.maskedPhoneOnFile);
    const address = input.address?.trim() || card.address;
    const addressOnFile = !address && draft.maskedAddressOnFile !== null;
    const form = ApplicationForm.safeParse({
      name: card.name,
      idNumber: card.idNumber,
      gender: card.gender,
      ...(phoneOnFile ? {} : { phone: input.phone?.trim() ?? '' }),
      ...(address ? { address } : {}),
      ...(phoneOnFile || addressOnFile ? { contactOnFile: { phone: phoneOnFile, address: addressOnFile } } : {}),
    });
    if (!form.success) throw new HostFault('bad-input', form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 'application.formInvalid');

    const store = this.deps.store();
    const key = await this.deps.key();
    const signature = decodeImage(input.signaturePngBase64, 'image/png');
    const files: ManifestEntry[] = [
      { role: 'form', id: 'form', sha256: await store.putBlob(Buffer.from(JSON.stringify(form.data))), mediaType: 'application/json' },
      ...[...draft.captured].map(([id, { sha256, mediaType }]) => ({ role: 'material' as const, id, sha256, mediaType })),
      { role: 'signature', id: 'signature', sha256: await store.putBlob(signature), mediaType: 'image/png' },
      ...(await Promise.all((extra?.files ?? []).map(async (f) => ({ role: f.role, id: f.id, sha256: await store.putBlob(f.bytes), mediaType: f.mediaType })))),
    ];
    const trackingCode = makeTrackingCode(Array.from({ length: TRACKING_DATA_LENGTH }, () => randomInt(TRACKING_MODULUS)));
    const submittedAt = this.deps.clock.iso();
    const manifest: PackageManifest = {
      version: 1,
      trackingCode,
      serviceCode: draft.item.code,
      catalogRevision: draft.item.revision,
      terminalId: this.deps.terminalId,
      keyId: key.keyId,
      createdAt: submittedAt,
      files,
      electronicLicenses: [...draft.electronic],
      ...(extra?.proxy ? { proxy: extra.proxy } : {}),
      identity: draft.identity,
    };
    const committed = await store.commitMutation({
      kind: 'application',
      payload: { serviceCode: draft.item.code, trackingCode, manifest, signature: key.sign(manifest) },
      personal: form.data,
      blobs: [...new Set(files.map((f) => f.sha256))],
    });
    this.drafts.delete(input.draftId);
    const materialNames = draft.item.materials
      .filter((m) => draft.captured.has(m.id) || draft.electronic.has(m.id))
      .map((m) => (draft.electronic.has(m.id) ? `${m.name}（电子证照）` : m.name));
    return { trackingCode, submittedAt, item: draft.item, materialNames, mutationId: committed.mutationId, caseId: committed.idempotencyKey };
  }

  cancel(draftId: string): boolean {
    return this.drafts.delete(draftId);
  }
}

/** sha256 of bytes, hex (the counter re-hashes what it downloads). */
export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
