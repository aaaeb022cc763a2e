/**
 * Opens a workspace's small IndexedDB database of one object store (relay marks, refused
 * changes): made at version 1 with `keyPath`; closed at once when another context deletes it (an
 * erase of the workspace must not wait for us).
 */
export function openSmallDb(factory: IDBFactory, name: string, store: string, keyPath: string): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(store, { keyPath });
    req.onsuccess = () => {
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
  });
}
