// Wire protocol between a terminal's sync engine and the online platform. Pure schemas: both sides
// validate with the same definitions so a field renamed on one side fails the other's tests.
import { z } from 'zod';

export const SYNC_API_PREFIX = '/v1';
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const Sha256 = z.string().regex(SHA256_HEX);
export const TerminalId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
export const DatasetName = z.string().regex(/^[a-z0-9-]{1,48}$/);

/**
 * Every credential travels in one header, `authorization: Bearer <secret>` (never a query parameter:
 * those end up in access logs). A terminal's credential alone identifies it; no header names it.
 */
export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** What enrolment answers (contract/platform-api/terminals.ts has the full EnrolResponse). */
export const RegisterResponse = z.object({ terminalId: TerminalId, credential: z.string().min(32) });
export type RegisterResponse = z.infer<typeof RegisterResponse>;

export const TerminalStatusResponse = z.object({ terminalId: TerminalId, highestMutationId: z.number().int().nonnegative() });
export type TerminalStatusResponse = z.infer<typeof TerminalStatusResponse>;

/** One mutation as it travels: the terminal numbers them strictly increasing per terminal. */
export const MutationEnvelope = z.object({
  mutationId: z.number().int().positive(),
  /** terminal id + mutation id or a UUID; unique across the platform. */
  idempotencyKey: z.string().min(8).max(128),
  kind: z.string().regex(/^[a-z0-9-]{1,48}$/),
  payload: z.record(z.string(), z.unknown()),
  /** Personal fields travel decrypted over the (TLS) link; at rest on the terminal they are encrypted. */
  personal: z.record(z.string(), z.unknown()).nullable(),
  blobs: z.array(Sha256).max(64),
  createdAt: z.string(),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

export const PUSH_BATCH_MAX = 500;
export const PushRequest = z.object({ mutations: z.array(MutationEnvelope).min(1).max(PUSH_BATCH_MAX) });
export type PushRequest = z.infer<typeof PushRequest>;

export const MUTATION_OUTCOMES = ['applied', 'duplicate', 'rejected', 'waiting-blobs'] as const;
export const MutationOutcome = z.object({
  mutationId: z.number().int().positive(),
  outcome: z.enum(MUTATION_OUTCOMES),
  /** Business reason for a rejection, or the blobs still missing; never personal data. */
  reason: z.string().max(500).optional(),
  missingBlobs: z.array(Sha256).optional(),
});
export type MutationOutcome = z.infer<typeof MutationOutcome>;

/**
 * The platform answers for a prefix of the batch: it stops at the first mutation whose blobs are
 * not verified yet, so per-terminal order is kept. Mutations after it are simply not in `results`.
 */
export const PushResponse = z.object({
  results: z.array(MutationOutcome),
  highestMutationId: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const DatasetItem = z.object({
  key: z.string().min(1).max(200),
  value: z.unknown(),
  deleted: z.boolean().optional(),
});
export type DatasetItem = z.infer<typeof DatasetItem>;

export const PullQuery = z.object({
  dataset: DatasetName,
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.object({
  dataset: DatasetName,
  items: z.array(DatasetItem.extend({ version: z.number().int().positive() })),
  /** Store this with the items, in the same transaction; send it back as `since`. */
  checkpoint: z.number().int().nonnegative(),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const SeedRequest = z.object({ items: z.array(DatasetItem).max(10_000) });
export type SeedRequest = z.infer<typeof SeedRequest>;

/** Resumable upload: the terminal asks for the confirmed offset, then PUTs chunks from there. */
export const BLOB_CHUNK_MAX = 1024 * 1024;
export const BlobUploadQuery = z.object({
  offset: z.coerce.number().int().nonnegative(),
  size: z.coerce
    .number()
    .int()
    .positive()
    .max(256 * 1024 * 1024),
});
export type BlobUploadQuery = z.infer<typeof BlobUploadQuery>;

export const BlobStatus = z.object({
  sha256: Sha256,
  size: z.number().int().nonnegative().nullable(),
  /** Bytes the platform has durably stored; the next chunk must start here. */
  offset: z.number().int().nonnegative(),
  verified: z.boolean(),
});
export type BlobStatus = z.infer<typeof BlobStatus>;

export const ErrorResponse = z.object({ error: z.string(), message: z.string().optional(), offset: z.number().optional() });
export type ErrorResponse = z.infer<typeof ErrorResponse>;
