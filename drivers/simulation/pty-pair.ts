import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end a driver opens (the "device" path a technician would configure). */
  hostPath: string;
  /** The end a simulator opens. */
  devicePath: string;
  close(): Promise<void>;
}

/**
 * A real pseudo-terminal pair joined by socat: bytes written to one end come out of the other,
 * through the kernel's tty layer, as with a USB-serial adapter. A PTY ignores the baud rate.
 */
export async function openPtyPair(options: { timeoutMs?: number } = {}): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'hall-pty-'));
  const hostPath = join(dir, 'host');
  const devicePath = join(dir, 'device');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`socat failed to start (is the Debian package installed?): ${error.message}`))),
  );
  const deadline = performance.now() + (options.timeoutMs ?? 5000);
  const ready = (async () => {
    while (!(existsSync(hostPath) && existsSync(devicePath) && stderr.includes('starting data transfer loop'))) {
      if (child.exitCode !== null) throw new Error(`socat exited early: ${stderr.trim()}`);
      if (performance.now() > deadline) throw new Error(`socat did not create the PTY pair in time: ${stderr.trim()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    hostPath,
    devicePath,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
