/**
 * A float whose value JavaScript would take for an integer (1.0, -0.0).
 *
 * JavaScript has one number type, so `1.0 === 1`; openCypher has INTEGER
 * and FLOAT, and `1.0 / 2` is 0.5 while `1 / 2` is 0. The query engine
 * carries such floats boxed (src/query/values/value.ts), and a property
 * written from a box is stored as a float, so it reads back as a float.
 */
export class BoxedFloat {
  constructor(readonly value: number) {}
}
