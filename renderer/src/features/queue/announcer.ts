// Announcements play strictly one after another, each to its end, in the order the calls came.
import { hostClock } from '../../app/host-clock.js';

export interface Announcement {
  text: string;
  clips: string[];
}

export interface AnnouncementRecord {
  text: string;
  startedAt: string;
  endedAt: string;
}

export class AnnouncementQueue {
  private readonly queue: Announcement[] = [];
  private playing = false;

  constructor(
    /** Plays one announcement's clips in order; resolves when the last clip has ended. */
    private readonly play: (clips: string[]) => Promise<void>,
    private readonly onPlayed: (record: AnnouncementRecord) => void,
  ) {}

  get pending(): number {
    return this.queue.length + (this.playing ? 1 : 0);
  }

  enqueue(announcement: Announcement): void {
    this.queue.push(announcement);
    if (!this.playing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.playing = true;
    while (this.queue.length) {
      const next = this.queue.shift()!;
      const startedAt = hostClock.iso();
      try {
        await this.play(next.clips);
      } catch {
        // A clip that cannot play is skipped; the next announcement still waits its turn.
      }
      this.onPlayed({ text: next.text, startedAt, endedAt: hostClock.iso() });
    }
    this.playing = false;
  }
}

/** Plays clips from /voice/ one by one through one audio element (headless-safe: no overlap possible). */
export function createClipPlayer(base = '/voice/'): (clips: string[]) => Promise<void> {
  const audio = new Audio();
  audio.preload = 'auto';
  return async (clips) => {
    for (const clip of clips) {
      await new Promise<void>((resolve) => {
        const done = () => {
          audio.removeEventListener('ended', done);
          audio.removeEventListener('error', done);
          resolve();
        };
        audio.addEventListener('ended', done);
        audio.addEventListener('error', done);
        audio.src = `${base}${clip}.wav`;
        audio.play().catch(() => {
          // Autoplay refused or no sound device: keep the clip's time so the order and pacing hold.
          setTimeout(done, 350);
        });
      });
    }
  };
}
