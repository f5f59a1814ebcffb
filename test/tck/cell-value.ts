/**
 * The values of the openCypher TCK's tables (expected result cells and
 * `parameters are:` values), parsed from their text: a closed grammar (the
 * TCK's FeatureResults.g4), close to Cypher literals.
 *
 *   value    := 'null' | 'true' | 'false' | number | string | list | map
 *             | node | relationship | path
 *   number   := '-'? digits ('.' digits)? exponent?   (integer iff no '.' and no exponent)
 *             | '-'? '.' digits exponent? | 'NaN' | '-'? 'Inf' | '-'? 'Infinity'
 *   string   := "'" chars "'"   (escapes: \' \" \\ \n \t \r \b \f \uXXXX; any other
 *                               backslash stays literal, as in the TCK grammar)
 *   list     := '[' (value (',' value)*)? ']'
 *   map      := '{' (key ':' value (',' key ':' value)*)? '}'
 *   node     := '(' variable? (':' name)* map? ')'
 *   relationship := '[' variable? ':' name map? ']'
 *   path     := '<' node (('-' relationship '->' | '<-' relationship '-') node)* '>'
 *   key, name := identifier | '`' backquoted '`'
 *
 * Whitespace between tokens is ignored. Integers are kept as `bigint` so that
 * values beyond 2^53 compare exactly; floats as numbers. The Gherkin parser
 * has already undone the table escapes (`\|`, `\\`, `\n`) before this runs.
 */

/** A property map or a Cypher map of the TCK (key order does not matter). */
export type TckMap = Map<string, TckValue>;

/** A node as the TCK writes it: labels and properties (ids are never compared). */
export interface TckNode {
  kind: 'node';
  labels: string[];
  properties: TckMap;
}

/** A relationship as the TCK writes it: type and properties. */
export interface TckRelationship {
  kind: 'relationship';
  type: string;
  properties: TckMap;
}

/** One hop of a TCK path: the relationship, whether it points forward (`->`), and the node it reaches. */
export interface TckPathStep {
  relationship: TckRelationship;
  forward: boolean;
  node: TckNode;
}

/** A value in a TCK table. */
export type TckValue =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'integer'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: TckValue[] }
  | { kind: 'map'; entries: TckMap }
  | TckNode
  | TckRelationship
  | { kind: 'path'; start: TckNode; steps: TckPathStep[] };

/** A cell that is not a TCK value; `offset` is where the parser gave up. */
export class TckValueSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly offset: number,
    expected: string,
  ) {
    super(`bad TCK value ${JSON.stringify(text)} at offset ${offset}: expected ${expected}`);
    this.name = 'TckValueSyntaxError';
  }
}

/** Parses one TCK cell; throws `TckValueSyntaxError` when the text is not exactly one value. */
export function parseTckValue(text: string): TckValue {
  const parser = new CellParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;
const NUMBER_PATTERN = /^-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/;

class CellParser {
  #pos = 0;

  constructor(readonly text: string) {}

  value(): TckValue {
    this.#skipSpace();
    const c = this.text[this.#pos];
    switch (c) {
      case "'":
      case '"':
        return { kind: 'string', value: this.#string() };
      case '[':
        return this.#peekAfterSpace(this.#pos + 1, ':') || this.#relationshipWithVariableAhead() ? this.#relationship() : this.#list();
      case '{':
        return { kind: 'map', entries: this.#map() };
      case '(':
        return this.#node();
      case '<':
        return this.#path();
      default:
        break;
    }
    if (this.#eatWord('null')) return { kind: 'null' };
    if (this.#eatWord('true')) return { kind: 'boolean', value: true };
    if (this.#eatWord('false')) return { kind: 'boolean', value: false };
    if (this.#eatWord('NaN')) return { kind: 'float', value: Number.NaN };
    if (this.#eatWord('Infinity') || this.#eatWord('Inf')) return { kind: 'float', value: Number.POSITIVE_INFINITY };
    if (this.#eatWord('-Infinity') || this.#eatWord('-Inf')) return { kind: 'float', value: Number.NEGATIVE_INFINITY };
    return this.#number();
  }

  /** Fails unless only whitespace is left. */
  end(): void {
    this.#skipSpace();
    if (this.#pos !== this.text.length) this.#fail('the end of the value');
  }

  #number(): TckValue {
    const m = NUMBER_PATTERN.exec(this.text.slice(this.#pos));
    if (m === null) this.#fail('a value');
    const token = m[0];
    const next = this.text[this.#pos + token.length];
    if (next !== undefined && IDENTIFIER_CHAR.test(next)) this.#fail('a value');
    this.#pos += token.length;
    if (/[.eE]/.test(token)) return { kind: 'float', value: Number(token) };
    return { kind: 'integer', value: BigInt(token) };
  }

  #string(): string {
    const quote = this.text[this.#pos]!;
    this.#pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.#pos];
      if (c === undefined) this.#fail(`a closing ${quote}`);
      this.#pos++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.#pos];
      const simple: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.#pos++;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.#pos + 1, this.#pos + 5))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.#pos + 1, this.#pos + 5), 16));
        this.#pos += 5;
      } else {
        out += '\\';
      }
    }
  }

  #list(): TckValue {
    this.#expect('[');
    const items: TckValue[] = [];
    if (!this.#eat(']')) {
      do items.push(this.value());
      while (this.#eat(','));
      this.#expect(']');
    }
    return { kind: 'list', items };
  }

  #map(): TckMap {
    this.#expect('{');
    const entries: TckMap = new Map();
    if (!this.#eat('}')) {
      do {
        const key = this.#name('a map key');
        this.#expect(':');
        if (entries.has(key)) this.#fail(`a key other than ${key} (keys are unique)`);
        entries.set(key, this.value());
      } while (this.#eat(','));
      this.#expect('}');
    }
    return entries;
  }

  #node(): TckNode {
    this.#expect('(');
    this.#optionalVariable();
    const labels: string[] = [];
    while (this.#eat(':')) labels.push(this.#name('a label'));
    const properties = this.#optionalProperties();
    this.#expect(')');
    return { kind: 'node', labels, properties };
  }

  #relationship(): TckRelationship {
    this.#expect('[');
    this.#optionalVariable();
    this.#expect(':');
    const type = this.#name('a relationship type');
    const properties = this.#optionalProperties();
    this.#expect(']');
    return { kind: 'relationship', type, properties };
  }

  #path(): TckValue {
    this.#expect('<');
    const start = this.#node();
    const steps: TckPathStep[] = [];
    for (;;) {
      this.#skipSpace();
      if (this.#eat('>')) return { kind: 'path', start, steps };
      if (this.#eat('<-')) {
        const relationship = this.#relationship();
        this.#expect('-');
        steps.push({ relationship, forward: false, node: this.#node() });
      } else if (this.#eat('-')) {
        const relationship = this.#relationship();
        this.#expect('->');
        steps.push({ relationship, forward: true, node: this.#node() });
      } else {
        this.#fail("'-[', '<-[' or '>'");
      }
    }
  }

  #optionalProperties(): TckMap {
    this.#skipSpace();
    return this.text[this.#pos] === '{' ? this.#map() : new Map();
  }

  /** Skips a variable name (`(n:A)`): the TCK's values have none, but a hand-written cell might. */
  #optionalVariable(): void {
    this.#skipSpace();
    const c = this.text[this.#pos];
    if (c !== undefined && (IDENTIFIER_CHAR.test(c) || c === '`')) this.#name('a variable');
  }

  /** Whether `[` opens a relationship with a variable (`[r:T]`) rather than a list. */
  #relationshipWithVariableAhead(): boolean {
    return /^\[\s*[A-Za-z_][A-Za-z0-9_$]*\s*:/.test(this.text.slice(this.#pos));
  }

  #name(what: string): string {
    this.#skipSpace();
    if (this.text[this.#pos] === '`') {
      let out = '';
      this.#pos++;
      for (;;) {
        const c = this.text[this.#pos];
        if (c === undefined) this.#fail('a closing `');
        this.#pos++;
        if (c !== '`') out += c;
        else if (this.text[this.#pos] === '`') {
          out += '`';
          this.#pos++;
        } else return out;
      }
    }
    const start = this.#pos;
    while (this.#pos < this.text.length && IDENTIFIER_CHAR.test(this.text[this.#pos]!)) this.#pos++;
    if (this.#pos === start) this.#fail(what);
    return this.text.slice(start, this.#pos);
  }

  #eatWord(word: string): boolean {
    if (!this.text.startsWith(word, this.#pos)) return false;
    const next = this.text[this.#pos + word.length];
    if (next !== undefined && IDENTIFIER_CHAR.test(next)) return false;
    this.#pos += word.length;
    return true;
  }

  #peekAfterSpace(from: number, s: string): boolean {
    let i = from;
    while (i < this.text.length && /\s/.test(this.text[i]!)) i++;
    return this.text.startsWith(s, i);
  }

  #eat(s: string): boolean {
    this.#skipSpace();
    if (!this.text.startsWith(s, this.#pos)) return false;
    this.#pos += s.length;
    return true;
  }

  #expect(s: string): void {
    if (!this.#eat(s)) this.#fail(`'${s}'`);
  }

  #skipSpace(): void {
    while (this.#pos < this.text.length && /\s/.test(this.text[this.#pos]!)) this.#pos++;
  }

  #fail(expected: string): never {
    throw new TckValueSyntaxError(this.text, this.#pos, expected);
  }
}
