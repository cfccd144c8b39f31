// The embedded slicer preview of a file, or a neutral placeholder when the file carries none.
import { useFarmQuery } from '../../lib/farm-hooks.js';
import type { FileEntry } from '../../../../electron/shared/contract/files.js';

export function FileThumb({ file, maxWidth }: { file: FileEntry; maxWidth: number }) {
  const has = (file.analysis.summary?.thumbnails.length ?? 0) > 0;
  const thumb = useFarmQuery('files.thumbnail', { id: file.id, maxWidth }, { enabled: has, staleTime: Infinity });
  if (has && thumb.data) {
    return (
      <img
        className="thumb"
        src={`data:image/${thumb.data.format === 'jpg' ? 'jpeg' : 'png'};base64,${thumb.data.base64}`}
        alt={`Preview of ${file.name}`}
        width={thumb.data.width}
        height={thumb.data.height}
      />
    );
  }
  return (
    <div
      className="thumb thumb--none"
      role="img"
      aria-label={
        has
          ? `Loading preview of ${file.name}`
          : file.analysis.status === 'pending' || file.analysis.status === 'running'
            ? `Preview of ${file.name} appears after analysis`
            : `No preview in ${file.name}`
      }
    >
      <span aria-hidden="true">{file.kind === '3mf' ? '3MF' : 'G'}</span>
    </div>
  );
}
