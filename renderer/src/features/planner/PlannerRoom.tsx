// Planner room (placeholder until its issue lands).
export default function PlannerRoom() {
  return (
    <>
      <h1>Planner</h1>
      <p className="empty">Nothing here yet.</p>
    </>
  );
}
