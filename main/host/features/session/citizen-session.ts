import type { IdCardReading } from '../../../../drivers/idcard/index.js';

/**
 * The personal data held for the citizen at the terminal right now. It lives only in memory and
 * is wiped — buffers zeroed, references dropped — when the session ends.
 */
export class CitizenSession {
  private reading: IdCardReading | undefined;
  private readingDevice: string | undefined;
  private readonly wipers = new Set<() => void>();

  /** A feature holding personal data for the session (drafts, captured images) wipes it here too. */
  onWipe(wiper: () => void): () => void {
    this.wipers.add(wiper);
    return () => void this.wipers.delete(wiper);
  }

  hold(deviceId: string, reading: IdCardReading): void {
    this.wipe();
    this.reading = reading;
    this.readingDevice = deviceId;
  }

  card(): { deviceId: string; reading: IdCardReading } | undefined {
    return this.reading && this.readingDevice ? { deviceId: this.readingDevice, reading: this.reading } : undefined;
  }

  /** True when there was anything to wipe. */
  wipe(): boolean {
    for (const wiper of this.wipers) wiper();
    const had = this.reading !== undefined;
    if (this.reading) {
      this.reading.photo.wlt.fill(0);
      if ('bmp' in this.reading.photo && this.reading.photo.bmp) this.reading.photo.bmp.fill(0);
      this.reading.fingerprint.fill(0);
    }
    this.reading = undefined;
    this.readingDevice = undefined;
    return had;
  }

  /** For tests of the wipe: whether anything personal is still reachable. */
  isEmpty(): boolean {
    return this.reading === undefined;
  }
}
