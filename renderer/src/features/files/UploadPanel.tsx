// Drag-and-drop and file-picker upload into the current folder, with a progress bar per file.
import { useRef, useState, useSyncExternalStore, type DragEvent } from 'react';
import { useFarmCommand } from '../../lib/farm-hooks.js';
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

  const finished = uploads.some((u) => u.state !== 'uploading');
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
      {finished && (
        <button type="button" onClick={() => uploadStore.dismissFinished()}>
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
