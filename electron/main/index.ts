// Desktop composition root: open the engine on userData, register IPC, open the window. Wiring only.
import { app, BrowserWindow } from 'electron';
import { createEngine, type Engine } from '../engine/engine.js';
import { createKeyFileSecretStore } from '../engine/secrets/index.js';
import { registerIpc } from './ipc/handle.js';
import { createSafeStorageSecretStore } from './safe-storage-secrets.js';
import { createMainWindow, isOwnUrl } from './window.js';

let engine: Engine | null = null;

app.enableSandbox();

app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  engine = await createEngine({
    dataDir,
    mode: 'desktop',
    secrets: createSafeStorageSecretStore(dataDir) ?? createKeyFileSecretStore(dataDir),
  });
  let window: BrowserWindow | null = null;
  registerIpc(engine.dispatcher, engine.bus, (event) => {
    const frame = event.senderFrame;
    return Boolean(window && event.sender === window.webContents && frame && frame === window.webContents.mainFrame && isOwnUrl(frame.url));
  });
  window = createMainWindow();
});

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => void engine?.close());
