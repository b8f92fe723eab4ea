import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './app-root.js';

/** The product version from package.json, read once. */
export const PRODUCT_VERSION: string = (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
