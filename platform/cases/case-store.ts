// Cases on the platform: built from `application` mutations, moved by `status-event` decisions, and
// read back as timelines (anyone with the code) or packages (counter terminals only).
import { createPublicKey, verify } from 'node:crypto';
import { CATALOG_DATASET, CatalogItem } from '../../contract/catalog.js';
import {
  ApplicationForm,
  ApplicationPayload,
  CaseDecision,
  CaseWithdrawal,
  DEFAULT_WITHDRAW_WINDOW_MINUTES,
  STATES_NEEDING_REASON,
  withinWithdrawWindow,
  TerminalKeyPayload,
  canTransition,
  canonicalJson,
  receiptCopyOf,
  type CaseEvent,
  type CasePackage,
  type CaseState,
  type CaseTimeline,
  type PackageManifest,
  type ReceiptCopy,
} from '../../contract/case.js';
import type { Clock } from '../../contract/clock.js';
import type { MutationEnvelope } from '../../contract/sync-protocol.js';
import type { PlatformStore } from '../platform-store.js';
import { sha256Hex } from '../digest.js';
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
export const keyIdOf = (publicKeyDerBase64: string) => sha256Hex(Buffer.from(publicKeyDerBase64, 'base64')).slice(0, 32);

export class CaseStore {
  constructor(
    private readonly store: PlatformStore,
    /** Each terminal's role and hall as bound at enrolment (never what a terminal says of itself). */
    private readonly enrolled: (terminalId: string) => Promise<{ role: string; hallId: string } | undefined>,
    readonly clock: Clock,
    private readonly withdrawWindowMinutes = DEFAULT_WITHDRAW_WINDOW_MINUTES,
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
  async apply(mutation: MutationEnvelope, terminalId: string): Promise<string | null> {
    if (mutation.kind === 'terminal-key') return this.registerKey(mutation, terminalId);
    if (mutation.kind === 'application') return this.openCase(mutation, terminalId);
    if (mutation.kind === 'status-event' && mutation.payload.subject === 'case') return this.decide(mutation, terminalId);
    if (mutation.kind === 'status-event' && mutation.payload.subject === 'case-withdrawal') return this.withdraw(mutation, terminalId);
    return null;
  }

  /**
   * The applicant withdraws a case: asked within the window (by the terminal's clock when it was
   * asked, so it works offline) and only while no clerk has accepted it. The applicant proves it is
   * theirs with the ID number of the card on the reader, compared with the sealed form's.
   */
  private async withdraw(mutation: MutationEnvelope, terminalId: string): Promise<string | null> {
    const request = CaseWithdrawal.safeParse(mutation.payload);
    if (!request.success) return 'malformed withdrawal';
    const role = await this.terminalRole(terminalId);
    if (role !== 'kiosk' && role !== 'proxy-point' && role !== 'counter') return 'a withdrawal is asked at a terminal that serves citizens';
    const { caseId, trackingCode, at } = request.data;
    const idNumber = (mutation.personal as { idNumber?: unknown } | undefined)?.idNumber;
    if (typeof idNumber !== 'string') return "a withdrawal needs the applicant's card";
    return this.db.transaction(async () => {
      const row = await this.db.one<{ state: CaseState; tracking_code: string; created_at: string; form_json: string }>(
        'SELECT state, tracking_code, created_at, form_json FROM cases WHERE case_id = $1 FOR UPDATE',
        [caseId],
      );
      if (!row || row.tracking_code !== trackingCode) return 'unknown case';
      const form = JSON.parse(this.store.sealer.open(row.form_json)) as { idNumber?: string };
      if (!form.idNumber || this.idHash(form.idNumber) !== this.idHash(idNumber)) return 'only the applicant may withdraw a case';
      if (row.state === 'withdrawn') return null;
      if (row.state !== 'submitted') return `withdrawal too late: the case is already ${row.state}`;
      if (!withinWithdrawWindow(row.created_at, at, this.withdrawWindowMinutes))
        return `withdrawal too late: more than ${this.withdrawWindowMinutes} minutes after submitting`;
      return this.transitionLocked(caseId, 'withdrawn', terminalId, at, '申请人撤回');
    });
  }

  private async registerKey(mutation: MutationEnvelope, terminalId: string): Promise<string | null> {
    const parsed = TerminalKeyPayload.safeParse(mutation.payload);
    if (!parsed.success) return 'malformed terminal key';
    // The payload's role is ignored: the key is recorded under the role the terminal was enrolled with.
    const { keyId, publicKey } = parsed.data;
    const role = (await this.enrolled(terminalId))?.role;
    if (!role) return 'unknown terminal';
    if (keyIdOf(publicKey) !== keyId) return 'key id does not match the public key';
    try {
      const der = decodeBase64Strict(publicKey);
      if (!der) return 'unreadable public key';
      if (createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).asymmetricKeyType !== 'ed25519') return 'not an Ed25519 key';
    } catch {
      return 'unreadable public key';
    }
    const owner = await this.db.one<{ terminal_id: string }>('SELECT terminal_id FROM terminal_keys WHERE key_id = $1', [keyId]);
    if (owner && owner.terminal_id !== terminalId) return 'key belongs to another terminal';
    await this.db.run(
      'INSERT INTO terminal_keys (key_id, terminal_id, public_key, role, registered_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_id) DO UPDATE SET role = excluded.role',
      [keyId, terminalId, publicKey, role, this.clock.iso()],
    );
    return null;
  }

  private async openCase(mutation: MutationEnvelope, terminalId: string): Promise<string | null> {
    // Applications from other flows (no signed package) are not cases; the default rules judge them.
    if (!('manifest' in mutation.payload)) return null;
    const payload = ApplicationPayload.safeParse(mutation.payload);
    if (!payload.success) return 'malformed application package';
    const form = ApplicationForm.safeParse(mutation.personal ?? {});
    if (!form.success) return 'application form is incomplete';
    const { manifest, signature, serviceCode, trackingCode } = payload.data;
    if (manifest.serviceCode !== serviceCode || manifest.trackingCode !== trackingCode || manifest.terminalId !== terminalId)
      return 'manifest does not match the application';
    const key = await this.db.one<{ public_key: string }>('SELECT public_key FROM terminal_keys WHERE key_id = $1 AND terminal_id = $2', [
      manifest.keyId,
      terminalId,
    ]);
    if (!key) return 'the signing key is not registered for this terminal';
    const publicKey = createPublicKey({ key: Buffer.from(key.public_key, 'base64'), format: 'der', type: 'spki' });
    // Strictly decoded: trailing junk or a non-canonical spelling is not the same signature.
    const signatureBytes = decodeBase64Strict(signature);
    if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES) return 'manifest signature is malformed';
    if (!verify(null, Buffer.from(canonicalJson(manifest)), publicKey, signatureBytes)) return 'manifest signature does not verify';
    const listed = new Set(manifest.files.map((file) => file.sha256));
    if (listed.size !== new Set(mutation.blobs).size || !mutation.blobs.every((sha) => listed.has(sha))) return 'manifest and uploaded files differ';
    const item = (await this.store.datasetValue(CATALOG_DATASET, serviceCode)) as { name?: string } | undefined;
    if (!item) return 'service is not in the catalog';
    const itemName = item.name ?? serviceCode;
    const caseId = mutation.idempotencyKey;
    const hallId = (await this.enrolled(terminalId))?.hallId ?? 'unknown';
    const resolved = await this.withContactOnFile(form.data, hallId);
    await this.db.run(
      `INSERT INTO cases (case_id, tracking_code, service_code, item_name, state, terminal_id, manifest_json, signature, form_json, blobs_json, created_at)
       VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $10)`,
      [
        caseId,
        trackingCode,
        serviceCode,
        itemName,
        terminalId,
        JSON.stringify(manifest),
        signature,
        this.store.sealer.seal(JSON.stringify(resolved)),
        JSON.stringify(mutation.blobs),
        manifest.createdAt,
      ],
    );
    await this.addEvent(caseId, { state: 'submitted', at: manifest.createdAt, by: terminalId });
    await this.db.run(
      `INSERT INTO citizen_profiles (id_hash, hall_id, phone, address, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id_hash, hall_id) DO UPDATE SET phone = COALESCE(excluded.phone, citizen_profiles.phone), address = COALESCE(excluded.address, citizen_profiles.address), updated_at = excluded.updated_at`,
      [this.idHash(form.data.idNumber), hallId, this.store.sealer.seal0(resolved.phone), this.store.sealer.seal0(resolved.address), this.clock.iso()],
    );
    return null;
  }

  /** The form as the clerk needs it: details the citizen kept "as on file" filled in from this hall's profile. */
  private async withContactOnFile(form: ApplicationForm, hallId: string): Promise<ApplicationForm> {
    if (!form.contactOnFile) return form;
    const onFile = await this.profile(form.idNumber, hallId);
    return {
      ...form,
      ...(form.contactOnFile.phone && !form.phone && onFile.phone ? { phone: onFile.phone } : {}),
      ...(form.contactOnFile.address && !form.address && onFile.address ? { address: onFile.address } : {}),
    };
  }

  private async decide(mutation: MutationEnvelope, terminalId: string): Promise<string | null> {
    const decision = CaseDecision.safeParse(mutation.payload);
    if (!decision.success) return 'malformed case decision';
    if ((await this.terminalRole(terminalId)) !== 'counter') return 'only counter terminals decide on cases';
    return this.transition(decision.data.caseId, decision.data.to, terminalId, decision.data.at, decision.data.reason);
  }

  /** Moves a case, or says why it cannot move (unknown case, illegal transition, missing reason). */
  transition(caseId: string, to: CaseState, by: string, at: string, reason?: string): Promise<string | null> {
    return this.db.transaction(() => this.transitionLocked(caseId, to, by, at, reason));
  }

  private async transitionLocked(caseId: string, to: CaseState, by: string, at: string, reason?: string): Promise<string | null> {
    // Locked: two instances deciding on one case at once take turns, and the second sees the first's state.
    const row = await this.db.one<{ state: CaseState }>('SELECT state FROM cases WHERE case_id = $1 FOR UPDATE', [caseId]);
    if (!row) return 'unknown case';
    if (!canTransition(row.state, to)) return `illegal transition from ${row.state} to ${to}`;
    if (STATES_NEEDING_REASON.includes(to) && !reason?.trim()) return `a reason is required for ${to}`;
    await this.db.run('UPDATE cases SET state = $1 WHERE case_id = $2', [to, caseId]);
    await this.addEvent(caseId, { state: to, at, by, ...(reason ? { reason } : {}) });
    return null;
  }

  private async addEvent(caseId: string, event: CaseEvent): Promise<void> {
    await this.db.run('INSERT INTO case_events (case_id, state, at, actor, reason) VALUES ($1, $2, $3, $4, $5)', [
      caseId,
      event.state,
      event.at,
      event.by,
      event.reason ?? null,
    ]);
  }

  private rows(trackingCode: string): Promise<CaseRow[]> {
    return this.db.query<CaseRow>('SELECT * FROM cases WHERE tracking_code = $1 ORDER BY created_at DESC', [trackingCode]);
  }

  private async timelineOf(row: CaseRow): Promise<CaseTimeline> {
    const rows = await this.db.query<{ state: CaseState; at: string; by: string; reason: string | null }>(
      'SELECT state, at, actor AS by, reason FROM case_events WHERE case_id = $1 ORDER BY seq',
      [row.case_id],
    );
    const events: CaseEvent[] = rows.map(({ reason, ...event }) => (reason ? { ...event, reason } : event));
    return { caseId: row.case_id, trackingCode: row.tracking_code, serviceCode: row.service_code, itemName: row.item_name, state: row.state, events };
  }

  /** Every case under a code (codes are random; two cases sharing one are both shown, never merged). */
  async timelines(trackingCode: string): Promise<CaseTimeline[]> {
    return Promise.all((await this.rows(trackingCode)).map((row) => this.timelineOf(row)));
  }

  /**
   * What the receipts of the cases under a code said, for those whose applicant holds this ID number
   * (compared inside the sealed form; nothing personal is returned), and how many cases the code has.
   */
  async receiptCopies(trackingCode: string, idNumber: string): Promise<{ cases: number; receipts: ReceiptCopy[] }> {
    const rows = await this.rows(trackingCode);
    const wanted = idNumber.trim().toUpperCase();
    const receipts = rows
      .filter(
        (row) =>
          String((JSON.parse(this.store.sealer.open(row.form_json)) as { idNumber?: string }).idNumber ?? '')
            .trim()
            .toUpperCase() === wanted,
      )
      .map((row) => receiptCopyOf(row.case_id, row.item_name, JSON.parse(row.manifest_json) as PackageManifest));
    return { cases: rows.length, receipts };
  }

  /** Cases submitted by terminals of this hall: a counter opens only its own hall's packages. */
  private async hallRows(trackingCode: string, hallId: string): Promise<CaseRow[]> {
    const rows: CaseRow[] = [];
    for (const row of await this.rows(trackingCode)) if ((await this.enrolled(row.terminal_id))?.hallId === hallId) rows.push(row);
    return rows;
  }

  async packages(trackingCode: string, hallId: string): Promise<CasePackage[]> {
    return Promise.all(
      (await this.hallRows(trackingCode, hallId)).map(async (row) => {
        const manifest = JSON.parse(row.manifest_json) as CasePackage['manifest'];
        const key = await this.db.one<{ public_key: string }>('SELECT public_key FROM terminal_keys WHERE key_id = $1', [manifest.keyId]);
        return {
          timeline: await this.timelineOf(row),
          submittingTerminal: row.terminal_id,
          manifest,
          signature: row.signature,
          publicKey: key?.public_key ?? null,
          form: JSON.parse(this.store.sealer.open(row.form_json)) as CasePackage['form'],
        };
      }),
    );
  }

  /** True when the blob belongs to a case under this code (the counter may fetch only those). */
  async caseHasBlob(trackingCode: string, sha256: string, hallId: string): Promise<boolean> {
    return (await this.hallRows(trackingCode, hallId)).some((row) => (JSON.parse(row.blobs_json) as string[]).includes(sha256));
  }

  /** The role the terminal was enrolled with: only counters decide on cases. */
  async terminalRole(terminalId: string): Promise<string | null> {
    return (await this.enrolled(terminalId))?.role ?? null;
  }

  async catalogItem(code: string): Promise<CatalogItem | undefined> {
    const value = await this.store.datasetValue(CATALOG_DATASET, code);
    const parsed = value === undefined ? undefined : CatalogItem.safeParse(value);
    return parsed?.success ? parsed.data : undefined;
  }

  private async profile(idNumber: string, hallId: string): Promise<{ phone: string | null; address: string | null }> {
    const row = await this.db.one<{ phone: string | null; address: string | null }>(
      'SELECT phone, address FROM citizen_profiles WHERE id_hash = $1 AND hall_id = $2',
      [this.idHash(idNumber), hallId],
    );
    return row ? { phone: this.store.sealer.open0(row.phone), address: this.store.sealer.open0(row.address) } : { phone: null, address: null };
  }

  /**
   * What earlier cases in this hall told of the person (another hall's cases stay there), masked: the
   * terminal shows it to the card holder, and an application refers to it instead of carrying it.
   */
  async citizen(idNumber: string, hallId: string): Promise<{ maskedPhone: string | null; maskedAddress: string | null }> {
    const { phone, address } = await this.profile(idNumber, hallId);
    return { maskedPhone: phone ? maskPhone(phone) : null, maskedAddress: address ? maskAddress(address) : null };
  }
}
