/** Splits a text stream into whole lines (ffmpeg ends lines with \n, \r\n or a bare \r). */
export class LineSplitter {
  private partial = '';

  push(chunk: string): string[] {
    const lines = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '');
  }
}

/** A bounded list of the latest lines. */
export class LineRing {
  private readonly lines: string[] = [];
  constructor(private readonly max = 60) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }

  all(): string[] {
    return [...this.lines];
  }
}
