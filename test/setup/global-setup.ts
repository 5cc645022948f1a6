import type { TestProject } from 'vitest/node';
import { resolveMongo, type ResolvedMongo } from '../../server/db/dev-server.js';

/**
 * One MongoDB-wire server for the whole run, resolved the same way `npm start` does; each test
 * file then works in a database of its own (test/setup/test-app.ts).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let mongo: ResolvedMongo | undefined;

export async function setup(project: TestProject): Promise<void> {
  const log = {
    info: (obj: object, msg: string) => console.log(`[test db] ${msg}`, JSON.stringify(obj)),
    warn: (obj: object, msg: string) => console.log(`[test db] ${msg}`, JSON.stringify(obj)),
  };
  mongo = await resolveMongo({ uri: process.env.MONGODB_URI, log, skip: process.env.NHIPCAU_SKIP_MEMORY_SERVER ? ['mongodb-memory-server'] : [] });
  project.provide('mongoUri', mongo.uri);
}

export async function teardown(): Promise<void> {
  await mongo?.stop();
}
