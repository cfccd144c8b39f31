// The embedded slicer preview of a file, or a neutral placeholder when the file carries none.
import { useEffect, useRef, useState } from 'react';
import { useFarmQuery } from '../../lib/farm-hooks.js';
import type { FileEntry } from '../../../../electron/shared/contract/files.js';

export function FileThumb({ file, maxWidth }: { file: FileEntry; maxWidth: number }) {
  const has = (file.analysis.summary?.thumbnails.length ?? 0) > 0;
  // Fetch the image only once the card is near the viewport: a folder of hundreds of files asks for a screenful.
  const holder = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (visible || !holder.current) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: '300px' });
    observer.observe(holder.current);
    return () => observer.disconnect();
  }, [visible]);
  const thumb = useFarmQuery('files.thumbnail', { id: file.id, maxWidth }, { enabled: has && visible, staleTime: Infinity });
  // A package may carry an image the browser cannot decode: fall back to the placeholder instead of a broken icon.
  const [broken, setBroken] = useState(false);
  if (has && thumb.data && !broken) {
    return (
      <img
        className="thumb"
        src={`data:image/${thumb.data.format === 'jpg' ? 'jpeg' : 'png'};base64,${thumb.data.base64}`}
        alt={`Preview of ${file.name}`}
        width={thumb.data.width}
        height={thumb.data.height}
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <div
      ref={holder}
      className="thumb thumb--none"
      role="img"
      aria-label={
        broken
          ? `The preview in ${file.name} cannot be shown`
          : has
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
