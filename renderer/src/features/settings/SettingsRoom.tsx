// Settings room (placeholder until its issue lands).
export default function SettingsRoom() {
  return (
    <>
      <h1>Settings</h1>
      <p className="empty">Nothing here yet.</p>
    </>
  );
}
