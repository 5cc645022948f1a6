import { prepareJavaServer } from '../server/db/dev-server.js';

/** Warms the cache of the fallback dev database (Maven classpath, compiled launcher) before tests. */
await prepareJavaServer();
console.log('mongo-java-server is ready');
