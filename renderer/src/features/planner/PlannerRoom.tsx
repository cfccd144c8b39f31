// Planner room: placeholder until the planner issue (scheduler + AI proposals that a person approves).
export default function PlannerRoom() {
  return (
    <>
      <h1>Planner</h1>
      <div className="empty">
        <p>The planner is not here yet. It will propose who prints what next — knowing materials, nozzles, plates and deadlines — and nothing it proposes reaches a printer until you approve it.</p>
      </div>
    </>
  );
}
