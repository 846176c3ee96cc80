// Entry point of `npm start`: serves dist/ and the share API on one port (configuration: server/README.md).
import { DAY_MS, startApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { openStorage } from './storage/open.ts';

let config;
let storage;
try {
  config = configFromEnv();
  storage = await openStorage(config.storage, config.storageTimeoutMs);
} catch (e) {
  // A bad setting or a database that cannot be opened (corrupt, read-only): one line naming it, no stack trace.
  console.error(`heapdrop: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const running = await startApp(
  {
    storage,
    distDir: config.distDir,
    ttlMs: config.ttlDays * DAY_MS,
    maxUploadBytes: config.maxUploadBytes,
    ratePerMinute: config.ratePerMinute,
    clientBytesPerDay: config.clientBytesPerDay,
    maxStoreBytes: config.maxStoreBytes,
    readsPerMinute: config.readsPerMinute,
    downloadsPerClient: config.downloadsPerClient,
    downloadsTotal: config.downloadsTotal,
    trustProxy: config.trustProxy,
    purgeIntervalMs: config.purgeIntervalMs,
  },
  config.port,
  config.host,
);
const where = config.storage.kind === 's3' ? `s3 bucket ${config.storage.bucket}` : `sqlite in ${config.storage.dataDir}`;
console.log(`heapdrop listening on http://localhost:${config.port} (storage: ${where}; app: ${config.distDir})`);
running.purge().catch((e: unknown) => console.error(`purge failed: ${e instanceof Error ? e.message : String(e)}`));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
