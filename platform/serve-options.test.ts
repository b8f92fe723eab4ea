import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WITHDRAW_WINDOW_MINUTES } from '../contract/case.js';
import { readServeOptions, ServeOptionError } from './serve-options.js';

describe('the platform process options, read once for hallctl and platform/serve.ts', () => {
  it('takes the defaults the platform documents when nothing is given', () => {
    const settings = readServeOptions({}, {});
    expect(settings).toMatchObject({ port: 0, host: '127.0.0.1', seedCatalog: false, withdrawWindowMinutes: DEFAULT_WITHDRAW_WINDOW_MINUTES });
    for (const absent of ['dataDir', 'adminToken', 'databaseUrl', 'trustProxy', 'sealingKeyFile', 'blobDir', 'codeKeysDir', 'haochaping', 'notify'])
      expect(settings).not.toHaveProperty(absent);
  });

  it('prefers an option to its variable, and resolves paths', () => {
    const env = { HALL_ADMIN_TOKEN: 'from-env', HALL_DATABASE_URL: 'postgres://env/db', HALL_BLOB_DIR: 'blobs-env', HALL_SEALING_KEY_FILE: '/run/secrets/key' };
    const settings = readServeOptions({ 'admin-token': 'from-option', data: 'rel/data', 'blob-dir': 'blobs' }, env);
    expect(settings).toMatchObject({
      adminToken: 'from-option',
      databaseUrl: 'postgres://env/db',
      dataDir: resolve('rel/data'),
      blobDir: resolve('blobs'),
      sealingKeyFile: '/run/secrets/key',
    });
  });

  it('reads the trusted proxies and the withdrawal window', () => {
    expect(readServeOptions({ 'trust-proxy': '10.0.0.5, 10.1.0.0/16', 'withdraw-window': '0' }, {})).toMatchObject({
      trustProxy: ['10.0.0.5', '10.1.0.0/16'],
      withdrawWindowMinutes: 0,
    });
  });

  it('reads the retention ages of help requests and phone photos, with their defaults', () => {
    expect(readServeOptions({}, {}).retention).toEqual({ helpRequestDays: 30, openHelpRequestDays: 90, phonePhotoMinutes: 60 });
    expect(readServeOptions({ 'help-request-days': '7', 'open-help-request-days': '14', 'phone-photo-minutes': '20' }, {}).retention).toEqual({
      helpRequestDays: 7,
      openHelpRequestDays: 14,
      phonePhotoMinutes: 20,
    });
  });

  it.each([
    [{ 'help-request-days': '0' }, '--help-request-days must be a whole number from 1 to 3650'],
    [{ port: '70000' }, '--port must be a whole number from 0 to 65535'],
    [{ port: '8o80' }, '--port must be a whole number'],
    [{ 'withdraw-window': '-1' }, '--withdraw-window must be a whole number from 0 to 1440'],
    [{ 'trust-proxy': '10.0.0.5,proxy.county.lan' }, '"proxy.county.lan" is not one'],
  ])('refuses %j with a sentence naming the option', (values, message) => {
    expect(() => readServeOptions(values, {})).toThrow(ServeOptionError);
    expect(() => readServeOptions(values, {})).toThrow(message);
  });

  it('refuses a bad hall queue variable the same way', () => {
    expect(() => readServeOptions({}, { HALL_LIVE_TICKET_PER_MINUTE: 'many' })).toThrow(ServeOptionError);
  });
});
