import type { CardHolderView } from '../../../../contract/api/idcard.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import { ageOn } from '../../../../contract/age.js';
import { maskIdNumber, maskName } from '../../../../contract/masking.js';
import { IdCardReader, type IdCardReading } from '../../../../drivers/idcard/index.js';
import type { DeviceManager } from '../../device-manager.js';
import type { HostEventBus } from '../../event-bus.js';
import type { CitizenSession } from '../session/citizen-session.js';
import { type Clock } from '../../../../contract/clock.js';
import type { HostFeature } from '../../host-feature.js';
import { DisposableStore } from '../../../../contract/async/disposables.js';

export function holderView(deviceId: string, reading: IdCardReading, today: Date): CardHolderView {
  const { card } = reading;
  const iso = today.toISOString().slice(0, 10);
  return {
    deviceId,
    cardType: card.cardType,
    maskedName: maskName(card.name || card.englishName || ''),
    maskedIdNumber: maskIdNumber(card.idNumber),
    gender: card.gender,
    ...(ageOn(card.birthDate, today) !== undefined ? { age: ageOn(card.birthDate, today) } : {}),
    idNumberValid: card.idNumberValid,
    expired: !card.longTerm && card.validTo !== null && card.validTo < iso,
    photo: reading.photo.status,
  };
}

/** Connects every ID-card reader to the citizen session and tells the UI what it may show. */
export class IdCardFeature implements HostFeature {
  readonly name = 'idcard';
  private readonly subscriptions = new DisposableStore();

  constructor(
    private readonly devices: DeviceManager,
    private readonly session: CitizenSession,
    private readonly bus: HostEventBus,
    private readonly clock: Clock,
  ) {}

  attach(): void {
    for (const reader of this.devices.all().filter((d): d is IdCardReader => d instanceof IdCardReader)) {
      this.subscriptions.addAll(
        reader.on('card', (reading) => {
          this.session.hold(reader.id, reading);
          this.bus.publish('idcard.read', holderView(reader.id, reading, this.clock.now()));
        }),
        reader.on('card-removed', () => this.bus.publish('idcard.removed', { deviceId: reader.id })),
        reader.on('read-error', (error) => this.bus.publish('idcard.error', { deviceId: reader.id, code: error.code, message: error.message })),
      );
    }
  }

  detach(): void {
    this.subscriptions.dispose();
  }

  readonly handlers: Pick<HostHandlers, 'idcard.current' | 'session.end'> = {
    'idcard.current': async () => {
      const held = this.session.card();
      return held ? holderView(held.deviceId, held.reading, this.clock.now()) : null;
    },
    'session.end': async ({ reason }) => {
      const wiped = this.session.wipe();
      this.bus.publish('session.ended', { reason });
      return { wiped };
    },
  };
}
