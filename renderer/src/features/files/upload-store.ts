// Uploads in flight, kept outside React so they survive leaving the Files room: browser uploads go to the
// OctoPrint-compatible endpoint with XHR progress; the desktop app imports dropped files by path (no HTTP there).

export type UploadState = 'uploading' | 'done' | 'duplicate' | 'error' | 'cancelled';

export interface UploadItem {
  key: string;
  name: string;
  folder: string;
  loaded: number;
  /** 0 when unknown (desktop import by path reports no bytes). */
  total: number;
  state: UploadState;
  message: string | null;
  fileId: string | null;
}

type Listener = () => void;

let items: UploadItem[] = [];
const aborts = new Map<string, () => void>();
const listeners = new Set<Listener>();
let counter = 0;

function publish(next: UploadItem[]): void {
  items = next;
  for (const l of listeners) l();
}

function update(key: string, patch: Partial<UploadItem>): void {
  publish(items.map((it) => (it.key === key ? { ...it, ...patch } : it)));
}

export const uploadStore = {
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  snapshot(): UploadItem[] {
    return items;
  },
  cancel(key: string): void {
    aborts.get(key)?.();
  },
  dismissFinished(): void {
    publish(items.filter((it) => it.state === 'uploading'));
  },
};

function add(name: string, folder: string, total: number): string {
  const key = `u${++counter}`;
  publish([...items, { key, name, folder, loaded: 0, total, state: 'uploading', message: null, fileId: null }]);
  return key;
}

interface UploadAnswer {
  error?: string;
  printfarm?: { id: string; duplicate: boolean };
}

/** Browser: multipart POST to /api/files/local, exactly what a slicer sends, marked as coming from the UI. */
export function uploadInBrowser(file: File, folder: string, onStored: () => void): void {
  const key = add(file.name, folder, file.size);
  const form = new FormData();
  form.append('source', 'ui');
  form.append('path', folder);
  form.append('file', file, file.name);
  const xhr = new XMLHttpRequest();
  aborts.set(key, () => xhr.abort());
  xhr.upload.onprogress = (e) => update(key, { loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
  xhr.onload = () => {
    aborts.delete(key);
    let body: UploadAnswer = {};
    try {
      body = JSON.parse(xhr.responseText) as UploadAnswer;
    } catch {
      body = { error: `The server answered HTTP ${xhr.status}.` };
    }
    if (xhr.status === 201 && body.printfarm) {
      update(key, {
        state: body.printfarm.duplicate ? 'duplicate' : 'done',
        loaded: file.size,
        fileId: body.printfarm.id,
        message: body.printfarm.duplicate ? 'Already in the library: no second copy kept.' : 'Stored; analysing…',
      });
      onStored();
    } else {
      update(key, { state: 'error', message: body.error ?? `The server answered HTTP ${xhr.status}.` });
    }
  };
  xhr.onerror = () => (aborts.delete(key), update(key, { state: 'error', message: 'The connection to the server failed.' }));
  xhr.onabort = () => (aborts.delete(key), update(key, { state: 'cancelled', message: 'Cancelled.' }));
  xhr.open('POST', '/api/files/local');
  xhr.send(form);
}

/** Desktop: the file is on this machine already; the engine imports it from its path. */
export function importOnDesktop(
  name: string,
  path: string,
  folder: string,
  importPath: (input: { path: string; folder: string }) => Promise<{ file: { id: string }; duplicate: boolean }>,
): void {
  const key = add(name, folder, 0);
  importPath({ path, folder }).then(
    (result) =>
      update(key, {
        state: result.duplicate ? 'duplicate' : 'done',
        fileId: result.file.id,
        message: result.duplicate ? 'Already in the library: no second copy kept.' : 'Stored; analysing…',
      }),
    (error: unknown) => update(key, { state: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
}

/** A dropped/picked file the desktop shell can give a path for (Electron webUtils.getPathForFile via the preload). */
export function desktopPathOf(file: File): string | null {
  const bridge = (window as unknown as { farmBridge?: { pathForFile?: (f: File) => string } }).farmBridge;
  if (!bridge) return null;
  const p = bridge.pathForFile?.(file);
  return p ? p : null;
}

export function isDesktop(): boolean {
  return Boolean((window as unknown as { farmBridge?: unknown }).farmBridge);
}
