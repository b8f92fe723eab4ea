import { createInterface } from 'node:readline';
import { hashPin } from '../../main/host/features/admin/admin-pin.js';
import { EXIT, type CliCommand } from '../cli-command.js';

/** Reads the first line of stdin (the PIN never goes on the command line, so not into shell history). */
async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input });
  for await (const line of lines) {
    lines.close();
    return line.trim();
  }
  return '';
}

export function createAdminCommands(input: NodeJS.ReadableStream = process.stdin): CliCommand[] {
  return [
    {
      path: ['admin', 'hash-pin'],
      summary: "Read an admin PIN (4–12 digits) from stdin and print its hash for the config's admin.pinHash.",
      usage: '< pin.txt   (or type it and press Enter)',
      options: {},
      run: async (_values, io) => {
        const pin = await firstLine(input);
        if (!/^\d{4,12}$/.test(pin)) {
          io.note('hallctl admin hash-pin: the PIN must be 4 to 12 digits');
          return EXIT.usage;
        }
        io.json({ pinHash: hashPin(pin) });
        return EXIT.ok;
      },
    },
  ];
}

export const adminCommands: CliCommand[] = createAdminCommands();
