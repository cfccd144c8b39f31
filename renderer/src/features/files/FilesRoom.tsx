// Files room (placeholder until its issue lands).
export default function FilesRoom() {
  return (
    <>
      <h1>Files</h1>
      <p className="empty">Nothing here yet.</p>
    </>
  );
}
