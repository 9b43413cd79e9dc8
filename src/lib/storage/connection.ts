// The one open connection to the results database (opened and migrated on first use), and the quota-error wrapper.
import { openDB, type IDBPDatabase } from 'idb';
import { isQuotaError, StorageQuotaError } from './quota';
import { DB_VERSION, DEFAULT_DB_NAME, migrate, type ResultsDb } from './schema';
import { forgetLayouts } from './pages';

let current: { name: string; db: Promise<IDBPDatabase<ResultsDb>> } | null = null;

/** Open (and migrate) the results database; later calls of the functions below use it. */
export function openDb(name: string = DEFAULT_DB_NAME): Promise<IDBPDatabase<ResultsDb>> {
  if (current?.name === name) return current.db;
  if (current) void current.db.then((d) => d.close()).catch(() => undefined);
  forgetLayouts();
  const entry = {
    name,
    db: openDB<ResultsDb>(name, DB_VERSION, {
      upgrade: (db, oldVersion, newVersion, tx) =>
        migrate(db as never, oldVersion, newVersion ?? DB_VERSION, tx as never),
      // another tab wants a newer schema: let it, and reopen on next use
      blocking: () => {
        void entry.db.then((d) => d.close());
        if (current === entry) current = null;
      },
      terminated: () => {
        if (current === entry) current = null;
      },
    }),
  };
  current = entry;
  entry.db.catch(() => {
    if (current === entry) current = null;
  });
  return entry.db;
}

/** Name of the database the functions below use (opened, or about to be on first use). */
export function currentDbName(): string {
  return current?.name ?? DEFAULT_DB_NAME;
}

/** Close the connection (tests, or before deleting the database). */
export async function closeDb(): Promise<void> {
  const c = current;
  current = null;
  forgetLayouts();
  if (c) (await c.db).close();
}

export function db(): Promise<IDBPDatabase<ResultsDb>> {
  return current?.db ?? openDb();
}

/** Run a write, turning a full disk into StorageQuotaError. */
export async function writing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw isQuotaError(e) ? new StorageQuotaError(e) : e;
  }
}
