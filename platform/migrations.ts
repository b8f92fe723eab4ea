// The platform's numbered migrations, in PostgreSQL's dialect (the same SQL on a server and on PGlite).
// Each runs in one transaction; instances starting at once take an advisory lock, so one migrates and
// the others find the work done. Times are ISO-8601 text, as every layer of the hall writes them.
import type { Database } from './db/database.js';

export const PLATFORM_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'sync, datasets, cases, access',
    sql: `
      CREATE TABLE terminals (
        terminal_id TEXT PRIMARY KEY,
        label TEXT,
        credential_hash TEXT NOT NULL UNIQUE,
        registered_at TEXT NOT NULL,
        revoked_at TEXT,
        highest_mutation_id BIGINT NOT NULL DEFAULT 0,
        role TEXT NOT NULL DEFAULT 'kiosk',
        hall_id TEXT NOT NULL DEFAULT 'unknown',
        counter_id TEXT,
        point_id TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'revoked')),
        -- One-time enrolment codes are kept only as a hash, in the database: any instance honours one once.
        enrolment_code_hash TEXT,
        enrolment_expires_at TEXT,
        enrolled_at TEXT
      );
      -- Exactly-once: the unique keys refuse a second copy whichever instance a retry reaches.
      CREATE TABLE mutations (
        apply_seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        mutation_id BIGINT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        personal_json TEXT,
        blobs_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
        reason TEXT,
        applied_at TEXT NOT NULL,
        UNIQUE (terminal_id, mutation_id)
      );
      -- Blob metadata; the sealed bytes live in the blob folder.
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size BIGINT NOT NULL,
        confirmed_offset BIGINT NOT NULL DEFAULT 0,
        verified_at TEXT
      );
      CREATE TABLE dataset_items (
        dataset TEXT NOT NULL,
        key TEXT NOT NULL,
        value_json TEXT NOT NULL,
        deleted SMALLINT NOT NULL DEFAULT 0,
        version BIGINT NOT NULL,
        PRIMARY KEY (dataset, key)
      );
      CREATE INDEX dataset_items_by_version ON dataset_items(dataset, version);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);

      CREATE TABLE terminal_keys (
        key_id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        public_key TEXT NOT NULL,
        role TEXT NOT NULL,
        registered_at TEXT NOT NULL
      );
      CREATE TABLE cases (
        case_id TEXT PRIMARY KEY,
        tracking_code TEXT NOT NULL,
        service_code TEXT NOT NULL,
        item_name TEXT NOT NULL,
        state TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        manifest_json TEXT NOT NULL,
        signature TEXT NOT NULL,
        form_json TEXT NOT NULL,
        blobs_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX cases_by_code ON cases(tracking_code);
      CREATE TABLE case_events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        state TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT
      );
      -- What the platform knows of a citizen, per hall, under a keyed hash of the ID number; sealed fields.
      CREATE TABLE citizen_profiles (id_hash TEXT NOT NULL, hall_id TEXT NOT NULL, phone TEXT, address TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (id_hash, hall_id));

      -- Named administrators (scrypt hashes, scopes, lockout) and the append-only audit log.
      CREATE TABLE admin_accounts (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, scopes_json TEXT NOT NULL, created_at TEXT NOT NULL,
        disabled_at TEXT, failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until TEXT);
      CREATE TABLE admin_audit (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, admin TEXT NOT NULL, route TEXT NOT NULL, method TEXT NOT NULL,
        target_json TEXT NOT NULL, status INTEGER NOT NULL, from_address TEXT NOT NULL);
      CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER admin_audit_no_update BEFORE UPDATE OR DELETE ON admin_audit FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
      CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_append_only();

      -- Requests per caller and purpose in the last minute (sliding window), shared by every instance.
      CREATE TABLE rate_requests (purpose TEXT NOT NULL, caller TEXT NOT NULL, at_ms BIGINT NOT NULL);
      CREATE INDEX rate_requests_by_caller ON rate_requests(purpose, caller, at_ms);
      -- The latest heartbeat of each terminal, whichever instance received it.
      CREATE TABLE terminal_heartbeats (terminal_id TEXT PRIMARY KEY, heartbeat_json TEXT NOT NULL, received_at_ms BIGINT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'hall queue',
    sql: `
      CREATE TABLE queue_config (id INTEGER PRIMARY KEY CHECK (id = 1), config_json TEXT NOT NULL);
      -- Next number per queue and day: online tickets from 1, offline lease blocks from their own range.
      CREATE TABLE queue_numbers (day TEXT NOT NULL, prefix TEXT NOT NULL, next INTEGER NOT NULL, PRIMARY KEY (day, prefix));
      CREATE TABLE queue_lease_numbers (day TEXT NOT NULL, prefix TEXT NOT NULL, next INTEGER NOT NULL, PRIMARY KEY (day, prefix));
      CREATE TABLE queue_leases (id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, day TEXT NOT NULL, prefix TEXT NOT NULL,
        from_n INTEGER NOT NULL, to_n INTEGER NOT NULL, leased_at TEXT NOT NULL);
      CREATE TABLE queue_tickets (
        id TEXT PRIMARY KEY, day TEXT NOT NULL, number TEXT NOT NULL, service TEXT NOT NULL, priority TEXT NOT NULL,
        source TEXT NOT NULL, state TEXT NOT NULL, issued_at TEXT NOT NULL, offline SMALLINT NOT NULL DEFAULT 0,
        masked_name TEXT, counter_id TEXT, target_counter TEXT, called_at TEXT, recalls INTEGER NOT NULL DEFAULT 0,
        last_call_at TEXT, finished_at TEXT, transfers INTEGER NOT NULL DEFAULT 0, first_called_at TEXT, lease_id TEXT,
        UNIQUE (day, number)
      );
      CREATE INDEX queue_tickets_by_day_state ON queue_tickets(day, state);
      CREATE TABLE queue_counters (id TEXT PRIMARY KEY, paused SMALLINT NOT NULL DEFAULT 0, pause_reason TEXT, current_ticket_id TEXT);
      -- Appended only under the queue's advisory lock, so sequence numbers become visible in order.
      CREATE TABLE queue_events (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, body_json TEXT NOT NULL);
      CREATE TABLE queue_service_times (ticket_id TEXT NOT NULL, day TEXT NOT NULL, service TEXT NOT NULL, counter_id TEXT NOT NULL,
        started_at TEXT NOT NULL, ended_at TEXT NOT NULL, minutes DOUBLE PRECISION NOT NULL, outcome TEXT NOT NULL);
      CREATE INDEX queue_service_times_by_service ON queue_service_times(service, outcome, ended_at);
      -- ID numbers are kept only as a keyed hash: check-in matches a swiped card without storing it.
      CREATE TABLE queue_appointments (id TEXT PRIMARY KEY, day TEXT NOT NULL, slot TEXT NOT NULL, service TEXT NOT NULL,
        id_hash TEXT NOT NULL, masked_name TEXT NOT NULL, ticket_id TEXT);
      CREATE INDEX queue_appointments_by_hash ON queue_appointments(day, id_hash);
      CREATE TABLE queue_evaluations (ticket_id TEXT PRIMARY KEY, counter_id TEXT NOT NULL, level INTEGER NOT NULL,
        reason TEXT, channel TEXT NOT NULL, at TEXT NOT NULL);
      CREATE TABLE queue_followups (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL UNIQUE, counter_id TEXT NOT NULL, level INTEGER NOT NULL,
        reason TEXT NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL, opened_at TEXT NOT NULL);
      CREATE TABLE queue_assists (id TEXT PRIMARY KEY, day TEXT NOT NULL, terminal_id TEXT NOT NULL, source TEXT NOT NULL,
        requested_at TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'cancelled')),
        closed_at TEXT, counter_id TEXT);
      CREATE UNIQUE INDEX queue_assists_one_open ON queue_assists(terminal_id) WHERE state = 'open';
      CREATE INDEX queue_assists_by_day ON queue_assists(day, state);
    `,
  },
  {
    version: 3,
    name: 'queue events numbered at commit; waiting tickets index',
    sql: `
      -- A queue change writes its events here; they are numbered when the change commits, under a lock
      -- held only for the commit itself (not for the whole change), so sequence numbers still become
      -- visible in order while ticket issues run side by side. The NOTIFY carries the event itself
      -- ("<seq> <pending id> <json>", without the json when too long for a payload): instances deliver
      -- it without a read, and the writer learns from the pending id that its event went out.
      CREATE UNLOGGED TABLE queue_events_pending (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, body_json TEXT NOT NULL);
      CREATE FUNCTION queue_events_publish() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE published BIGINT;
        BEGIN
          PERFORM pg_advisory_xact_lock(7401004);
          INSERT INTO queue_events (at, type, body_json) VALUES (NEW.at, NEW.type, NEW.body_json) RETURNING seq INTO published;
          DELETE FROM queue_events_pending WHERE id = NEW.id;
          PERFORM pg_notify('hall_queue_events', published || ' ' || NEW.id || CASE WHEN octet_length(NEW.body_json) < 7000 THEN ' ' || NEW.body_json ELSE '' END);
          RETURN NULL;
        END $$;
      CREATE CONSTRAINT TRIGGER queue_events_publish AFTER INSERT ON queue_events_pending
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION queue_events_publish();
      -- What every instance sharing this database must share outside it, by fingerprint (never the key
      -- itself): the sealing key, the personal-code subject key and the blob folder. An instance that
      -- brings another refuses to start.
      CREATE TABLE platform_shared_secrets (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, recorded_at TEXT NOT NULL);
      -- People ahead and the next to call are counted among the day's waiting tickets of one service.
      CREATE INDEX queue_tickets_waiting ON queue_tickets(day, service, priority, issued_at, number) WHERE state = 'waiting';
    `,
  },
  {
    version: 4,
    name: 'live ticket, notices, park and recall',
    sql: `
      -- The live ticket page's token is kept only as a hash: the database alone opens no ticket's page.
      CREATE TABLE queue_live_tickets (ticket_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, away_until TEXT);
      CREATE INDEX queue_live_tickets_away ON queue_live_tickets(away_until) WHERE away_until IS NOT NULL;
      -- Where to tell a citizen their turn is coming: sealed, and deleted when the ticket ends.
      CREATE TABLE queue_ticket_contacts (ticket_id TEXT PRIMARY KEY, contact_sealed TEXT NOT NULL, token_sealed TEXT);
      -- One row per notice a ticket may get (reminder-1, reminder-2, called): the key makes it once,
      -- whichever instance decides it; delivery retries with back-off from next_attempt_ms.
      CREATE TABLE queue_notices (
        ticket_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('reminder-1', 'reminder-2', 'called')),
        channel TEXT NOT NULL, text TEXT NOT NULL, fields_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'refused', 'failed', 'dropped')),
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms BIGINT NOT NULL, decided_at TEXT NOT NULL, done_at TEXT, reason TEXT,
        PRIMARY KEY (ticket_id, kind)
      );
      CREATE INDEX queue_notices_due ON queue_notices(next_attempt_ms) WHERE status = 'pending';
    `,
  },
  {
    version: 5,
    name: 'calling rules, day boundaries, productivity, 好差评 loop',
    sql: `
      -- Why each call was made (the calling rule), shown to the clerk and kept with the ticket.
      ALTER TABLE queue_tickets ADD COLUMN call_reason_json TEXT;
      -- When the citizen reached the counter and service began (walk time = call → start).
      ALTER TABLE queue_tickets ADD COLUMN started_at TEXT;
      -- Every call a counter made, in order, and how it went (citizen at the counter, service ended and how):
      -- the ratio rule reads the latest classes, the productivity figures the times.
      CREATE TABLE queue_calls (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, day TEXT NOT NULL, counter_id TEXT NOT NULL,
        ticket_id TEXT NOT NULL, call_class TEXT NOT NULL CHECK (call_class IN ('priority', 'normal')), rule TEXT NOT NULL, called_at TEXT NOT NULL,
        started_at TEXT, ended_at TEXT, outcome TEXT);
      CREATE INDEX queue_calls_by_ticket ON queue_calls(ticket_id, seq);
      CREATE INDEX queue_calls_by_counter ON queue_calls(day, counter_id, seq);
      -- The day each hall day was rolled into (overnight queues carry once, whichever instance is first).
      CREATE TABLE queue_day_rollovers (day TEXT PRIMARY KEY, carried INTEGER NOT NULL, at TEXT NOT NULL);
      -- A rating names the case the service opened, when there was one.
      ALTER TABLE queue_evaluations ADD COLUMN tracking_code TEXT;
      -- The follow-up's two timers (contact, fix) and what the supervisor recorded.
      ALTER TABLE queue_followups ADD COLUMN tracking_code TEXT;
      ALTER TABLE queue_followups ADD COLUMN contact_due TEXT;
      ALTER TABLE queue_followups ADD COLUMN resolve_due TEXT;
      ALTER TABLE queue_followups ADD COLUMN contacted_at TEXT;
      ALTER TABLE queue_followups ADD COLUMN contact_note TEXT;
      ALTER TABLE queue_followups ADD COLUMN resolved_at TEXT;
      ALTER TABLE queue_followups ADD COLUMN resolution TEXT;
      -- Reports owed to the provincial 好差评 system, written in the same transaction as what they report;
      -- the report id is the idempotency key the provincial side deduplicates on (delivered once).
      CREATE TABLE haochaping_outbox (seq BIGINT GENERATED ALWAYS AS IDENTITY, id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('rating', 'follow-up')), ref TEXT NOT NULL,
        payload_json TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL,
        delivered_at TEXT, last_error TEXT);
      CREATE INDEX haochaping_outbox_pending ON haochaping_outbox(next_attempt_at) WHERE delivered_at IS NULL;
    `,
  },
  {
    version: 6,
    name: 'materials from the citizen phone',
    sql: `
      -- One upload a terminal opened for its citizen: the token only as a hash, the material's catalog
      -- name (no personal data), spent by its one photo (used_at); deleted when closed or past expires_at.
      CREATE TABLE phone_uploads (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, terminal_id TEXT NOT NULL, material_name TEXT NOT NULL,
        opened_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT);
      CREATE INDEX phone_uploads_expiry ON phone_uploads(expires_at);
      -- The photo, re-encoded without EXIF and sealed under the platform key; deleted once the terminal takes it.
      CREATE TABLE phone_upload_photos (id TEXT PRIMARY KEY, upload_id TEXT NOT NULL REFERENCES phone_uploads(id) ON DELETE CASCADE,
        photo_sealed TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, received_at TEXT NOT NULL);
      CREATE INDEX phone_upload_photos_by_upload ON phone_upload_photos(upload_id);
    `,
  },
  {
    version: 8,
    name: 'remote help requests sent offline',
    sql: `
      -- A help request that arrived through the outbox (远程帮办 while the link was down). What the citizen
      -- said and left is sealed: the step, item and material references, the voice note's reference, the
      -- call-back number, the clerk's note. The first counter to answer sets state and counter_id.
      CREATE TABLE help_requests (
        id TEXT PRIMARY KEY, hall_id TEXT NOT NULL, terminal_id TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('kiosk', 'proxy-point')),
        body_sealed TEXT NOT NULL, phone_sealed TEXT,
        state TEXT NOT NULL CHECK (state IN ('open', 'called-back', 'accepted')),
        received_at TEXT NOT NULL, answered_at TEXT, counter_id TEXT, answer_note_sealed TEXT
      );
      CREATE INDEX help_requests_by_hall ON help_requests(hall_id, state, received_at);
    `,
  },
  {
    version: 9,
    name: 'clerks signed in at counters',
    sql: `
      -- A hall's clerks: the name sealed, the PIN as a salted scrypt verifier, wrong PINs counted here so
      -- the lock holds on every instance.
      CREATE TABLE clerks (clerk_id TEXT PRIMARY KEY, hall_id TEXT NOT NULL, name_sealed TEXT NOT NULL, masked_name TEXT NOT NULL,
        pin_json TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
        failed_pins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL);
      CREATE INDEX clerks_by_hall ON clerks(hall_id);
      -- Each sign-in at a counter; the token is kept only as a hash. One open session per counter and per clerk.
      CREATE TABLE clerk_sessions (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, clerk_id TEXT NOT NULL REFERENCES clerks(clerk_id),
        terminal_id TEXT NOT NULL, counter_id TEXT NOT NULL, day TEXT NOT NULL, started_at TEXT NOT NULL, last_active_at TEXT NOT NULL,
        ended_at TEXT, end_reason TEXT);
      CREATE UNIQUE INDEX clerk_sessions_open_counter ON clerk_sessions(counter_id) WHERE ended_at IS NULL;
      CREATE UNIQUE INDEX clerk_sessions_open_clerk ON clerk_sessions(clerk_id) WHERE ended_at IS NULL;
      CREATE INDEX clerk_sessions_by_day ON clerk_sessions(day, clerk_id);
      -- The clerk who made each call (null: nobody was signed in).
      ALTER TABLE queue_calls ADD COLUMN clerk_id TEXT;
    `,
  },
];

/** Advisory lock keys (one namespace for the platform). */
export const LOCKS = { migrate: 7_401_001, queue: 7_401_002, purge: 7_401_003, queueEvents: 7_401_004 } as const;

/** Brings the schema to the latest version; returns it. Safe to run from several instances at once. */
export async function migratePlatform(db: Database): Promise<number> {
  const latest = PLATFORM_MIGRATIONS.at(-1)?.version ?? 0;
  return db.transaction(async () => {
    await db.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.migrate]);
    await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    const from = (await db.one<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations'))?.v ?? 0;
    if (from > latest) throw new Error(`platform schema ${from} is newer than this server knows (${latest})`);
    for (const step of PLATFORM_MIGRATIONS) {
      if (step.version <= from) continue;
      await db.exec(step.sql);
      await db.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
    }
    return Math.max(from, latest);
  });
}
