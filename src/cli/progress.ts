/** A one-line progress indication on standard error, shown only on a terminal. */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(wanted: boolean, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = wanted && Boolean(stream.isTTY);
  }

  update(message: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const width = (this.stream.columns ?? 80) - 1;
    const line = message.length > width ? `${message.slice(0, width - 1)}…` : message;
    this.stream.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
