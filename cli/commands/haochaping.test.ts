import { parseArgs } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { HttpHaochapingGateway } from '../../platform/queue/haochaping.js';
import { EXIT, type CliIo } from '../cli-command.js';
import { haochapingCommands } from './haochaping.js';

function run(argv: string[]) {
  const out: unknown[] = [];
  let interrupt!: () => void;
  const io: CliIo = { json: (v) => void out.push(v), note: () => undefined, interrupted: new Promise<void>((r) => (interrupt = r)) };
  const command = haochapingCommands.find((c) => c.path.every((word, i) => argv[i] === word))!;
  const { values } = parseArgs({ args: argv.slice(command.path.length), options: command.options, strict: true, allowPositionals: false });
  return { exit: command.run(values, io), out, interrupt };
}

describe('hallctl sim haochaping', () => {
  it('prints its address, then each report once however often it is sent, and refuses a wrong token', async () => {
    const sim = run(['sim', 'haochaping', '--token', 'tok-9']);
    await vi.waitFor(() => expect(sim.out.length).toBe(1));
    const { url } = sim.out[0] as { url: string };
    const report = { id: 'r-1', kind: 'rating' as const, ref: 't-1', body: { level: 2, reason: '办理太慢' } };
    const gateway = new HttpHaochapingGateway({ baseUrl: url, token: 'tok-9' });
    await gateway.deliver(report);
    await gateway.deliver(report);
    expect(sim.out.slice(1)).toEqual([{ report }]);
    await expect(new HttpHaochapingGateway({ baseUrl: url, token: 'wrong' }).deliver({ ...report, id: 'r-2' })).rejects.toThrow(/answered 401/);
    const listed = (await (await fetch(`${url}/reports`, { headers: { authorization: 'Bearer tok-9' } })).json()) as unknown[];
    expect(listed).toEqual([report]);
    sim.interrupt();
    expect(await sim.exit).toBe(EXIT.ok);
  });
});
