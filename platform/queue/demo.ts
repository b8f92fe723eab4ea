// The hall a fresh install starts with, so `npm start` has services, counters and appointments to try.
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import type { HallQueueConfig } from '../../contract/queue.js';

export const DEMO_HALL_CONFIG: HallQueueConfig = {
  hallName: '示范政务服务大厅',
  queues: [
    { prefix: 'A', name: '社保医保', windowArea: 'A 区 1–3 号窗口' },
    { prefix: 'B', name: '户籍证照', windowArea: 'B 区 4–6 号窗口' },
    { prefix: 'C', name: '综合受理', windowArea: 'C 区 7–8 号窗口' },
  ],
  services: [
    { code: 'social-security', name: '社保业务', nameEn: 'Social security', queue: 'A' },
    { code: 'medical-insurance', name: '医保业务', nameEn: 'Medical insurance', queue: 'A' },
    { code: 'household', name: '户籍业务', nameEn: 'Household registration', queue: 'B' },
    { code: 'id-card', name: '身份证办理', nameEn: 'ID cards', queue: 'B' },
    { code: 'general', name: '综合受理', nameEn: 'General applications', queue: 'C' },
  ],
  counters: [
    { id: 'counter-1', name: '1号窗口', number: '1', services: ['social-security', 'medical-insurance'] },
    { id: 'counter-2', name: '2号窗口', number: '2', services: ['social-security', 'medical-insurance', 'general'] },
    { id: 'counter-3', name: '3号窗口', number: '3', services: ['social-security', 'medical-insurance', 'household', 'id-card', 'general'] },
    { id: 'counter-4', name: '4号窗口', number: '4', services: ['household', 'id-card'] },
  ],
  ordering: { kind: 'strict', rank: ['vip', 'disabled', 'elderly', 'pregnant', 'appointment', 'normal'] },
  recall: { max: 3, minGapSeconds: 10 },
  allowPickOutOfOrder: false,
  autoCallNext: false,
  leaseBlockSize: 20,
  leaseNumbersFrom: 501,
  followUpDeadline: { days: 5, workingDays: true },
  defaultServiceMinutes: 5,
  callingRules: { appointmentsAtSlot: true },
  dayBoundary: { resetAt: '00:00', keepOvernight: false },
  followUpTimers: { contactMinutes: 60, resolveMinutes: 24 * 60 },
  liveHelpRingSeconds: 45,
  // No LAN address yet: tickets print without a QR until the hall configures the one phones reach.
  liveTicket: { awayMinutes: 15 },
  reminders: { firstAtPeopleAhead: 3, reminders: 2, atCall: true },
  silentCalling: { showMaskedName: true },
  askPhoneAtKiosk: false,
  // Clerks may sign in (the embedded platform seeds a demo clerk); a hall that wants every call named turns signInRequired on.
  clerks: { idleSignOutMinutes: 30, signInRequired: false },
};

/**
 * Appointments seeded for each day in demo mode. The ID numbers are those of the invented people on
 * the ID-card simulator's fictional cards (drivers/idcard/simulator/test-cards.ts), so a swipe checks in.
 */
export const DEMO_APPOINTMENTS = [
  { service: 'household', slot: '09:30', idNumber: withIdNumberCheckCharacter('11010519900307123'), maskedName: '张**' },
  { service: 'social-security', slot: '10:00', idNumber: withIdNumberCheckCharacter('81000019850615002'), maskedName: '陈**' },
];
