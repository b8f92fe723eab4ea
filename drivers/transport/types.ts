/**
 * A byte stream to a device, injected into drivers from outside (serial, HID, TCP, mock), so the
 * same driver runs on hardware, on a simulator over a PTY, or on a mock in unit tests.
 */
export interface ByteTransport {
  /** For status reasons and logs, e.g. "serial /dev/ttyUSB0 @115200". Holds no personal data. */
  readonly description: string;
  readonly isOpen: boolean;
  /** Rejects with TransportError when the device cannot be reached. */
  open(): Promise<void>;
  /** Resolves once the bytes have been handed to the OS (drained). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called when the link closes by itself (unplugged, peer gone); `error` says why if known. */
  onClose(listener: (error?: Error) => void): () => void;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'closed' | 'io',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}
