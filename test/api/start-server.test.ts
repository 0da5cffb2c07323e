// Graceful close in-process: in-flight requests finish, new connections are refused, then the store is closed.
import { rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
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
    // The real store with one call held open until the test releases it, so the request is surely in flight when
    // close() starts. Order is recorded on the server side ('finish' = the whole response handed to the socket),
    // because when the client sees its response relative to onClosed is up to the event loop, not the server.
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = Object.create(sample.store) as FindingsStore;
    held.listRuns = async (options) => {
      entered();
      await gate;
      return sample.store.listRuns(options);
    };
    const app = createApp({ store: held, keys: [KEYS.admin.record], logger: pino({ level: 'silent' }) });
    const events: string[] = [];
    const recorded: RequestListener = (req, res) => {
      res.on('finish', () => events.push(`response ${res.statusCode} sent`));
      app(req, res);
    };
    const running = await startServer(recorded, {
      host: '127.0.0.1',
      port: 0,
      onClosed: async () => {
        events.push('store closed');
      },
    });
    const inFlight = fetch(`${running.url}/v1/runs`, { headers: bearer(KEYS.admin.key) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { items: { id: string }[] },
    }));
    await inHandler;
    const closing = running.close();
    await expect(fetch(`${running.url}/v1/health`)).rejects.toThrow();
    expect(events).toEqual([]);
    release();
    const answer = await inFlight;
    await closing;
    expect(answer.status).toBe(200);
    expect(answer.body.items[0]?.id).toBe(sample.run.id);
    expect(events).toEqual(['response 200 sent', 'store closed']);
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
