// Drag-and-drop and file-picker upload into the current folder, with a progress bar per file.
import { useRef, useState, useSyncExternalStore, type DragEvent } from 'react';
import { useFarmCommand, useFarmEvent } from '../../lib/farm-hooks.js';
import { formatBytes } from './format.js';
import { desktopPathOf, importOnDesktop, isDesktop, uploadInBrowser, uploadStore, type UploadItem } from './upload-store.js';

const ACCEPT = '.gcode,.gco,.g,.3mf';

export function useUploads(): UploadItem[] {
  return useSyncExternalStore(uploadStore.subscribe, uploadStore.snapshot);
}

export function UploadPanel({ folder, onStored }: { folder: string; onStored: () => void }) {
  const uploads = useUploads();
  const importPath = useFarmCommand('files.importPath', { invalidates: ['files.list'] });
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  // Uploads arriving from elsewhere (a slicer's "send to OctoPrint"), by file name, as the engine reports them.
  const [incoming, setIncoming] = useState<Record<string, { fraction: number | null; bytes: number | null; done: boolean }>>({});
  useFarmEvent('file:progress', (e) => {
    if (e.phase !== 'upload' || !e.name) return;
    const name = e.name;
    // This window's own uploads already have their row with the browser's progress.
    if (uploadStore.snapshot().some((u) => u.name === name && (u.state === 'uploading' || u.fileId !== null))) return;
    setIncoming((all) => ({ ...all, [name]: { fraction: e.fraction, bytes: e.bytes, done: e.fileIds.length > 0 } }));
  });

  const start = (files: FileList | File[]) => {
    setRefused(null);
    for (const file of Array.from(files)) {
      if (isDesktop()) {
        const path = desktopPathOf(file);
        if (!path) {
          setRefused(`'${file.name}' has no path on this machine; use the file picker or drop it from a folder.`);
          continue;
        }
        importOnDesktop(file.name, path, folder, (input) => importPath.mutateAsync(input));
      } else {
        uploadInBrowser(file, folder, onStored);
      }
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length > 0) start(e.dataTransfer.files);
  };

  const incomingNames = Object.keys(incoming);
  const finished = uploads.some((u) => u.state !== 'uploading') || Object.values(incoming).some((i) => i.done);
  return (
    <section aria-label="Upload" className="upload">
      <div
        className={`upload__drop${dragging ? ' upload__drop--over' : ''}`}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span>Drop .gcode or .gcode.3mf files here{folder ? ` (into ${folder})` : ''}, or</span>
        <button type="button" onClick={() => picker.current?.click()}>
          Choose files…
        </button>
        <input
          ref={picker}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(e) => {
            if (e.target.files) start(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {refused && <p role="alert">{refused}</p>}
      {uploads.length > 0 && (
        <ul className="upload__list" aria-label="Uploads">
          {uploads.map((u) => (
            <UploadRow key={u.key} item={u} />
          ))}
        </ul>
      )}
      {incomingNames.length > 0 && (
        <ul className="upload__list" aria-label="Arriving from slicers">
          {incomingNames.map((name) => {
            const item = incoming[name];
            return (
              <li key={name} className="upload__item">
                <span className="upload__name">{name}</span>
                {item.done ? (
                  <span role="status" className="muted small">Received from a slicer.</span>
                ) : (
                  <>
                    <progress aria-label={`Receiving ${name}`} max={100} value={item.fraction === null ? undefined : Math.round(item.fraction * 100)} />
                    <span className="muted small">{item.bytes !== null ? `${formatBytes(item.bytes)} received` : 'Receiving…'}</span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {finished && (
        <button
          type="button"
          onClick={() => {
            uploadStore.dismissFinished();
            setIncoming((all) => Object.fromEntries(Object.entries(all).filter(([, i]) => !i.done)));
          }}
        >
          Clear finished uploads
        </button>
      )}
    </section>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const pct = item.total > 0 ? Math.round((item.loaded / item.total) * 100) : null;
  return (
    <li className={`upload__item upload__item--${item.state}`}>
      <span className="upload__name">{item.name}</span>
      {item.state === 'uploading' ? (
        <>
          <progress aria-label={`Uploading ${item.name}`} max={100} value={pct ?? undefined} />
          <span className="muted small">{pct === null ? 'Importing…' : `${pct} % of ${formatBytes(item.total)}`}</span>
          <button type="button" aria-label={`Cancel upload of ${item.name}`} onClick={() => uploadStore.cancel(item.key)}>
            Cancel
          </button>
        </>
      ) : item.state === 'error' ? (
        <span role="alert" className="upload__error">
          {item.name} was not stored: {item.message}
        </span>
      ) : (
        <span role="status" className="muted small">
          {item.message}
        </span>
      )}
    </li>
  );
}
