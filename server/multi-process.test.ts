// Several server processes behind a load balancer, configured only through the environment (as deployed), sharing
// one S3 bucket (a local moto_server): a share made through one process is read and deleted through another.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { envelopeShaped, freePort, killHard, killServerProcesses, startMoto, startServerProcess, type Moto } from './testing.ts';

let moto: Moto | { unavailable: string } | undefined;
afterEach(killServerProcesses);
afterAll(async () => {
  if (moto && 'stop' in moto) await moto.stop();
});

describe('two processes on one bucket (moto_server)', async () => {
  moto = await startMoto();
  const m = moto;
  if ('unavailable' in m) {
    console.warn(`SKIPPED multi-process S3 test: ${m.unavailable}`);
    it.skip(`multi-process: ${m.unavailable}`, () => {});
    return;
  }

  it('reads and deletes through one process what another stored', async () => {
    const bucket = await m.bucket('heapdrop-multi');
    const env = {
      HEAPDROP_STORAGE: 's3',
      HEAPDROP_S3_BUCKET: bucket.bucket,
      HEAPDROP_S3_ENDPOINT: m.endpoint,
      HEAPDROP_S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await startServerProcess(portA, env);
    const b = await startServerProcess(portB, env);
    const body = envelopeShaped(100_000, 11);
    const created = await fetch(`http://127.0.0.1:${portA}/api/shares`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
    });
    expect(created.status).toBe(201);
    const { id, deleteToken } = (await created.json()) as { id: string; deleteToken: string };

    const got = await fetch(`http://127.0.0.1:${portB}/api/shares/${id}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(body))).toBe(true);

    const wrong = await fetch(`http://127.0.0.1:${portB}/api/shares/${id}`, {
      method: 'DELETE',
      headers: { 'X-Delete-Token': 'A'.repeat(43) },
    });
    expect(wrong.status).toBe(403);
    const del = await fetch(`http://127.0.0.1:${portB}/api/shares/${id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${deleteToken}` },
    });
    expect(del.status).toBe(204);
    const gone = await fetch(`http://127.0.0.1:${portA}/api/shares/${id}`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { state: string }).state).toBe('deleted');
    await Promise.all([killHard(a), killHard(b)]);
  });
});
