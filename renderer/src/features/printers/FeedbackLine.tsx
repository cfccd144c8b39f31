// Shows a Feedback: a polite status while sending or when done, an alert with the error sentence when it failed.
// A command the firmware holds behind a blocking one (M109/M190 heating, a long move) says so after a few seconds.
import { useEffect, useState } from 'react';
import type { Feedback } from './use-feedback.js';

const SLOW_MS = 3000;

export function FeedbackLine({ feedback }: { feedback: Feedback }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    if (feedback.kind !== 'sending') return;
    const timer = setTimeout(() => setSlow(true), SLOW_MS);
    return () => clearTimeout(timer);
  }, [feedback]);
  if (feedback.kind === 'error') return <p role="alert" className="feedback feedback--error">{feedback.message}</p>;
  const text =
    feedback.kind === 'sending'
      ? `${feedback.label}: sending…${slow ? ' still waiting — the printer finishes what it is doing first (heating or moves in its queue).' : ''}`
      : feedback.kind === 'done'
        ? feedback.message
        : '';
  return <p role="status" className={`feedback feedback--${feedback.kind}`}>{text}</p>;
}
