// hallctl: the technician's command line. Each command module exports its commands; this file
// only finds the command, parses its options and maps outcomes to the documented exit codes.
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliCommand, type CliIo, type ExitCode } from './cli-command.js';
import { commandModules } from './commands/index.js';

export function allCommands(): CliCommand[] {
  return commandModules.flat();
}

function helpText(commands: CliCommand[]): string {
  const lines = commands.map((c) => `  hallctl ${[...c.path, c.usage].filter(Boolean).join(' ')}\n      ${c.summary}`);
  return [
    'Usage:',
    ...lines,
    '',
    'Output is JSON on stdout. Exit codes: 0 ok, 2 no card or nothing to read, 3 device unreachable or timeout,',
    '4 protocol or device error, 64 usage error.',
  ].join('\n');
}

export async function runHallctl(argv: string[], io: CliIo): Promise<ExitCode> {
  const commands = allCommands();
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.note(helpText(commands));
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  // Longest matching command path wins.
  const match = commands.filter((c) => c.path.every((word, i) => argv[i] === word)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!match) {
    io.note(`hallctl: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${helpText(commands)}`);
    return EXIT.usage;
  }
  try {
    const maxPositionals = match.maxPositionals ?? 0;
    const { values, positionals } = parseArgs({
      args: argv.slice(match.path.length),
      options: match.options,
      strict: true,
      allowPositionals: maxPositionals > 0,
    });
    if (positionals.length > maxPositionals) throw new UsageError(`at most ${maxPositionals} argument(s) after the options, got ${positionals.length}`);
    return await match.run(values, io, positionals);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      io.note(`hallctl ${match.path.join(' ')}: ${(error as Error).message}\nusage: hallctl ${match.path.join(' ')} ${match.usage}`);
      return EXIT.usage;
    }
    throw error;
  }
}

export function processIo(): CliIo {
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return {
    json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
    note: (text) => process.stderr.write(`${text}\n`),
    interrupted,
  };
}

export async function main(): Promise<void> {
  try {
    process.exitCode = await runHallctl(process.argv.slice(2), processIo());
  } catch (error) {
    process.stderr.write(`hallctl: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT.deviceError;
  }
}
