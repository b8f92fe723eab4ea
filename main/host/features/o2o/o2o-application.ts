// 申办一袋: one package per application — the form, every material and the signature as encrypted
// blobs, a manifest of their sha256 hashes signed by the terminal's key — committed to the outbox in
// one transaction, so a citizen can submit while the platform is down.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { MethodInput } from '../../../../contract/host-api.js';
import {
  ApplicationForm,
  receiptCopyOf,
  type ApplicantIdentity,
  type ManifestEntry,
  type PackageManifest,
  type ReceiptCopy,
} from '../../../../contract/case.js';
import { ON_SCREEN_FORM_MEDIA_TYPE, onScreenFormProblem, type CatalogItem, type Material, type OnScreenFormData } from '../../../../contract/catalog.js';
import { maskAddress, maskIdNumber, maskName } from '../../../../contract/masking.js';
import { TRACKING_MODULUS, TRACKING_DATA_LENGTH, makeTrackingCode } from '../../../../contract/tracking-code.js';
import type { ApplicationStart } from '../../../../contract/api/o2o.js';
import type { ProxyManifestPart } from '../../../../contract/proxy-agent.js';
import type { LiveHelpClerk } from '../../../../contract/live-help.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { HostFault } from '../../dispatch.js';
import type { CitizenSession } from '../session/citizen-session.js';
import { identifyApplicant, type IdentityDeps } from './o2o-identity.js';
import type { HostPlatformClient } from '../../platform-client.js';
import type { TerminalKey } from './o2o-signing.js';
import { type Clock } from '../../../../contract/clock.js';

interface Draft {
  item: CatalogItem;
  /** The card's id number when the draft began: a different card cannot finish someone else's draft. */
  idNumber: string;
  /** What the platform has on file, masked: shown to the citizen, referred to by the form, never held in full. */
  maskedPhoneOnFile: string | null;
  maskedAddressOnFile: string | null;
  identity: ApplicantIdentity;
  /** Each captured material; a form filled on screen also has its rendered PDF (`pdfSha256`). */
  captured: Map<string, { sha256: string; mediaType: string; pdfSha256?: string }>;
  electronic: Set<string>;
}

/** Documents a role adds to the package (a proxy point's signed authorisation), covered by the manifest signature. */
export interface PackageExtra {
  files: { role: 'authorisation'; id: string; mediaType: string; bytes: Uint8Array }[];
  proxy?: ProxyManifestPart;
  /** The hall clerk who helped over remote help, named in the signed manifest. */
  assistedBy?: LiveHelpClerk;
}

export interface SubmittedApplication {
  trackingCode: string;
  submittedAt: string;
  item: CatalogItem;
  materialNames: string[];
  mutationId: number;
  caseId: string;
}

/**
 * How another feature takes part in an application: the extension point the application flow owns.
 * A village proxy point implements it (its agent must be signed in; the villager's signed
 * authorisation joins the package; the agent's ledger learns of the submission).
 */
export interface ApplicationExtension {
  /** Before a draft starts; may refuse (no agent signed in). */
  beforeStart(): Promise<void>;
  draftStarted(start: ApplicationStart): void;
  /** Documents and manifest parts the package gains; may refuse (the villager has not signed). */
  packagePart(draftId: string): Promise<PackageExtra>;
  submitted(draftId: string, submitted: SubmittedApplication): void;
}

export const FORM_PDF_MEDIA_TYPE = 'application/pdf';

const MAGIC: Record<string, number[]> = { 'image/jpeg': [0xff, 0xd8, 0xff], 'image/png': [0x89, 0x50, 0x4e, 0x47] };

function decodeImage(base64: string, mediaType: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  const magic = MAGIC[mediaType];
  if (!magic || !magic.every((byte, i) => bytes[i] === byte))
    throw new HostFault('bad-input', `the image is not a ${mediaType}`, 'application.imageUnreadable');
  return bytes;
}

export class ApplicationDesk {
  private readonly drafts = new Map<string, Draft>();

  constructor(
    private readonly deps: {
      clock: Clock;
      terminalId: string;
      store: OfflineStore;
      session: CitizenSession;
      platform: HostPlatformClient;
      key: () => Promise<TerminalKey>;
      item: (code: string) => Promise<CatalogItem>;
      /** Renders a form filled on screen as the PDF that joins the package beside its data. */
      formPdf: (form: OnScreenFormData, item: CatalogItem, filledAt: string) => Promise<Uint8Array>;
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
      item,
      idNumber: card.idNumber,
      maskedPhoneOnFile: onFile.maskedPhone,
      maskedAddressOnFile: onFile.maskedAddress,
      identity,
      captured: new Map(),
      electronic: new Set(),
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

  /** What a help request sent from this draft refers to: the item and the materials captured so far (their blobs, not copies). */
  helpContext(
    draftId: string,
  ): { serviceCode: string; itemName: string; materials: { materialId: string; name: string; sha256: string; mediaType: string }[] } | undefined {
    const draft = this.drafts.get(draftId);
    if (!draft) return undefined;
    const materials = [...draft.captured].map(([materialId, { sha256, mediaType }]) => ({
      materialId,
      name: draft.item.materials.find((m) => m.id === materialId)?.name ?? materialId,
      sha256,
      mediaType,
    }));
    return { serviceCode: draft.item.code, itemName: draft.item.name, materials };
  }

  private draft(draftId: string): Draft {
    const draft = this.drafts.get(draftId);
    if (!draft) throw new HostFault('not-found', 'this application was ended; start again', 'application.ended');
    return draft;
  }

  /** A material of a draft still open (a phone upload is opened only for the citizen at the terminal now). */
  materialOf(draftId: string, materialId: string): Material {
    const draft = this.draft(draftId);
    const material = draft.item.materials.find((m) => m.id === materialId);
    if (!material) throw new HostFault('bad-input', `"${materialId}" is not a material of ${draft.item.name}`);
    return material;
  }

  async material(input: MethodInput<'application.material'>): Promise<{ materialId: string; sha256?: string }> {
    const draft = this.draft(input.draftId);
    const material = draft.item.materials.find((m) => m.id === input.materialId);
    if (!material) throw new HostFault('bad-input', `"${input.materialId}" is not a material of ${draft.item.name}`);
    // A refused form (or one whose PDF cannot be made) leaves what the material had before.
    let form: { data: OnScreenFormData; pdf: Uint8Array } | undefined;
    if (input.source === 'form') {
      if (!material.onScreenForm)
        throw new HostFault('bad-input', `${material.name} is not filled on screen`, 'application.notOnScreenForm', { material: material.name });
      const problem = onScreenFormProblem(material.onScreenForm.fields, input.values);
      if (problem)
        throw new HostFault('bad-input', `${material.name}: ${problem.field} is ${problem.problem}`, 'application.formFieldProblem', { field: problem.field });
      const data: OnScreenFormData = {
        material: material.name,
        fields: material.onScreenForm.fields.map((field) => ({ id: field.id, label: field.label, value: (input.values[field.id] ?? '').trim() })),
      };
      form = { data, pdf: await this.deps.formPdf(data, draft.item, this.deps.clock.iso()) };
    }
    draft.captured.delete(material.id);
    draft.electronic.delete(material.id);
    if (input.source === 'remove') return { materialId: material.id };
    if (input.source === 'electronic-license') {
      if (!material.electronicLicense)
        throw new HostFault('bad-input', `${material.name} cannot be fetched from the electronic license library`, 'application.notElectronic', {
          material: material.name,
        });
      draft.electronic.add(material.id);
      return { materialId: material.id };
    }
    if (input.source === 'form') {
      // Made and checked above, before anything was removed.
      const { data, pdf } = form!;
      const store = this.deps.store;
      const [sha256, pdfSha256] = await Promise.all([store.putBlob(Buffer.from(JSON.stringify(data))), store.putBlob(pdf)]);
      draft.captured.set(material.id, { sha256, mediaType: ON_SCREEN_FORM_MEDIA_TYPE, pdfSha256 });
      return { materialId: material.id, sha256 };
    }
    const sha256 = await this.deps.store.putBlob(decodeImage(input.imageBase64, input.mediaType));
    draft.captured.set(material.id, { sha256, mediaType: input.mediaType });
    return { materialId: material.id, sha256 };
  }

  async submit(input: MethodInput<'application.submit'>, extra?: PackageExtra): Promise<SubmittedApplication> {
    const draft = this.draft(input.draftId);
    const card = this.deps.session.card()?.reading.card;
    if (!card || card.idNumber !== draft.idNumber)
      throw new HostFault('conflict', 'the ID card of this application is no longer on the reader', 'card.changed');
    const missing = draft.item.materials.filter((m) => m.required && !draft.captured.has(m.id) && !draft.electronic.has(m.id));
    if (missing.length > 0)
      throw new HostFault('bad-input', `still missing: ${missing.map((m) => m.name).join('、')}`, 'application.materialsMissing', {
        materials: missing.map((m) => m.name).join('、'),
      });
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
    if (!form.success)
      throw new HostFault('bad-input', form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 'application.formInvalid');

    const store = this.deps.store;
    const key = await this.deps.key();
    const signature = decodeImage(input.signaturePngBase64, 'image/png');
    const files: ManifestEntry[] = [
      { role: 'form', id: 'form', sha256: await store.putBlob(Buffer.from(JSON.stringify(form.data))), mediaType: 'application/json' },
      // A form filled on screen travels twice under its material id: the data first (what the counter reads), then its PDF.
      ...[...draft.captured].flatMap(([id, { sha256, mediaType, pdfSha256 }]) => [
        { role: 'material' as const, id, sha256, mediaType },
        ...(pdfSha256 ? [{ role: 'material' as const, id, sha256: pdfSha256, mediaType: FORM_PDF_MEDIA_TYPE }] : []),
      ]),
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
      ...(extra?.assistedBy ? { assistedBy: extra.assistedBy } : {}),
      identity: draft.identity,
    };
    const committed = await store.commitMutation({
      kind: 'application',
      payload: { serviceCode: draft.item.code, trackingCode, manifest, signature: key.sign(manifest) },
      personal: form.data,
      blobs: [...new Set(files.map((f) => f.sha256))],
    });
    this.drafts.delete(input.draftId);
    const materialNames = receiptMaterialNames(draft.item.materials, receiptCopyOf(committed.idempotencyKey, draft.item.name, manifest).materials);
    return { trackingCode, submittedAt, item: draft.item, materialNames, mutationId: committed.mutationId, caseId: committed.idempotencyKey };
  }

  cancel(draftId: string): boolean {
    return this.drafts.delete(draftId);
  }
}

/** The materials as a receipt lists them, in the catalog's order: （电子证照） and （现场填写） say how each came. */
export function receiptMaterialNames(catalogMaterials: readonly Material[], materials: ReceiptCopy['materials']): string[] {
  const named = catalogMaterials.flatMap((m) => {
    const source = materials.find((x) => x.id === m.id)?.source;
    if (!source) return [];
    return [source === 'electronic-license' ? `${m.name}（电子证照）` : source === 'form' ? `${m.name}（现场填写）` : m.name];
  });
  // A material the catalog no longer lists still appears, by its id.
  const unnamed = materials.filter((x) => !catalogMaterials.some((m) => m.id === x.id)).map((x) => x.id);
  return [...named, ...unnamed];
}

/** sha256 of bytes, hex (the counter re-hashes what it downloads). */
export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
