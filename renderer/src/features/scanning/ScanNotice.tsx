import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../../contract/host-api.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useScans, type UiScan } from './use-scans.js';

/** Confirms a scan to the person holding the code; the service screens act on it. */
export function ScanNotice({ client, info }: { client: HallHostClient; info: TerminalInfo }) {
  const { t } = useTranslation();
  const [scan, setScan] = useState<UiScan>();
  useScans(client, info, setScan);
  useEffect(() => {
    if (!scan) return;
    const timer = setTimeout(() => setScan(undefined), 6000);
    return () => clearTimeout(timer);
  }, [scan]);
  if (!scan) return null;
  return (
    <div className="scan-notice" role="status" data-testid="scan-notice">
      {t('scanning.received')} <strong data-testid="scan-data">{scan.data}</strong>
    </div>
  );
}
