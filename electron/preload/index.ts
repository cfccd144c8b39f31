// Preload: exposes window.farmBridge with one function per contract method (built from the contract) and event subscription.
// Nothing else: no Node, no raw ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { listMethods } from '../shared/contract/index.js';

const CALL_PREFIX = 'farm:call:';
const methods = new Set(listMethods().map((m) => m.method as string));

const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on('farm:event', (_event, name: string, payload: unknown) => {
  for (const listener of eventListeners.get(name) ?? []) listener(payload);
});

/** One function per contract entry, grouped: farm.app.info(input), farm.printers.list()… */
const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
for (const method of methods) {
  const [group, name] = method.split('.');
  (api[group] ??= {})[name] = (input?: unknown) => ipcRenderer.invoke(CALL_PREFIX + method, input);
}

contextBridge.exposeInMainWorld('farm', api);
contextBridge.exposeInMainWorld('farmBridge', {
  /** The path of a dropped/picked File (Electron ≥ 32 removed File.path), so the Files room can call files.importPath. */
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  call: (method: string, input: unknown) =>
    methods.has(method) ? ipcRenderer.invoke(CALL_PREFIX + method, input) : Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `There is no method '${method}'.` } }),
  subscribe(event: string, listener: (payload: unknown) => void) {
    let set = eventListeners.get(event);
    if (!set) {
      eventListeners.set(event, (set = new Set()));
      void ipcRenderer.invoke('farm:subscribe', event);
    }
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) {
        eventListeners.delete(event);
        void ipcRenderer.invoke('farm:unsubscribe', event);
      }
    };
  },
});
