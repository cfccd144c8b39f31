// The files of one folder (or a search) as a thumbnail grid or a compact list, with sub-folders first.
import type { FileEntry } from '../../../../electron/shared/contract/files.js';
import { FileThumb } from './FileThumb.js';
import { formatBytes, formatDimensions, formatDuration, formatFilament } from './format.js';

export interface CollectionProps {
  view: 'grid' | 'list';
  folders: string[];
  files: FileEntry[];
  selectedId: string | null;
  /** Analysis progress pushed by events, by file id. */
  progress: Record<string, number>;
  onOpenFolder(path: string): void;
  onSelect(id: string): void;
}

function folderLabel(path: string): string {
  return path.split('/').pop() ?? path;
}

export function AnalysisBadge({ file, progress }: { file: FileEntry; progress?: number }) {
  const { status, error } = file.analysis;
  if (status === 'done') return null;
  if (status === 'failed') return <span className="badge badge--error" title={error ?? undefined}>✕ Not analysed</span>;
  const pct = Math.round((progress ?? file.analysis.progress ?? 0) * 100);
  return <span className="badge badge--pending">{status === 'running' ? `◌ Analysing ${pct} %` : '◌ Waiting for analysis'}</span>;
}

export function FileCollection({ view, folders, files, selectedId, progress, onOpenFolder, onSelect }: CollectionProps) {
  if (view === 'list') {
    return (
      <table className="files-table" aria-label="Files">
        <thead>
          <tr><th>Name</th><th>Print time</th><th>Filament</th><th>Dimensions</th><th>Size</th><th>Added</th></tr>
        </thead>
        <tbody>
          {folders.map((f) => (
            <tr key={`d:${f}`}>
              <td colSpan={6}>
                <button type="button" className="linkish" onClick={() => onOpenFolder(f)} aria-label={`Open folder ${folderLabel(f)}`}>
                  <span aria-hidden="true">▸ </span>{folderLabel(f)}/
                </button>
              </td>
            </tr>
          ))}
          {files.map((file) => {
            const s = file.analysis.summary;
            return (
              <tr key={file.id} aria-selected={file.id === selectedId}>
                <td>
                  <button type="button" className="linkish" onClick={() => onSelect(file.id)} aria-label={`Open ${file.name}`}>
                    {file.name}
                  </button>{' '}
                  <AnalysisBadge file={file} progress={progress[file.id]} />
                  {file.folder && <div className="muted small">{file.folder}</div>}
                </td>
                <td>{formatDuration(s?.own.estimatedSeconds ?? s?.slicer.estimatedSeconds)}</td>
                <td>{formatFilament(s?.own.filamentMm ?? s?.slicer.filamentMm)}</td>
                <td>{formatDimensions(s?.own.printBbox ?? s?.own.bbox ?? s?.slicer.bbox)}</td>
                <td>{formatBytes(file.size)}</td>
                <td>{new Date(file.addedAt).toLocaleString()}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }
  return (
    <ul className="files-grid" aria-label="Files">
      {folders.map((f) => (
        <li key={`d:${f}`} className="fcard fcard--folder">
          <button type="button" onClick={() => onOpenFolder(f)} aria-label={`Open folder ${folderLabel(f)}`}>
            <span aria-hidden="true" className="fcard__folder-icon">▸</span>
            <span>{folderLabel(f)}</span>
          </button>
        </li>
      ))}
      {files.map((file) => {
        const s = file.analysis.summary;
        return (
          <li key={file.id} className={`fcard${file.id === selectedId ? ' fcard--selected' : ''}`}>
            <button type="button" className="fcard__open" onClick={() => onSelect(file.id)} aria-label={`Open ${file.name}`}>
              <FileThumb file={file} maxWidth={220} />
            </button>
            <div className="fcard__name" title={file.name}>{file.name}</div>
            <AnalysisBadge file={file} progress={progress[file.id]} />
            {s && (
              <dl className="fcard__figures">
                <div><dt>Time</dt><dd>{formatDuration(s.own.estimatedSeconds || s.slicer.estimatedSeconds)}</dd></div>
                <div><dt>Filament</dt><dd>{formatFilament(s.own.filamentMm.length ? s.own.filamentMm : s.slicer.filamentMm)}</dd></div>
                <div><dt>Size</dt><dd>{formatDimensions(s.own.printBbox ?? s.own.bbox ?? s.slicer.bbox)}</dd></div>
              </dl>
            )}
          </li>
        );
      })}
    </ul>
  );
}
