// Entry of the SQLite child process: loads the TypeScript sources through tsx (a forked process is started
// without the parent's --import hooks), then runs sqlite-worker.ts.
const { register } = await import('tsx/esm/api');
register();
await import('./sqlite-worker.ts');
