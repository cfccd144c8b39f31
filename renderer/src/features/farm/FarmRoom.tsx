// Farm room (placeholder until its issue lands).
export default function FarmRoom() {
  return (
    <>
      <h1>Farm</h1>
      <p className="empty">Nothing here yet.</p>
    </>
  );
}
