import { HaochapingSimulator } from '../../platform/queue/haochaping.js';
import { EXIT, optionalInt, type CliCommand } from '../cli-command.js';

/** `sim haochaping`: the provincial 好差评 system on a local port, printing each report as a JSON line. */
const simHaochapingCommand: CliCommand = {
  path: ['sim', 'haochaping'],
  summary:
    'Run the provincial 好差评 simulator on 127.0.0.1; prints {"url": …}, then each rating or follow-up report received (once per report id) as a JSON line. Stops on Ctrl-C.',
  usage: '[--port N] [--token TOKEN]',
  options: { port: { type: 'string' }, token: { type: 'string' } },
  async run(values, io) {
    const port = optionalInt(values, 'port', 0, 0, 65_535);
    const simulator = new HaochapingSimulator();
    const url = await simulator.listen(port, {
      ...(typeof values.token === 'string' ? { token: values.token } : {}),
      onReport: (report) => io.json({ report }),
    });
    io.json({ url });
    io.note(
      `好差评 simulator: POST /reports (Idempotency-Key), GET /reports. Point the platform at it: hallctl platform serve --haochaping-url ${url}. Ctrl-C stops it.`,
    );
    await io.interrupted;
    await simulator.close();
    return EXIT.ok;
  },
};

export const haochapingCommands: CliCommand[] = [simHaochapingCommand];
