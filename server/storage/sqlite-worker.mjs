// Entry of the SQLite worker thread: loads the TypeScript sources through tsx (a worker does not inherit the
// parent's --import hooks), then runs sqlite-worker.ts.
const { register } = await import('tsx/esm/api');
register();
await import('./sqlite-worker.ts');
