// Writes platform/README.md's route table from contract/platform-api/routes.ts (`npm run docs:platform`).
import { readFileSync, writeFileSync } from 'node:fs';
import { routeTableMarkdown, withRouteTable } from '../contract/platform-api/route-docs.js';
import { platformApi } from '../contract/platform-api/routes.js';

const README = new URL('../platform/README.md', import.meta.url);
const before = readFileSync(README, 'utf8');
const after = withRouteTable(before, routeTableMarkdown(platformApi));
if (after === before) console.log('platform/README.md: route table already current');
else {
  writeFileSync(README, after);
  console.log('platform/README.md: route table rewritten');
}
