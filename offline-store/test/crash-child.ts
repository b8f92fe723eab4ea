// Child process for the crash test: submits applications with materials and syncs them, and is
// killed with SIGKILL at random moments. On restart it continues from what the store holds.
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileKeyProvider } from '../crypto.js';
import { OfflineStore } from '../store.js';
import { SyncEngine } from '../sync/engine.js';
import { fakePerson } from './temp.js';

const [dir, platformUrl, terminalId, credential, totalArg] = process.argv.slice(2) as [string, string, string, string, string];
const total = Number(totalArg);
const logFile = join(dir, 'terminal.log');
// The terminal's log, scanned later for personal data: what a real host would write.
const log = (details: Record<string, unknown>, message: string) =>
  appendFileSync(logFile, JSON.stringify({ time: new Date().toISOString(), message, ...details }) + '\n');

const store = await OfflineStore.open({
  dir: join(dir, 'store'),
  keyProvider: new FileKeyProvider(join(dir, 'data.key')),
  backupIntervalMs: 700,
  slowQueryMs: 20,
  logger: { warn: log },
  onEvent: (event) => event.type === 'recovered-corrupt' && log({ event }, 'store recovered'),
});
const engine = new SyncEngine({ store, platformUrl, terminalId, credential, batchSize: 50, backoffBaseMs: 20, backoffMaxMs: 200, pollIntervalMs: 100 });
engine.onState((state) => log({ state }, 'sync state'));
engine.start();
const startAt = await store.countRecords('application');
process.stdout.write(`ready ${startAt} ${await store.pendingCount()}\n`);

for (let appNo = startAt; appNo < total; appNo++) {
  const person = fakePerson(appNo);
  const materials: string[] = [];
  for (let m = 0; m < 2; m++) {
    // Materials carry the personal data a scan would show (name, ID number) plus random image bytes.
    const text = Buffer.from(`材料${m} ${person.name} ${person.idNumber} ${person.address}\n`);
    materials.push(await store.putBlob(Buffer.concat([text, randomBytes(1024 + Math.floor(Math.random() * 8192))])));
  }
  await store.commitMutation({ kind: 'application', payload: { appNo, serviceCode: 'S-001' }, personal: person, blobs: materials });
  if (appNo % 20 === 0) engine.nudge();
  await new Promise((resolve) => setTimeout(resolve, 4));
}

while ((await store.pendingCount()) > 0) {
  engine.nudge();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await engine.stop();
await store.close();
process.stdout.write('done\n');
