// The ONLY code that touches ipcMain: one channel per contract method, sender frame checked, input parsed by the dispatcher.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventBus } from '../../engine/bus.js';
import type { Dispatcher } from '../../engine/dispatch.js';
import { fail } from '../../shared/contract/envelope.js';
import { events, type EventName } from '../../shared/contract/events.js';
import { listMethods } from '../../shared/contract/index.js';

export const CALL_PREFIX = 'farm:call:';
export const SUBSCRIBE = 'farm:subscribe';
export const UNSUBSCRIBE = 'farm:unsubscribe';
export const EVENT = 'farm:event';

/** A frame is ours when it is the main frame of our window, loaded from our own bundle or dev server. */
export type FrameCheck = (event: IpcMainInvokeEvent) => boolean;

export function registerIpc(dispatcher: Dispatcher, bus: EventBus, isOwnFrame: FrameCheck): () => void {
  const channels: string[] = [];
  for (const { method } of listMethods()) {
    const channel = CALL_PREFIX + method;
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isOwnFrame(event)) return fail('forbidden', 'IPC from a frame that is not the PrintFarm window.');
      return dispatcher.call(method, input, { door: 'ipc' });
    });
    channels.push(channel);
  }

  const subscriptions = new Map<WebContents, Set<EventName>>();
  ipcMain.handle(SUBSCRIBE, (event, name: unknown) => {
    if (!isOwnFrame(event) || typeof name !== 'string' || !Object.hasOwn(events, name)) return false;
    let set = subscriptions.get(event.sender);
    if (!set) {
      subscriptions.set(event.sender, (set = new Set()));
      event.sender.once('destroyed', () => subscriptions.delete(event.sender));
    }
    set.add(name as EventName);
    return true;
  });
  ipcMain.handle(UNSUBSCRIBE, (event, name: unknown) => {
    if (typeof name === 'string') subscriptions.get(event.sender)?.delete(name as EventName);
    return true;
  });
  const offBus = bus.onAny((name, payload) => {
    for (const [contents, set] of subscriptions) if (set.has(name) && !contents.isDestroyed()) contents.send(EVENT, name, payload);
  });

  return () => {
    offBus();
    for (const channel of [...channels, SUBSCRIBE, UNSUBSCRIBE]) ipcMain.removeHandler(channel);
  };
}
