// Concrete paths of the sync routes, derived from the one table (tests and tools build URLs with these).
import { buildPath } from './route.js';
import { platformApi } from './routes.js';

export const syncPaths = {
  register: platformApi.enrol.path,
  status: platformApi.status.path,
  push: platformApi.push.path,
  pull: platformApi.pull.path,
  blob: (sha256: string) => buildPath(platformApi.blobStatus, { sha256 }),
  seed: (dataset: string) => buildPath(platformApi.adminSeedDataset, { dataset }),
  rejected: platformApi.adminRejected.path,
  revoke: (terminalId: string) => buildPath(platformApi.adminTerminalRevoke, { terminalId }),
} as const;
