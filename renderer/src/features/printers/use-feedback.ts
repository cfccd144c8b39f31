// Feedback within 100 ms for any command: "Sending…" at once, then the engine's confirmation or its error sentence.
import { useCallback, useRef, useState } from 'react';

export type Feedback =
  | { kind: 'idle' }
  | { kind: 'sending'; label: string }
  | { kind: 'done'; label: string; message: string }
  | { kind: 'error'; label: string; message: string };

export function useFeedback() {
  const [feedback, setFeedback] = useState<Feedback>({ kind: 'idle' });
  // Only the latest action may set the final state (a slow earlier command must not overwrite a newer result).
  const latest = useRef(0);
  const run = useCallback(async <T,>(label: string, action: () => Promise<T>, done?: (value: T) => string): Promise<T | undefined> => {
    const ticket = ++latest.current;
    setFeedback({ kind: 'sending', label });
    try {
      const value = await action();
      if (ticket === latest.current) setFeedback({ kind: 'done', label, message: done ? done(value) : `${label}: done.` });
      return value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (ticket === latest.current) setFeedback({ kind: 'error', label, message: `${label} failed: ${message}` });
      return undefined;
    }
  }, []);
  return { feedback, run, sending: feedback.kind === 'sending' };
}
