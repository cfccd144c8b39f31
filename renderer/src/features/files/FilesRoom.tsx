// Files room: the G-code library — folders, search, grid or list, uploads with progress, and one file's detail.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useFarmCommand, useFarmEvent, useFarmQuery } from '../../lib/farm-hooks.js';
import { FileCollection } from './FileCollection.js';
import { FileDetail } from './FileDetail.js';
import { LibrarySettings } from './LibrarySettings.js';
import { UploadPanel } from './UploadPanel.js';
import './files.css';

export default function FilesRoom() {
  const [folder, setFolder] = useState('');
  const [search, setSearch] = useState('');
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const [selected, setSelected] = useState<string | null>(null);
  const [newFolder, setNewFolder] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const queryClient = useQueryClient();
  const query = search.trim() ? { folder: '', search: search.trim() } : { folder };
  const listing = useFarmQuery('files.list', query);
  // The folder vanished (renamed or removed from another window): go back to the top instead of showing an error.
  const missing = listing.isError && (listing.error as { code?: string }).code === 'not-found' && folder !== '';
  useEffect(() => {
    if (missing) setFolder('');
  }, [missing]);
  const mkdir = useFarmCommand('files.mkdir', { invalidates: ['files.list'] });
  const rmdir = useFarmCommand('files.rmdir', { invalidates: ['files.list'] });
  const moveFolder = useFarmCommand('files.moveFolder', { invalidates: ['files.list', 'files.get'] });
  const [folderName, setFolderName] = useState<string | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['files.list'] });
    void queryClient.invalidateQueries({ queryKey: ['files.get'] });
  };
  useFarmEvent('files:changed', refresh);
  useFarmEvent('file:progress', (e) => {
    if (e.phase !== 'analysis' || e.fraction === null) return;
    setProgress((p) => {
      const next = { ...p };
      for (const id of e.fileIds) next[id] = e.fraction!;
      return next;
    });
  });

  const crumbs = folder ? folder.split('/') : [];
  const openFolder = (path: string) => {
    setSearch('');
    setFolder(path);
    setSelected(null);
  };
  const createFolder = async (e: FormEvent) => {
    e.preventDefault();
    if (!newFolder?.trim()) return;
    const created = await mkdir.mutateAsync({ path: folder ? `${folder}/${newFolder.trim()}` : newFolder.trim() }).catch(() => null);
    if (created) setNewFolder(null);
  };

  const data = listing.data;
  return (
    <div className="files">
      <div className="files__top">
        <h1>Files</h1>
        <input
          type="search"
          aria-label="Search files by name"
          placeholder="Search by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <div role="group" aria-label="View" className="files__view">
          <button type="button" aria-pressed={view === 'grid'} onClick={() => setView('grid')}>Grid</button>
          <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>List</button>
        </div>
        <button type="button" aria-expanded={newFolder !== null} onClick={() => setNewFolder(newFolder === null ? '' : null)}>
          New folder
        </button>
        <button type="button" aria-expanded={settingsOpen} onClick={() => setSettingsOpen((o) => !o)}>
          Library settings
        </button>
      </div>
      {settingsOpen && <LibrarySettings />}

      {newFolder !== null && (
        <form onSubmit={createFolder} className="files__newfolder">
          <label>
            Folder name
            <input value={newFolder} onChange={(e) => setNewFolder(e.target.value)} autoFocus />
          </label>
          <button type="submit" disabled={mkdir.isPending}>Create folder</button>
          {mkdir.isError && <span role="alert">{mkdir.error.message}</span>}
        </form>
      )}

      <nav aria-label="Folder path" className="files__crumbs">
        <button type="button" onClick={() => openFolder('')} aria-current={folder === '' && !search ? 'location' : undefined}>
          All files
        </button>
        {crumbs.map((name, i) => {
          const path = crumbs.slice(0, i + 1).join('/');
          return (
            <span key={path}>
              <span aria-hidden="true"> / </span>
              <button type="button" onClick={() => openFolder(path)} aria-current={path === folder && !search ? 'location' : undefined}>
                {name}
              </button>
            </span>
          );
        })}
        {search.trim() && <span className="muted"> · search results for “{search.trim()}”</span>}
        {folder && !search.trim() && listing.data && listing.data.files.length === 0 && listing.data.folders.length === 0 && (
          <button
            type="button"
            className="files__rmdir"
            onClick={() => void rmdir.mutateAsync({ path: folder }).then(() => openFolder(crumbs.slice(0, -1).join('/')), () => undefined)}
          >
            Remove empty folder {crumbs[crumbs.length - 1]}
          </button>
        )}
        {folder && !search.trim() && (
          <button type="button" className="files__rmdir" aria-expanded={folderName !== null} onClick={() => setFolderName(folderName === null ? folder : null)}>
            Rename folder {crumbs[crumbs.length - 1]}
          </button>
        )}
        {rmdir.isError && <span role="alert"> {rmdir.error.message}</span>}
      </nav>
      {folderName !== null && folder && (
        <form
          className="files__newfolder"
          onSubmit={(e) => {
            e.preventDefault();
            void moveFolder.mutateAsync({ from: folder, to: folderName }).then(
              (r) => (setFolderName(null), openFolder(r.path)),
              () => undefined,
            );
          }}
        >
          <label>
            New folder path
            <input value={folderName} onChange={(e) => setFolderName(e.target.value)} autoFocus />
          </label>
          <button type="submit" disabled={moveFolder.isPending}>Rename folder</button>
          {moveFolder.isError && <span role="alert">{moveFolder.error.message}</span>}
        </form>
      )}

      <UploadPanel folder={search.trim() ? '' : folder} onStored={refresh} />

      <div className={`files__body${selected ? ' files__body--detail' : ''}`}>
        <div className="files__list">
          {listing.isError && <p role="alert">The library could not be listed: {listing.error.message}</p>}
          {data && data.files.length === 0 && data.folders.length === 0 && (
            <p className="empty">
              {search.trim()
                ? 'No file name matches.'
                : 'No files here yet. Drop G-code here, choose files, or send them from PrusaSlicer, OrcaSlicer or Cura ' +
                  '("OctoPrint" print host: this address, API key = the access token).'}
            </p>
          )}
          {data && (data.files.length > 0 || data.folders.length > 0) && (
            <FileCollection
              view={view}
              folders={data.folders}
              files={data.files}
              selectedId={selected}
              progress={progress}
              onOpenFolder={openFolder}
              onSelect={setSelected}
            />
          )}
        </div>
        {selected && <FileDetail key={selected} id={selected} progress={progress[selected]} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
