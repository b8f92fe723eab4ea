#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader so `npx hallctl …` works straight after install.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/hallctl.ts');
await main();
