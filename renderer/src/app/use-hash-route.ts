// Minimal hash router: '#/printers/abc' → ['printers', 'abc']. Works the same from file:// (desktop) and http:// (browser).
import { useEffect, useState } from 'react';

export function useHashRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(...parts: string[]): void {
  location.hash = '#/' + parts.map(encodeURIComponent).join('/');
}
