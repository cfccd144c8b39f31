// Printers room (placeholder until its issue lands).
export default function PrintersRoom() {
  return (
    <>
      <h1>Printers</h1>
      <p className="empty">Nothing here yet.</p>
    </>
  );
}
