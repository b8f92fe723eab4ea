import { useEffect, useRef, useState } from 'react';
import type { QueueConnectivity } from '../../../../contract/api/queue.js';
import { QueueEvent, type QueueSnapshot } from '../../../../contract/queue.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { hostClock } from '../../app/host-clock.js';

export interface QueueView {
  snapshot: QueueSnapshot | null;
  connectivity: QueueConnectivity;
  counterId?: string;
  /** Keys of a 5-key evaluator typing as a keyboard, 非常满意 first. */
  evaluatorKeys?: string[];
  /** False on a display configured to call silently. */
  voice?: boolean;
  /** The latest call or recall, with the time this page received it (epoch ms). */
  lastCall?: { event: QueueEvent; receivedAt: number };
  recentCalls: QueueEvent[];
}

// The host client checks each event against this schema; compile it before the first call arrives.
QueueEvent.safeParse({});

/** The hall queue as this page sees it: a snapshot, then every pushed event (snapshot refreshed after bursts). */
export function useQueue(client: HallHostClient, onEvent?: (event: QueueEvent) => void): QueueView {
  const [view, setView] = useState<QueueView>({ snapshot: null, connectivity: { online: false, pendingOffline: 0, leased: {} }, recentCalls: [] });
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Answers can overtake each other: only the latest request's answer is applied, so an older
    // snapshot never replaces a newer one (a call would vanish until the next event).
    let latest = 0;
    const refresh = () => {
      const request = ++latest;
      void client.call('queue.snapshot', {}).then((result) => {
        if (!live || !result.ok || request !== latest) return;
        const { snapshot, connectivity, counterId, evaluatorKeys, voice } = result.value;
        setView((v) => ({
          ...v,
          snapshot,
          connectivity,
          ...(counterId ? { counterId } : {}),
          ...(evaluatorKeys ? { evaluatorKeys } : {}),
          ...(voice === false ? { voice } : {}),
        }));
      });
    };
    refresh();
    const offEvent = client.on('queue.event', (event) => {
      // A parked ticket called back is a call like any other (announced, shown as now calling).
      if (event.type === 'ticket.called' || event.type === 'ticket.recalled' || event.type === 'ticket.unparked') {
        const receivedAt = hostClock.nowMs();
        setView((v) => ({ ...v, lastCall: { event, receivedAt }, recentCalls: [event, ...v.recentCalls].slice(0, 8) }));
      }
      handler.current?.(event);
      clearTimeout(timer);
      timer = setTimeout(refresh, 80);
    });
    const offConn = client.on('queue.connectivity', (connectivity) => {
      setView((v) => ({ ...v, connectivity }));
      if (connectivity.online) refresh();
    });
    const offHost = client.onConnectionChange((connected) => connected && refresh());
    return () => {
      live = false;
      clearTimeout(timer);
      offEvent();
      offConn();
      offHost();
    };
  }, [client]);
  return view;
}

/**
 * Service name for the page's language. The hall names services in Chinese and English only:
 * English pages get the English name, every other page (Uyghur included) the official Chinese one.
 */
export function serviceName(snapshot: QueueSnapshot | null, code: string, language: string): string {
  const service = snapshot?.config.services.find((s) => s.code === code);
  if (!service) return code;
  return serviceNameLanguage(language) === 'en' ? (service.nameEn ?? service.name) : service.name;
}

/** The language a service name is shown in, for the element's lang attribute. */
export function serviceNameLanguage(language: string): 'en' | 'zh-CN' {
  return language === 'en' ? 'en' : 'zh-CN';
}
