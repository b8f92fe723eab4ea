import Fastify, { type FastifyInstance } from 'fastify';

export interface PlatformOptions {
  version: string;
  /** Fastify logger; off by default (the embedding host logs for it). */
  logger?: boolean;
}

export interface RunningPlatform {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** The reference online platform that terminals sync with. */
export function buildPlatform(options: PlatformOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });
  app.get('/health', async () => ({ status: 'ok', service: 'hall-platform', version: options.version, time: new Date().toISOString() }));
  return app;
}

export async function startPlatform(options: PlatformOptions & { host?: string; port?: number }): Promise<RunningPlatform> {
  const app = buildPlatform(options);
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return { app, url: address, close: () => app.close() };
}
