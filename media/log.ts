/** A tiny logger interface so every service takes its logger explicitly (no global logger of ours). */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  child(scope: string): Logger;
}

export function consoleLogger(scope = '', quiet = false): Logger {
  const prefix = scope ? `[${scope}] ` : '';
  return {
    info: (m) => { if (!quiet) console.log(`${prefix}${m}`); },
    warn: (m) => console.warn(`${prefix}${m}`),
    error: (m) => console.error(`${prefix}${m}`),
    child: (s) => consoleLogger(scope ? `${scope}:${s}` : s, quiet),
  };
}

/** For tests: keeps lines in memory so assertions can read what a person would have seen. */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const make = (scope: string): Logger => ({
    info: (m) => lines.push(`info ${scope}${m}`),
    warn: (m) => lines.push(`warn ${scope}${m}`),
    error: (m) => lines.push(`error ${scope}${m}`),
    child: (s) => make(`${scope}[${s}] `),
  });
  return Object.assign(make(''), { lines });
}
