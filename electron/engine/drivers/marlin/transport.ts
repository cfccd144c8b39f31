// The byte pipe a Marlin sender talks through: a serialport wrapper (native/serial.ts) or an in-process virtual link.

export interface ByteTransport {
  write(data: string): void;
  /** Raw chunks as they arrive (not split into lines). Returns the unsubscribe. */
  onData(cb: (chunk: string) => void): () => void;
  /** The port went away (unplugged, closed, error). Returns the unsubscribe. */
  onClose(cb: (reason: string) => void): () => void;
  close(): Promise<void>;
  /** Toggle DTR low→high: resets AVR boards (the virtual printer reboots). */
  pulseDtr?(): Promise<void>;
  readonly isOpen: boolean;
}
