import { useEffect, useRef } from 'react';
import type { TerminalInfo } from '../../../../contract/host-api.js';
import { attachKeyboardWedge } from '../../devices/keyboard-wedge.js';
import type { HallHostClient } from '../../host/validated-client.js';

export interface UiScan {
  data: string;
  source: 'device' | 'keyboard-wedge';
  deviceId?: string;
}

/**
 * Every scan the terminal sees, from a serial/HID scanner through the host or from a keyboard
 * wedge caught here, so that a scan never lands in a text field as typing.
 */
export function useScans(client: HallHostClient, info: TerminalInfo, onScan: (scan: UiScan) => void): void {
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  });
  useEffect(() => {
    const offDevice = client.on('scanner.scan', (scan) => handler.current({ data: scan.data, source: 'device', deviceId: scan.deviceId }));
    const offWedge = info.keyboardWedge
      ? attachKeyboardWedge(document, (code) => handler.current({ data: code, source: 'keyboard-wedge' }), info.keyboardWedge)
      : () => undefined;
    return () => {
      offDevice();
      offWedge();
    };
  }, [client, info.keyboardWedge]);
}
