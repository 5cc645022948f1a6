import { connect } from 'node:net';
import mongoose from 'mongoose';
import { DryMongoBinary } from 'mongodb-memory-server';
import { describe, expect, it } from 'vitest';
import { resolveMongo } from '../../server/db/dev-server.js';

interface LogLine {
  level: 'info' | 'warn';
  obj: Record<string, unknown>;
  msg: string;
}

function recordingLog(): { lines: LogLine[]; info(obj: object, msg: string): void; warn(obj: object, msg: string): void } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };
}

/** Resolves true when something accepts a TCP connection on the port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// Only where no mongod is cached: with one, mongodb-memory-server would (rightly) start it.
const cached = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions()).catch(() => undefined);

describe('resolveMongo', () => {
  it('uses an explicit URI as an external server, starting nothing, and says so', async () => {
    const log = recordingLog();
    const uri = 'mongodb://db.example.invalid:27017';
    const resolved = await resolveMongo({ uri, log });
    expect(resolved.kind).toBe('external');
    expect(resolved.uri).toBe(uri);
    expect(log.lines).toEqual([{ level: 'info', obj: { server: 'external' }, msg: 'MongoDB: using MONGODB_URI' }]);
    await expect(resolved.stop()).resolves.toBeUndefined();
  });

  it(
    'falls back to mongo-java-server when mongodb-memory-server is skipped, logs why, serves mongoose, and stops',
    { timeout: 180_000 },
    async () => {
      const log = recordingLog();
      const resolved = await resolveMongo({ log, skip: ['mongodb-memory-server'] });
      try {
        expect(resolved.kind).toBe('mongo-java-server');
        expect(resolved.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);
        expect(log.lines).toHaveLength(1);
        const [line] = log.lines;
        expect(line?.level).toBe('warn');
        expect(line?.msg).toMatch(/mongo-java-server/);
        expect(line?.obj).toEqual({
          server: 'mongo-java-server',
          skipped: ['MONGODB_URI is not set', 'mongodb-memory-server skipped on request'],
        });

        const conn = await mongoose
          .createConnection(resolved.uri, { dbName: 'dev_server_test', serverSelectionTimeoutMS: 5_000 })
          .asPromise();
        try {
          const things = conn.collection('things');
          await things.insertOne({ name: 'Bệnh viện Đa khoa tỉnh Lào Cai', beds: 850 });
          expect(await things.findOne({ beds: 850 }, { projection: { _id: 0 } })).toEqual({
            name: 'Bệnh viện Đa khoa tỉnh Lào Cai',
            beds: 850,
          });
        } finally {
          await conn.close();
        }
      } finally {
        await resolved.stop();
      }
      const port = Number(new URL(resolved.uri).port);
      expect(await portOpen(port)).toBe(false);
    },
  );

  it.skipIf(cached !== undefined)(
    'with no mongod cached and its download host unreachable, skips mongodb-memory-server at once with the reason',
    { timeout: 180_000 },
    async () => {
      const log = recordingLog();
      // The download mirror, and no proxy (behind one the resolver cannot judge and just tries).
      const saved = Object.fromEntries(['MONGOMS_DOWNLOAD_URL', 'MONGOMS_DOWNLOAD_MIRROR', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'npm_config_https_proxy', 'npm_config_proxy'].map((k) => [k, process.env[k]]));
      for (const k of Object.keys(saved)) delete process.env[k];
      process.env.MONGOMS_DOWNLOAD_MIRROR = 'https://127.0.0.1:9';
      try {
        const resolved = await resolveMongo({ log });
        await resolved.stop();
        expect(resolved.kind).toBe('mongo-java-server');
        expect(log.lines[0]?.obj.skipped).toEqual([
          'MONGODB_URI is not set',
          'mongodb-memory-server failed: no mongod binary is cached and 127.0.0.1 cannot be reached to download one',
        ]);
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    },
  );
});
