// Signs a release's feed file for terminals: `npx tsx scripts/sign-update-feed.ts --key FILE [--key-id ID] dist/latest-linux.yml`
// writes `dist/latest-linux.yml.sig`; publish both (and the package) to the platform's updates folder.
// `--new-key FILE` instead makes a release key pair: the private key into FILE (0600), the public
// half printed for RELEASE_PUBLIC_KEYS in main/host/features/updates/release-signature.ts.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RELEASE_PUBLIC_KEYS, signatureFileOf, signFeed, verifyFeed } from '../main/host/features/updates/release-signature.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { key: { type: 'string' }, 'key-id': { type: 'string', default: 'hall-release-2026' }, 'new-key': { type: 'string' } },
});

if (values['new-key']) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(values['new-key'], privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  console.log(`public key (add to RELEASE_PUBLIC_KEYS): ${publicKey.export({ format: 'jwk' }).x}`);
} else {
  const [feedFile] = positionals;
  if (!values.key || !feedFile || positionals.length !== 1) {
    console.error('usage: sign-update-feed.ts --key FILE [--key-id ID] FEED.yml  |  --new-key FILE');
    process.exit(2);
  }
  const feed = readFileSync(feedFile);
  const signature = signFeed(feed, values['key-id'], readFileSync(values.key, 'utf8'));
  // Refuse to publish what the built-in keys would not accept.
  verifyFeed(feed, signature, RELEASE_PUBLIC_KEYS);
  writeFileSync(signatureFileOf(feedFile), signature);
  console.log(`signed ${feedFile} → ${signatureFileOf(feedFile)}`);
}
