// Opens a store, commits one mutation and reads it back; run as a separate process by
// worker-loading.test.ts, once from TypeScript under tsx and once compiled to JavaScript.
import { join } from 'node:path';
import { FileKeyProvider, OfflineStore } from '../index.js';

const dir = process.argv[2] as string;
const store = await OfflineStore.open({ dir: join(dir, 'store'), keyProvider: new FileKeyProvider(join(dir, 'k.key')), backupIntervalMs: 0 });
const { mutationId } = await store.commitMutation({ kind: 'ticket', payload: { smoke: true }, personal: { name: 'smoke' } });
const record = await store.getRecord(mutationId);
await store.close();
process.stdout.write(JSON.stringify({ schemaVersion: store.openReport.schemaVersion, personal: record?.personal }) + '\n');
