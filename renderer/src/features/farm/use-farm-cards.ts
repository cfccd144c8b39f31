// Hook: the live farm grid. One store per client; the push stream is dropped while the page is hidden (no backlog)
// and re-read from a snapshot when it becomes visible again.
import { useEffect, useSyncExternalStore } from 'react';
import type { FarmClient } from '../../lib/farm-client.js';
import { useFarmClient } from '../../lib/farm-hooks.js';
import { FarmStore, type FarmSnapshot } from './farm-store.js';

const stores = new WeakMap<FarmClient, { store: FarmStore; users: number; stop: (() => void) | null }>();

function connect(client: FarmClient, store: FarmStore): () => void {
  let off: (() => void) | null = null;
  let alive = true;
  const resync = () => {
    void client.call('telemetry.farm').then(
      (full) => alive && store.apply(full),
      () => undefined, // the connection state is shown by the top bar; the next visibility change or gap retries
    );
  };
  const start = () => {
    if (off) return;
    off = client.on('telemetry:farm', (diff) => {
      if (!store.apply(diff)) resync();
    });
    resync();
  };
  const stop = () => {
    off?.();
    off = null;
  };
  const onVisibility = () => (document.hidden ? stop() : start());
  document.addEventListener('visibilitychange', onVisibility);
  if (!document.hidden) start();
  return () => {
    alive = false;
    stop();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

export function useFarmCards(): FarmSnapshot {
  const client = useFarmClient();
  let entry = stores.get(client);
  if (!entry) stores.set(client, (entry = { store: new FarmStore(), users: 0, stop: null }));
  const e = entry;
  useEffect(() => {
    e.users++;
    if (!e.stop) e.stop = connect(client, e.store);
    return () => {
      e.users--;
      if (e.users === 0) {
        e.stop?.();
        e.stop = null;
      }
    };
  }, [client, e]);
  return useSyncExternalStore(e.store.subscribe, e.store.getSnapshot);
}
