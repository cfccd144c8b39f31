// One file: preview, figures beside the slicer's, printer fit, rename/move/delete, and the layer viewer.
import { useState, type FormEvent } from 'react';
import { useFarmCommand, useFarmQuery } from '../../lib/farm-hooks.js';
import { FeedbackLine } from '../printers/FeedbackLine.js';
import { useFeedback } from '../printers/use-feedback.js';
import { AnalysisBadge } from './FileCollection.js';
import { FileThumb } from './FileThumb.js';
import { FiguresTable } from './FiguresTable.js';
import { FitTable } from './FitTable.js';
import { formatBytes } from './format.js';
import { LayerViewer } from './LayerViewer.js';

const CHANGES = ['files.list', 'files.get'] as const;
const SOURCE_WORDS = { import: 'imported', upload: 'uploaded here', watch: 'from the watched folder', octoprint: 'sent by a slicer' } as const;

export function FileDetail({ id, progress, onClose }: { id: string; progress?: number; onClose(): void }) {
  const detail = useFarmQuery('files.get', { id });
  const rename = useFarmCommand('files.rename', { invalidates: [...CHANGES] });
  const move = useFarmCommand('files.move', { invalidates: [...CHANGES] });
  const remove = useFarmCommand('files.delete', { invalidates: ['files.list'] });
  const reanalyze = useFarmCommand('files.reanalyze', { invalidates: [...CHANGES] });
  const { feedback, run, sending } = useFeedback();
  const [editing, setEditing] = useState<'rename' | 'move' | 'delete' | null>(null);
  const [text, setText] = useState('');

  if (detail.isError) {
    return (
      <aside className="fdetail panel" aria-label="File">
        <p role="alert">This file could not be loaded: {detail.error.message}</p>
        <button type="button" onClick={onClose}>Close</button>
      </aside>
    );
  }
  const file = detail.data;
  if (!file) return <aside className="fdetail panel" aria-label="File"><p role="status">Loading…</p></aside>;
  const summary = file.analysis.summary;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (editing === 'rename') await run('Rename', () => rename.mutateAsync({ id, name: text }), (f) => `Renamed to ${f.name}.`);
    if (editing === 'move') await run('Move', () => move.mutateAsync({ id, folder: text }), (f) => `Moved to ${f.folder || 'the top folder'}.`);
    setEditing(null);
  };
  const confirmDelete = async () => {
    const done = await run('Delete', () => remove.mutateAsync({ id }), (r) =>
      r.mode === 'soft-deleted' ? `${file.name} was removed from the library; job history keeps it.` : `${file.name} was deleted.`,
    );
    setEditing(null);
    if (done) onClose();
  };

  return (
    <aside className="fdetail panel" aria-label={`File ${file.name}`}>
      <div className="fdetail__head">
        <h2>{file.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close file details">✕</button>
      </div>
      <p className="muted small">
        {file.folder ? `${file.folder} · ` : ''}
        {formatBytes(file.size)} · added {new Date(file.addedAt).toLocaleString()} · {SOURCE_WORDS[file.source]} · <span className="mono">{file.sha256.slice(0, 12)}</span>
      </p>
      <div className={(summary?.thumbnails.length ?? 0) > 0 ? 'fdetail__top' : 'fdetail__top fdetail__top--bare'}>
        {(summary?.thumbnails.length ?? 0) > 0 && <FileThumb file={file} maxWidth={400} />}
        <div className="fdetail__actions">
          <button type="button" aria-expanded={editing === 'rename'} onClick={() => (setEditing('rename'), setText(file.name))}>Rename</button>
          <button type="button" aria-expanded={editing === 'move'} onClick={() => (setEditing('move'), setText(file.folder))}>Move</button>
          <button type="button" aria-expanded={editing === 'delete'} onClick={() => setEditing('delete')}>Delete</button>
          {file.analysis.status === 'failed' && (
            <button type="button" onClick={() => run('Analyse again', () => reanalyze.mutateAsync({ id }))}>Analyse again</button>
          )}
        </div>
      </div>
      {(editing === 'rename' || editing === 'move') && (
        <form onSubmit={submit} className="fdetail__form">
          <label>
            {editing === 'rename' ? 'New name' : 'Move to folder (empty = top folder)'}
            <input value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          </label>
          <button type="submit" disabled={sending}>{editing === 'rename' ? 'Save name' : 'Move file'}</button>
          <button type="button" onClick={() => setEditing(null)}>Cancel</button>
        </form>
      )}
      {editing === 'delete' && (
        <div role="group" aria-label="Confirm delete" className="fdetail__confirm">
          <p>Delete {file.name} from the library? Its preview and analysis go with it; finished jobs keep their record of it.</p>
          <button type="button" className="danger" onClick={confirmDelete} disabled={sending}>Delete {file.name}</button>
          <button type="button" onClick={() => setEditing(null)}>Keep it</button>
        </div>
      )}
      <FeedbackLine feedback={feedback} />

      <AnalysisBadge file={file} progress={progress} />
      {file.analysis.status === 'running' && (
        <progress aria-label={`Analysis of ${file.name}`} max={100} value={Math.round((progress ?? file.analysis.progress ?? 0) * 100)} />
      )}
      {file.analysis.status === 'failed' && <p role="alert">The analysis failed: {file.analysis.error}</p>}
      {summary && <FiguresTable summary={summary} />}
      {file.objects.length > 0 && (
        <p className="small">
          <strong>Objects</strong> ({file.objects.length}): {file.objects.map((o) => o.name).join(', ')}
        </p>
      )}

      <h3>Printers</h3>
      <FitTable summary={summary} />

      <h3>Layers</h3>
      <LayerViewer fileId={file.id} fileName={file.name} layerZ={file.layerZ} bbox={summary?.own.printBbox ?? summary?.own.bbox ?? summary?.slicer.bbox ?? null} />
    </aside>
  );
}
