/**
 * Splits shell input into statements at `;` that are outside string
 * literals ('...' and "..." with backslash escapes), backtick-quoted names
 * and comments (`// ...` to the end of the line, `/* ... *\/`). Input comes
 * a line at a time; text after the last `;` waits for the next line.
 */
export class StatementSplitter {
  #buffer = '';
  #quote: string | null = null; // ', " or `
  #blockComment = false;
  #lineComment = false;
  #escaped = false;

  /** Whether a statement has started and is not finished. */
  get pending(): boolean {
    return this.#buffer.trim() !== '';
  }

  /** Drops what was typed since the last statement (Ctrl-C in the shell). */
  reset(): void {
    this.#buffer = '';
    this.#quote = null;
    this.#blockComment = false;
    this.#lineComment = false;
    this.#escaped = false;
  }

  /** Adds a line; returns the statements it completed (without their `;`, trimmed, empty ones dropped). */
  push(line: string): string[] {
    const out: string[] = [];
    const text = `${line}\n`;
    this.#lineComment = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const next = text[i + 1];
      if (this.#lineComment) {
        if (c === '\n') this.#lineComment = false;
        this.#buffer += c;
        continue;
      }
      if (this.#blockComment) {
        if (c === '*' && next === '/') {
          this.#blockComment = false;
          this.#buffer += '*/';
          i++;
          continue;
        }
        this.#buffer += c;
        continue;
      }
      if (this.#quote !== null) {
        this.#buffer += c;
        if (this.#escaped) this.#escaped = false;
        else if (c === '\\' && this.#quote !== '`') this.#escaped = true;
        else if (c === this.#quote) this.#quote = null;
        continue;
      }
      if (c === "'" || c === '"' || c === '`') this.#quote = c;
      else if (c === '/' && next === '/') this.#lineComment = true;
      else if (c === '/' && next === '*') {
        this.#blockComment = true;
        this.#buffer += '/*';
        i++;
        continue;
      } else if (c === ';') {
        const stmt = this.#buffer.trim();
        if (stmt !== '') out.push(stmt);
        this.#buffer = '';
        continue;
      }
      this.#buffer += c;
    }
    return out;
  }

  /** The unfinished text at end of input (a last statement without `;`), then empty. */
  flush(): string | null {
    const rest = this.#buffer.trim();
    this.reset();
    return rest === '' ? null : rest;
  }
}
