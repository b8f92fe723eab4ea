// hallctl commands for the reference online platform (for halls testing without the real one).
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ensurePrivateDir, restrictUmask } from '../../../offline-store/private-files.js';
import { startPlatform } from '../../../platform/server.js';
import { EXIT, optionalInt, requireString, type CliCommand } from '../cli-command.js';

const serveCommand: CliCommand = {
  path: ['platform', 'serve'],
  summary: 'Run the reference sync platform until interrupted (enrolment secret from --enrolment-secret or HALL_ENROLMENT_SECRET).',
  usage: '--port N --data DIR [--host ADDR] [--enrolment-secret S]',
  options: { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' }, 'enrolment-secret': { type: 'string' } },
  async run(values, io) {
    const port = optionalInt(values, 'port', 0, 0, 65535);
    const dataDir = resolve(requireString(values, 'data'));
    // The platform's database and blobs hold citizen data: its files are this user's alone.
    restrictUmask();
    ensurePrivateDir(dataDir);
    const given = typeof values['enrolment-secret'] === 'string' ? values['enrolment-secret'] : process.env.HALL_ENROLMENT_SECRET;
    const enrolmentSecret = given || randomBytes(24).toString('base64url');
    const platform = await startPlatform({
      version: process.env.npm_package_version ?? 'dev',
      port,
      host: typeof values.host === 'string' ? values.host : '127.0.0.1',
      dataDir,
      enrolmentSecret,
    });
    // A generated secret goes to the operator's terminal (stderr), never into the JSON output.
    if (!given) io.note(`platform: generated enrolment secret ${enrolmentSecret}`);
    io.json({ event: 'listening', url: platform.url, dataDir });
    await io.interrupted;
    await platform.close();
    io.json({ event: 'stopped' });
    return EXIT.ok;
  },
};

export const platformCommands: CliCommand[] = [serveCommand];
