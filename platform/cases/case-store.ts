// Cases on the platform: built from `application` mutations, moved by `status-event` decisions, and
// read back as timelines (anyone with the code) or packages (counter terminals only).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { CATALOG_DATASET, CatalogItem } from '../../contract/catalog.js';
import {
  ApplicationForm, ApplicationPayload, CaseDecision, STATES_NEEDING_REASON, TerminalKeyPayload, canTransition, canonicalJson,
  type CaseEvent, type CasePackage, type CaseState, type CaseTimeline,
} from '../../contract/case.js';
import type { Clock } from '../../contract/clock.js';
import type { MutationEnvelope } from '../../contract/sync-protocol.js';
import type { PlatformStore } from '../platform-store.js';
import { decodeBase64Strict, ED25519_SIGNATURE_BYTES } from '../../contract/base64.js';
import { maskAddress, maskPhone } from '../../contract/masking.js';

interface CaseRow {
  case_id: string;
  tracking_code: string;
  service_code: string;
  item_name: string;
  state: CaseState;
  terminal_id: string;
  manifest_json: string;
  signature: string;
  form_json: string;
  blobs_json: string;
}

/** The key id a terminal's public key is known by: the first 32 hex digits of sha256 over its DER. */
export const keyIdOf = (publicKeyDerBase64: string) => createHash('sha256').update(Buffer.from(publicKeyDerBase64, 'base64')).digest('hex').slice(0, 32);


export class CaseStore {
  constructor(
    private readonly store: PlatformStore,
    /** Each terminal's role and hall as bound at enrolment (never what a terminal says of itself). */
    private readonly enrolled: (terminalId: string) => { role: string; hallId: string } | undefined,
    readonly clock: Clock,
  ) {}

  private get db() {
    return this.store.db;
  }

  /** Keyed: a stolen database cannot be searched by trying ID numbers. */
  private idHash(idNumber: string): string {
    return this.store.sealer.keyedHash('citizen', idNumber.trim().toUpperCase());
  }

  /**
   * Applies a case-related mutation inside the push transaction; returns a business reason to reject
   * it (the terminal parks it) or null. Other kinds are not its business and pass.
   */
  apply(mutation: MutationEnvelope, terminalId: string): string | null {
    if (mutation.kind === 'terminal-key') return this.registerKey(mutation, terminalId);
    if (mutation.kind === 'application') return this.openCase(mutation, terminalId);
    if (mutation.kind === 'status-event' && mutation.payload.subject === 'case') return this.decide(mutation, terminalId);
    return null;
  }

  private registerKey(mutation: MutationEnvelope, terminalId: string): string | null {
    const parsed = TerminalKeyPayload.safeParse(mutation.payload);
    if (!parsed.success) return 'malformed terminal key';
    // The payload's role is ignored: the key is recorded under the role the terminal was enrolled with.
    const { keyId, publicKey } = parsed.data;
    const role = this.enrolled(terminalId)?.role;
    if (!role) return 'unknown terminal';
    if (keyIdOf(publicKey) !== keyId) return 'key id does not match the public key';
    try {
      const der = decodeBase64Strict(publicKey);
      if (!der) return 'unreadable public key';
      if (createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).asymmetricKeyType !== 'ed25519') return 'not an Ed25519 key';
    } catch {
      return 'unreadable public key';
    }
    const owner = this.db.prepare('SELECT terminal_id FROM terminal_keys WHERE key_id = ?').get(keyId) as { terminal_id: string } | undefined;
    if (owner && owner.terminal_id !== terminalId) return 'key belongs to another terminal';
    this.db
      .prepare('INSERT INTO terminal_keys (key_id, terminal_id, public_key, role, registered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key_id) DO UPDATE SET role = excluded.role')
      .run(keyId, terminalId, publicKey, role, this.clock.iso());
    return null;
  }

  private openCase(mutation: MutationEnvelope, terminalId: string): string | null {
    // Applications from other flows (no signed package) are not cases; the default rules judge them.
    if (!('manifest' in mutation.payload)) return null;
    const payload = ApplicationPayload.safeParse(mutation.payload);
    if (!payload.success) return 'malformed application package';
    const form = ApplicationForm.safeParse(mutation.personal ?? {});
    if (!form.success) return 'application form is incomplete';
    const { manifest, signature, serviceCode, trackingCode } = payload.data;
    if (manifest.serviceCode !== serviceCode || manifest.trackingCode !== trackingCode || manifest.terminalId !== terminalId) return 'manifest does not match the application';
    const key = this.db.prepare('SELECT public_key FROM terminal_keys WHERE key_id = ? AND terminal_id = ?').get(manifest.keyId, terminalId) as { public_key: string } | undefined;
    if (!key) return 'the signing key is not registered for this terminal';
    const publicKey = createPublicKey({ key: Buffer.from(key.public_key, 'base64'), format: 'der', type: 'spki' });
    // Strictly decoded: trailing junk or a non-canonical spelling is not the same signature.
    const signatureBytes = decodeBase64Strict(signature);
    if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES) return 'manifest signature is malformed';
    if (!verify(null, Buffer.from(canonicalJson(manifest)), publicKey, signatureBytes)) return 'manifest signature does not verify';
    const listed = new Set(manifest.files.map((file) => file.sha256));
    if (listed.size !== new Set(mutation.blobs).size || !mutation.blobs.every((sha) => listed.has(sha))) return 'manifest and uploaded files differ';
    const item = this.db.prepare('SELECT value_json FROM dataset_items WHERE dataset = ? AND key = ? AND deleted = 0').get(CATALOG_DATASET, serviceCode) as { value_json: string } | undefined;
    if (!item) return 'service is not in the catalog';
    const itemName = (JSON.parse(item.value_json) as { name?: string }).name ?? serviceCode;
    const caseId = mutation.idempotencyKey;
    const hallId = this.enrolled(terminalId)?.hallId ?? 'unknown';
    const resolved = this.withContactOnFile(form.data, hallId);
    this.db
      .prepare(
        `INSERT INTO cases (case_id, tracking_code, service_code, item_name, state, terminal_id, manifest_json, signature, form_json, blobs_json, created_at)
         VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?)`,
      )
      .run(caseId, trackingCode, serviceCode, itemName, terminalId, JSON.stringify(manifest), signature, this.store.sealer.seal(JSON.stringify(resolved)), JSON.stringify(mutation.blobs), manifest.createdAt);
    this.addEvent(caseId, { state: 'submitted', at: manifest.createdAt, by: terminalId });
    this.db
      .prepare(
        `INSERT INTO citizen_profiles (id_hash, hall_id, phone, address, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id_hash, hall_id) DO UPDATE SET phone = COALESCE(excluded.phone, citizen_profiles.phone), address = COALESCE(excluded.address, citizen_profiles.address), updated_at = excluded.updated_at`,
      )
      .run(this.idHash(form.data.idNumber), hallId, this.store.sealer.seal0(resolved.phone), this.store.sealer.seal0(resolved.address), this.clock.iso());
    return null;
  }

  /** The form as the clerk needs it: details the citizen kept "as on file" filled in from this hall's profile. */
  private withContactOnFile(form: ApplicationForm, hallId: string): ApplicationForm {
    if (!form.contactOnFile) return form;
    const onFile = this.profile(form.idNumber, hallId);
    return {
      ...form,
      ...(form.contactOnFile.phone && !form.phone && onFile.phone ? { phone: onFile.phone } : {}),
      ...(form.contactOnFile.address && !form.address && onFile.address ? { address: onFile.address } : {}),
    };
  }

  private decide(mutation: MutationEnvelope, terminalId: string): string | null {
    const decision = CaseDecision.safeParse(mutation.payload);
    if (!decision.success) return 'malformed case decision';
    if (this.terminalRole(terminalId) !== 'counter') return 'only counter terminals decide on cases';
    return this.transition(decision.data.caseId, decision.data.to, terminalId, decision.data.at, decision.data.reason);
  }

  /** Moves a case, or says why it cannot move (unknown case, illegal transition, missing reason). */
  transition(caseId: string, to: CaseState, by: string, at: string, reason?: string): string | null {
    const row = this.db.prepare('SELECT state FROM cases WHERE case_id = ?').get(caseId) as { state: CaseState } | undefined;
    if (!row) return 'unknown case';
    if (!canTransition(row.state, to)) return `illegal transition from ${row.state} to ${to}`;
    if (STATES_NEEDING_REASON.includes(to) && !reason?.trim()) return `a reason is required for ${to}`;
    this.db.prepare('UPDATE cases SET state = ? WHERE case_id = ?').run(to, caseId);
    this.addEvent(caseId, { state: to, at, by, ...(reason ? { reason } : {}) });
    return null;
  }

  private addEvent(caseId: string, event: CaseEvent): void {
    this.db.prepare('INSERT INTO case_events (case_id, state, at, by, reason) VALUES (?, ?, ?, ?, ?)').run(caseId, event.state, event.at, event.by, event.reason ?? null);
  }

  private rows(trackingCode: string): CaseRow[] {
    return this.db.prepare('SELECT * FROM cases WHERE tracking_code = ? ORDER BY created_at DESC').all(trackingCode) as CaseRow[];
  }

  private timelineOf(row: CaseRow): CaseTimeline {
    const events = (this.db.prepare('SELECT state, at, by, reason FROM case_events WHERE case_id = ? ORDER BY seq').all(row.case_id) as (CaseEvent & { reason: string | null })[]).map(
      ({ reason, ...event }) => (reason ? { ...event, reason } : event),
    );
    return { caseId: row.case_id, trackingCode: row.tracking_code, serviceCode: row.service_code, itemName: row.item_name, state: row.state, events };
  }

  /** Every case under a code (codes are random; two cases sharing one are both shown, never merged). */
  timelines(trackingCode: string): CaseTimeline[] {
    return this.rows(trackingCode).map((row) => this.timelineOf(row));
  }

  /** Cases submitted by terminals of this hall: a counter opens only its own hall's packages. */
  private hallRows(trackingCode: string, hallId: string): CaseRow[] {
    return this.rows(trackingCode).filter((row) => this.enrolled(row.terminal_id)?.hallId === hallId);
  }

  packages(trackingCode: string, hallId: string): CasePackage[] {
    return this.hallRows(trackingCode, hallId).map((row) => {
      const manifest = JSON.parse(row.manifest_json) as CasePackage['manifest'];
      const key = this.db.prepare('SELECT public_key FROM terminal_keys WHERE key_id = ?').get(manifest.keyId) as { public_key: string } | undefined;
      return {
        timeline: this.timelineOf(row),
        submittingTerminal: row.terminal_id,
        manifest,
        signature: row.signature,
        publicKey: key?.public_key ?? null,
        form: JSON.parse(this.store.sealer.open(row.form_json)) as CasePackage['form'],
      };
    });
  }

  /** True when the blob belongs to a case under this code (the counter may fetch only those). */
  caseHasBlob(trackingCode: string, sha256: string, hallId: string): boolean {
    return this.hallRows(trackingCode, hallId).some((row) => (JSON.parse(row.blobs_json) as string[]).includes(sha256));
  }

  /** The role the terminal was enrolled with: only counters decide on cases. */
  terminalRole(terminalId: string): string | null {
    return this.enrolled(terminalId)?.role ?? null;
  }

  catalogItem(code: string): CatalogItem | undefined {
    const row = this.db.prepare('SELECT value_json FROM dataset_items WHERE dataset = ? AND key = ? AND deleted = 0').get(CATALOG_DATASET, code) as { value_json: string } | undefined;
    const parsed = row ? CatalogItem.safeParse(JSON.parse(row.value_json)) : undefined;
    return parsed?.success ? parsed.data : undefined;
  }

  private profile(idNumber: string, hallId: string): { phone: string | null; address: string | null } {
    const row = this.db.prepare('SELECT phone, address FROM citizen_profiles WHERE id_hash = ? AND hall_id = ?').get(this.idHash(idNumber), hallId) as { phone: string | null; address: string | null } | undefined;
    return row ? { phone: this.store.sealer.open0(row.phone), address: this.store.sealer.open0(row.address) } : { phone: null, address: null };
  }

  /**
   * What earlier cases in this hall told of the person (another hall's cases stay there), masked: the
   * terminal shows it to the card holder, and an application refers to it instead of carrying it.
   */
  citizen(idNumber: string, hallId: string): { maskedPhone: string | null; maskedAddress: string | null } {
    const { phone, address } = this.profile(idNumber, hallId);
    return { maskedPhone: phone ? maskPhone(phone) : null, maskedAddress: address ? maskAddress(address) : null };
  }
}
