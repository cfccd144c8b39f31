// Shows a Feedback: a polite status while sending or when done, an alert with the error sentence when it failed.
import type { Feedback } from './use-feedback.js';

export function FeedbackLine({ feedback }: { feedback: Feedback }) {
  if (feedback.kind === 'error') return <p role="alert" className="feedback feedback--error">{feedback.message}</p>;
  return (
    <p role="status" className={`feedback feedback--${feedback.kind}`}>
      {feedback.kind === 'sending' ? `${feedback.label}: sending…` : feedback.kind === 'done' ? feedback.message : ''}
    </p>
  );
}
