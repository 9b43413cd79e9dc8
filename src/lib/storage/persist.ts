// What the browser says of this site's storage (use, quota, persistence), and asking it to keep our data.

export interface StorageInfo {
  usage?: number;
  quota?: number;
  persisted?: boolean;
}

/** Storage use and quota as the browser reports them (undefined fields when the API is missing). */
export async function storageEstimate(): Promise<StorageInfo> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.estimate) return {};
  const [est, persisted] = await Promise.all([
    storage.estimate(),
    storage.persisted ? storage.persisted() : Promise.resolve(undefined),
  ]);
  return { usage: est.usage, quota: est.quota, persisted };
}

/** Ask the browser not to evict our data under storage pressure; returns whether it agreed. */
export async function requestPersistence(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist) return false;
  if (storage.persisted && (await storage.persisted())) return true;
  return storage.persist();
}
