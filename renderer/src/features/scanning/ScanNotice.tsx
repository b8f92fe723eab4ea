import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonalCodeVerdict } from '../../../../contract/api/personal-code.js';
import type { TerminalInfo } from '../../../../contract/host-api.js';
import { looksLikePersonalCode } from '../../../../contract/personal-code.js';
import { looksLikeAgentCard } from '../../../../contract/proxy-agent.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useFormat } from '../../i18n/format.js';
import { announcePersonalCodeScan } from './personal-code-scans.js';
import { useScans, type UiScan } from './use-scans.js';

/** Confirms a scan to the person holding the code; the service screens act on it. */
export function ScanNotice({ client, info }: { client: HallHostClient; info: TerminalInfo }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [scan, setScan] = useState<UiScan>();
  const [verdict, setVerdict] = useState<PersonalCodeVerdict>();
  useScans(client, info, (next) => {
    setScan(next);
    setVerdict(undefined);
    // A personal code is checked at once, offline, by the host; the screen says what it found.
    if (looksLikePersonalCode(next.data))
      void client.call('personalCode.verify', { code: next.data }).then((r) => {
        if (!r.ok) return;
        setVerdict(r.value);
        announcePersonalCodeScan({ code: next.data, verdict: r.value });
      });
  });
  useEffect(() => {
    if (!scan) return;
    const timer = setTimeout(() => setScan(undefined), 6000);
    return () => clearTimeout(timer);
  }, [scan]);
  // What the last citizen scanned is not shown to the next.
  useEffect(
    () =>
      client.on('session.ended', () => {
        setScan(undefined);
        setVerdict(undefined);
      }),
    [client],
  );
  // An agent card carries its card secret: never shown on screen (the proxy sign-in acts on it).
  if (!scan || looksLikeAgentCard(scan.data)) return null;
  if (looksLikePersonalCode(scan.data)) {
    if (!verdict) return null;
    return (
      <div
        className={`scan-notice ${verdict.valid ? '' : 'scan-refused'}`}
        role={verdict.valid ? 'status' : 'alert'}
        data-testid="personal-code-result"
        data-valid={verdict.valid}
      >
        {verdict.valid
          ? t('personalCode.verified', { name: format.name(verdict.maskedName), date: format.date(verdict.expiresAt) })
          : t(`personalCode.refusal.${verdict.refusal}`)}
      </div>
    );
  }
  return (
    <div className="scan-notice" role="status" data-testid="scan-notice">
      {t('scanning.received')}{' '}
      <strong dir="ltr" data-testid="scan-data">
        {scan.data}
      </strong>
    </div>
  );
}
