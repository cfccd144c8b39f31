-- Printer configurations (JSON validated by the contract's PrinterConfig on load; secrets are not stored here).
CREATE TABLE printers (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  config TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
