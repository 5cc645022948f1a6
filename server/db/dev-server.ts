import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Finds a MongoDB server, in the order docs/decisions/0002-dev-database.md gives:
 *   1. MONGODB_URI, when set;
 *   2. a real mongod through mongodb-memory-server (downloads and caches the binary, or uses
 *      MONGOMS_SYSTEM_BINARY); fails fast on a machine without internet;
 *   3. mongo-java-server, a MongoDB-wire server installed from Maven Central.
 * It logs the server chosen and why each earlier choice was skipped. `npm start`, the tests and
 * the benchmarks all come through here.
 */
export type MongoKind = 'external' | 'mongodb-memory-server' | 'mongo-java-server';

export interface ResolvedMongo {
  uri: string;
  kind: MongoKind;
  /** The server's process when it is a child of this one (for the benchmarks' CPU figures). */
  pid?: number;
  stop(): Promise<void>;
}

export interface ResolveOptions {
  uri?: string | undefined;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Skip a step by name, e.g. when a caller already knows mongod cannot be had. */
  skip?: MongoKind[];
  /** Keep data on disk (mongo-java-server's H2 backend) instead of in memory. */
  dataFile?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
const javaDir = join(projectRoot, 'scripts', 'mongo-java-server');
const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nhip-cau');
const execFileAsync = promisify(execFile);
const MEMORY_SERVER_TIMEOUT_MS = 30_000;

export async function resolveMongo(opts: ResolveOptions): Promise<ResolvedMongo> {
  const skipped: string[] = [];
  if (opts.uri) {
    opts.log.info({ server: 'external' }, 'MongoDB: using MONGODB_URI');
    return { uri: opts.uri, kind: 'external', stop: async () => {} };
  }
  skipped.push('MONGODB_URI is not set');
  const skip = new Set(opts.skip ?? []);
  if (skip.has('mongodb-memory-server')) {
    skipped.push('mongodb-memory-server skipped on request');
  } else {
    try {
      const found = await startMemoryServer();
      opts.log.info({ server: found.kind, skipped }, 'MongoDB: using a real mongod from mongodb-memory-server');
      return found;
    } catch (err) {
      skipped.push(`mongodb-memory-server failed: ${firstLine(err)}`);
    }
  }
  try {
    const found = await startJavaServer(opts.dataFile);
    opts.log.warn(
      { server: found.kind, skipped },
      'MongoDB: using mongo-java-server, a MongoDB-wire dev server (no transactions, TTL or text indexes); set MONGODB_URI for a real MongoDB',
    );
    return found;
  } catch (err) {
    skipped.push(`mongo-java-server failed: ${firstLine(err)}`);
  }
  throw new Error(`No MongoDB server could be found or started:\n  - ${skipped.join('\n  - ')}`);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'npm_config_https_proxy', 'npm_config_proxy'];

/**
 * Where mongodb-memory-server would download mongod from (its URL setting, then its mirror, else
 * MongoDB's), or null when that cannot be judged by a direct connection (a proxy is configured).
 */
function downloadTarget(): { host: string; port: number } | null {
  if (PROXY_VARIABLES.some((v) => process.env[v])) return null;
  try {
    const url = new URL(process.env.MONGOMS_DOWNLOAD_URL ?? process.env.MONGOMS_DOWNLOAD_MIRROR ?? 'https://fastdl.mongodb.org');
    return { host: url.hostname, port: url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443 };
  } catch {
    return null;
  }
}

/** True when a TCP connection opens within the time: a quick "can we download?". */
function reachable(target: { host: string; port: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: target.host, port: target.port, timeout: timeoutMs });
    const end = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.once('connect', () => end(true));
    socket.once('timeout', () => end(false));
    socket.once('error', () => end(false));
  });
}

async function startMemoryServer(): Promise<ResolvedMongo> {
  const { MongoMemoryServer, DryMongoBinary } = await import('mongodb-memory-server');
  // Without a mongod already here (cache or MONGOMS_SYSTEM_BINARY), it would download one: on a
  // machine without internet, say so in one line instead of letting the download fail noisily.
  // (Behind a proxy a direct connection proves nothing: then the download is simply tried.)
  const binary = await DryMongoBinary.generateOptions()
    .then((o) => DryMongoBinary.locateBinary(o))
    .catch(() => undefined);
  const target = binary ? null : downloadTarget();
  if (target && !(await reachable(target, 3_000))) {
    throw new Error(`no mongod binary is cached and ${target.host} cannot be reached to download one`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out starting mongod')), MEMORY_SERVER_TIMEOUT_MS);
  });
  try {
    const server = await Promise.race([MongoMemoryServer.create(), timeout]);
    const pid = server.instanceInfo?.instance.mongodProcess?.pid;
    return {
      uri: server.getUri(),
      kind: 'mongodb-memory-server',
      ...(pid ? { pid } : {}),
      stop: async () => {
        await server.stop();
      },
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves (and caches) the Java classpath and the compiled launcher, then starts the server. */
async function startJavaServer(dataFile?: string): Promise<ResolvedMongo> {
  const pom = readFileSync(join(javaDir, 'pom.xml'), 'utf8');
  const launcher = readFileSync(join(javaDir, 'DevMongo.java'), 'utf8');
  const key = createHash('sha256').update(pom).update(launcher).digest('hex').slice(0, 16);
  const dir = join(cacheDir, `mongo-java-server-${key}`);
  mkdirSync(dir, { recursive: true });
  const cpFile = join(dir, 'classpath.txt');
  if (!existsSync(cpFile)) {
    await execFileAsync('mvn', ['-q', '-B', '-f', join(javaDir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], {
      timeout: 300_000,
    });
  }
  const classpath = readFileSync(cpFile, 'utf8').trim();
  if (!existsSync(join(dir, 'DevMongo.class'))) {
    await execFileAsync('javac', ['-cp', classpath, '-d', dir, join(javaDir, 'DevMongo.java')], { timeout: 120_000 });
  }
  const args = ['-Xss4m', '-cp', `${dir}:${classpath}`, 'DevMongo', '0', ...(dataFile ? [dataFile] : [])];
  // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and the database
  // must outlive the requests still being finished; it stops when told, or when our end of its
  // stdin closes (this process exited, however it ended).
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const port = await waitForPort(child);
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    kind: 'mongo-java-server',
    ...(child.pid ? { pid: child.pid } : {}),
    stop: () => stopChild(child),
  };
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`mongo-java-server did not start: ${err.slice(0, 500)}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mongo-java-server exited with ${code}: ${err.slice(0, 500)}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.stdin?.end(); // the launcher exits when its stdin closes
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/** For CI scripts: warm the cache so the first test does not pay for Maven. */
export async function prepareJavaServer(): Promise<void> {
  const s = await startJavaServer();
  await s.stop();
}
