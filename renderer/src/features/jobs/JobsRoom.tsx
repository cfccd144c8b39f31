// Jobs room (placeholder until its issue lands).
export default function JobsRoom() {
  return (
    <>
      <h1>Jobs</h1>
      <p className="empty">Nothing here yet.</p>
    </>
  );
}
