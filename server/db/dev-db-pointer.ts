import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * In demo mode the dev database lives inside the `npm start` process. It leaves a pointer here so
 * that command-line tools (`npm run sync`) can reach the same database while the service runs.
 */
const file = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nhip-cau', 'dev-db.json');

export function writeDevDbPointer(uri: string, dbName: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ uri, dbName, pid: process.pid }));
}

export function clearDevDbPointer(): void {
  rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running demo service's database, or null when none runs. */
export function readDevDbPointer(): { uri: string; dbName: string } | null {
  if (!existsSync(file)) return null;
  const p = JSON.parse(readFileSync(file, 'utf8')) as { uri: string; dbName: string; pid: number };
  return alive(p.pid) ? { uri: p.uri, dbName: p.dbName } : null;
}
