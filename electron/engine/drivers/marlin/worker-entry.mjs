// Sender-process bootstrap: the child starts as plain Node, so register tsx's ESM loader (unless already active) and
// import the TypeScript module named in PRINTFARM_SENDER_ENTRY. Works under `node --import tsx` and under vitest.
if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(process.env.PRINTFARM_SENDER_ENTRY);
