// Each feature keeps its strings beside its code (renderer/src/features/<name>/locales.ts) and
// registers them here under its own namespace key, so features never edit one shared file.
import type { FeatureLocales } from './locale-shape.js';
import { adminLocales } from '../features/admin/locales.js';
import { assistLocales } from '../features/assist/locales.js';
import { elderLocales } from '../features/elder/locales.js';
import { personalCodeLocales } from '../features/scanning/locales.js';
import { sessionLocales } from '../features/session/locales.js';
import { queueLocales } from '../features/queue/locales.js';
import { o2oLocales } from '../features/o2o/locales.js';
import { proxyLocales } from '../features/proxy/locales.js';
import { o2oIdentityLocales } from '../features/o2o/identity-locales.js';
import { phoneUploadLocales } from '../features/o2o/phone-upload-locales.js';
import { keyboardLocales } from '../features/keyboard/locales.js';
import { hostMessageLocales } from '../features/host-messages/locales.js';
import { liveHelpLocales } from '../features/remote-help/live-locales.js';
import { remoteHelpLocales } from '../features/remote-help/locales.js';

/** namespace → strings per language; t('queue.callNext') reads FEATURE_LOCALES.queue[lng].callNext. */
export const FEATURE_LOCALES: Record<string, FeatureLocales<object>> = {
  admin: adminLocales,
  assist: assistLocales,
  elder: elderLocales,
  personalCode: personalCodeLocales,
  session: sessionLocales,
  queue: queueLocales,
  o2o: o2oLocales,
  proxy: proxyLocales,
  o2oIdentity: o2oIdentityLocales,
  phoneUpload: phoneUploadLocales,
  keyboard: keyboardLocales,
  hostMessages: hostMessageLocales,
  liveHelp: liveHelpLocales,
  remoteHelp: remoteHelpLocales,
};
