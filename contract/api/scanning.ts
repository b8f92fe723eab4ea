import { ScanEvent } from '../scanning.js';

export const scannerEvents = {
  /** A code read by a serial or HID scanner (keyboard-wedge scans are caught in the renderer). */
  'scanner.scan': ScanEvent,
} as const;
