// Jobs room: the queue arrives with the job-queue issue; until then this says where jobs come from today.
export default function JobsRoom() {
  return (
    <>
      <h1>Jobs</h1>
      <div className="empty">
        <p>The job queue is not here yet.</p>
        <p>
          Slicers that &ldquo;send to OctoPrint&rdquo; can already upload into the Files library; print requests sent
          with a file are kept and will appear here when the queue lands.
        </p>
      </div>
    </>
  );
}
