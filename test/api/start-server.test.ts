// Graceful close in-process: in-flight requests finish, new connections are refused, then the store is closed.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { startServer } from '../../src/api/start-server.js';
import type { FindingsStore } from '../../src/store/findings-store.js';
import { bearer, createSampleStore, KEYS, type SampleStore } from './api-fixture.js';
import { pino } from 'pino';

let sample: SampleStore;

beforeAll(async () => {
  sample = await createSampleStore();
}, 120_000);

afterAll(async () => {
  await sample?.store.close();
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

describe('startServer', () => {
  it('close() lets an in-flight request finish, refuses new connections, then runs onClosed', async () => {
    // The real store with one call slowed down, so a request is surely in flight when close() starts.
    const slow = Object.create(sample.store) as FindingsStore;
    slow.listRuns = async (options) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return sample.store.listRuns(options);
    };
    const app = createApp({ store: slow, keys: [KEYS.admin.record], logger: pino({ level: 'silent' }) });
    const events: string[] = [];
    const running = await startServer(app, {
      host: '127.0.0.1',
      port: 0,
      onClosed: async () => {
        events.push('store closed');
      },
    });
    const inFlight = fetch(`${running.url}/v1/runs`, { headers: bearer(KEYS.admin.key) }).then(async (response) => {
      events.push(`in-flight ${response.status}`);
      return (await response.json()) as { items: { id: string }[] };
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = running.close();
    await expect(fetch(`${running.url}/v1/health`)).rejects.toThrow();
    const body = await inFlight;
    await closing;
    expect(body.items[0]?.id).toBe(sample.run.id);
    expect(events).toEqual(['in-flight 200', 'store closed']);
    await running.close(); // idempotent
  });

  it('reports a port that is taken', async () => {
    const app = createApp({ store: sample.store, keys: [], logger: pino({ level: 'silent' }) });
    const first = await startServer(app, { host: '127.0.0.1', port: 0 });
    try {
      await expect(startServer(app, { host: '127.0.0.1', port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
