import mongoose from 'mongoose';

/**
 * One mongoose connection per process. Each test file passes its own database name. Mongoose's
 * command buffering is off so a lost database fails a request at once instead of hanging it.
 */
export async function connectDatabase(uri: string, dbName: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  // Buffering stays on while connecting: mongoose re-runs every model's init() on each connect, and
  // without buffering that runs before the client is open, so a second connect in one process failed.
  mongoose.set('bufferCommands', true);
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5_000, autoIndex: true });
  mongoose.set('bufferCommands', false);
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** For /readyz: true when the database answers a ping. */
export async function databaseReachable(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await db.admin().ping();
    return true;
  } catch {
    return false;
  }
}
