import type { LocaleMessages } from './zh-CN.js';

const en: LocaleMessages = {
  app: {
    title: 'Government Services Self-Service Terminal',
    roleTitle: {
      kiosk: 'Government Services Self-Service Terminal',
      counter: 'Service Counter',
      display: 'Queue Information',
      'proxy-point': 'Village Proxy Service Point',
    },
    hallLabel: 'Service hall',
    terminalLabel: 'Terminal',
    loading: 'Starting, one moment…',
    hostUnavailable: 'Cannot reach the terminal service. Retrying…',
    missingToken: 'The session token is missing. Open this page with the full address the terminal printed when it started.',
  },
  language: {
    switchTo: 'Switch language',
    name: 'English',
  },
  tiles: {
    guide: { title: 'Service guide', subtitle: 'Materials, steps and time limits' },
    apply: { title: 'Apply', subtitle: 'Hand in everything at once' },
    track: { title: 'Track', subtitle: 'Scan or type your tracking code' },
    ticket: { title: 'Take a ticket', subtitle: 'Queue for a counter' },
    appointment: { title: 'Check in', subtitle: 'For booked appointments' },
    evaluate: { title: 'Rate us', subtitle: 'Tell us how we served you' },
  },
  service: {
    notYetHere: 'This service is not offered at this terminal yet. Please ask at a counter.',
    back: 'Back to home',
  },
  devices: {
    heading: 'Devices',
    kind: {
      'idcard-reader': 'ID card reader',
      scanner: 'Scanner',
      printer: 'Printer',
      'led-screen': 'Window screen',
      evaluator: 'Rating keypad',
      camera: 'Document camera',
    },
    state: {
      connecting: 'connecting',
      connected: 'ready',
      busy: 'busy',
      fault: 'fault',
      disconnected: 'not connected',
    },
    simulated: 'simulated',
  },
  idcard: {
    heading: 'Card read',
    type: {
      resident: 'Resident ID card',
      'gat-residence-permit': 'HK/Macao/Taiwan residence permit',
      'foreign-permanent-old': 'Foreign permanent residence card',
      'foreign-permanent-2023': 'Foreign permanent resident ID card',
    },
    checkFailed: 'The ID number failed its check. Please have it verified at a counter.',
    expired: 'This card has expired',
    takeCard: 'Please take your card',
    endSession: 'Finish',
  },
  simulators: {
    heading: 'Simulated devices',
    card: 'Simulated card',
    cards: {
      resident: 'Resident ID card (sample)',
      gat: 'HK/Macao/Taiwan residence permit (sample)',
      'foreign-old': 'Old foreign permanent residence card (sample)',
      'foreign-2023': '2023 foreign permanent resident ID card (sample)',
      'invalid-check': 'Card with a wrong check character (sample)',
      elder: 'ID card of an 82-year-old (sample)',
    },
    placeCard: 'Place card',
    removeCard: 'Remove card',
    code: 'Code content',
    scan: 'Scan',
    paperOut: 'Paper out',
    coverOpen: 'Open cover',
    recover: 'Back to normal',
    testPrint: 'Print a test ticket',
    testHall: 'Sample Government Service Hall',
    testService: 'Social security',
    printed: 'Printed',
    refused: 'Print refused',
    done: 'Done',
  },
  scanning: {
    received: 'Scanned:',
  },
  sync: {
    heading: 'Network',
    connectivity: { online: 'Online', degraded: 'Unstable network', offline: 'Offline' },
    pending: '{{count}} waiting to sync',
    lastSync: 'Last sync {{time}}',
    never: 'Not synced yet',
    hostLink: 'Terminal service disconnected',
  },
};

export default en;
