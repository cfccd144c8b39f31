// Library folders: create, remove when empty, rename/move with everything inside. Paths are validated here.
import { FarmError } from '../../../shared/contract/envelope.js';
import type { FilesRepo } from '../../store/files-repo.js';
import type { LibraryEvents } from './events.js';
import { folderAncestors, normalizeFolder } from './names.js';

export class LibraryFolders {
  constructor(
    private readonly repo: FilesRepo,
    private readonly events: LibraryEvents,
    private readonly now: () => number,
  ) {}

  mkdir(rawPath: string): { path: string } {
    const folder = normalizeFolder(rawPath);
    if (folder === '') throw new FarmError('invalid-input', 'The top folder always exists; give a folder name.');
    this.repo.ensureFolders(folderAncestors(folder), this.now());
    this.events.emit('files:changed', { reason: 'folders', fileIds: [] });
    return { path: folder };
  }

  rmdir(rawPath: string): { path: string } {
    const folder = normalizeFolder(rawPath);
    if (folder === '') throw new FarmError('invalid-input', 'The top folder cannot be removed.');
    if (!this.repo.folderExists(folder)) throw new FarmError('not-found', `There is no folder '${folder}'.`);
    if (!this.repo.folderIsEmpty(folder)) throw new FarmError('conflict', `The folder '${folder}' is not empty; move or delete its files first.`);
    this.repo.deleteFolder(folder);
    this.events.emit('files:changed', { reason: 'folders', fileIds: [] });
    return { path: folder };
  }

  /** Call under the library's lock: file rows move with the folder (ids stay, so history still points at them). */
  move(rawFrom: string, rawTo: string): { path: string } {
    const from = normalizeFolder(rawFrom);
    const to = normalizeFolder(rawTo);
    if (from === '' || to === '') throw new FarmError('invalid-input', 'The top folder cannot be moved, and nothing can replace it.');
    if (!this.repo.folderExists(from)) throw new FarmError('not-found', `There is no folder '${from}'.`);
    if (to === from) return { path: to };
    if (to.startsWith(`${from}/`)) throw new FarmError('invalid-input', `'${to}' is inside '${from}'; a folder cannot move into itself.`);
    if (this.repo.folderExists(to)) throw new FarmError('conflict', `A folder '${to}' already exists.`);
    const now = this.now();
    const ids = this.repo.transaction(() => {
      const parent = to.includes('/') ? to.slice(0, to.lastIndexOf('/')) : '';
      this.repo.ensureFolders(folderAncestors(parent), now);
      return this.repo.moveFolder(from, to, now);
    });
    this.events.emit('files:changed', { reason: 'moved', fileIds: ids });
    return { path: to };
  }
}
