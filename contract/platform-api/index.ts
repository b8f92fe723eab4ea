export * from './access.js';
export * from './route.js';
export * from './routes.js';
export * from './schemas.js';
export * from './terminals.js';
export * from './paths.js';
