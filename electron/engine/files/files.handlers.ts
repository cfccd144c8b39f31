// Binds the `files` contract group to the library service and the watched folder.
import { FarmError } from '../../shared/contract/envelope.js';
import { files } from '../../shared/contract/files.js';
import type { Handlers } from '../handlers.js';
import { ACCEPTED_EXTENSIONS } from './library/names.js';
import type { FileLibrary } from './library/library.js';
import type { WatchFolder } from './library/watch-folder.js';

/** Path of the OctoPrint-compatible upload endpoint served by the headless server. */
export const UPLOAD_ENDPOINT = '/api/files/local';

export function filesHandlers(library: FileLibrary, watchFolder: WatchFolder): Handlers<typeof files> {
  return {
    list: (input) => library.list(input),
    get: ({ id }) => library.detail(id),
    thumbnail: ({ id, maxWidth }) => library.thumbnail(id, maxWidth),
    rename: ({ id, name }) => library.rename(id, name),
    move: ({ id, folder }) => library.move(id, folder),
    delete: ({ id }) => library.delete(id),
    mkdir: ({ path }) => library.mkdir(path),
    rmdir: ({ path }) => library.rmdir(path),
    moveFolder: ({ from, to }) => library.moveFolder(from, to),
    importPath: ({ path, folder }, ctx) => {
      // A path names a file on the engine's machine: only the desktop window and local tools may use it. Remote
      // browsers upload the bytes instead (POST /api/files/local), so a token holder cannot read arbitrary server files.
      if (ctx.door === 'ws' || ctx.door === 'http') {
        throw new FarmError('forbidden', 'Import by path works in the desktop app only; upload the file instead.');
      }
      return library.importPath(path, { folder, source: 'import', onConflict: 'rename' });
    },
    analysis: ({ id }) => library.analysisState(id),
    reanalyze: ({ id }) => library.reanalyze(id),
    layer: ({ id, layer, travel }) => library.layer(id, layer, travel),
    watchSettings: () => watchFolder.state(),
    setWatchSettings: (input) => watchFolder.apply(input),
    uploadInfo: () => ({ endpoint: UPLOAD_ENDPOINT, maxBytes: library.maxBytes, accepted: ACCEPTED_EXTENSIONS }),
  };
}
