/**
 * Functions over graph values: id, labels, type, keys, properties,
 * startNode, endNode, nodes, relationships, length. Null in, null out;
 * any other wrong type is TypeError/InvalidArgumentValue. Labels, types
 * and properties are read through `GraphAccess` only.
 */
import { functionTypeError } from '../values/value-errors.js';
import { NodeRef, PathValue, RelRef, isMap, type CypherMap, type Value } from '../values/value.js';
import { nullSafeUnary } from './function-args.js';
import type { ScalarFunction } from './function-types.js';

export const graphFunctions: readonly ScalarFunction[] = [
  nullSafeUnary('id', (v) => {
    if (v instanceof NodeRef || v instanceof RelRef) return v.id;
    throw functionTypeError('id', v, 'a NODE or RELATIONSHIP');
  }),
  nullSafeUnary('labels', (v, graph) => {
    if (v instanceof NodeRef) return graph.nodeLabels(v);
    throw functionTypeError('labels', v, 'a NODE');
  }),
  nullSafeUnary('type', (v, graph) => {
    if (v instanceof RelRef) return graph.relType(v);
    throw functionTypeError('type', v, 'a RELATIONSHIP');
  }),
  nullSafeUnary('keys', (v, graph) => {
    if (v instanceof NodeRef) return Object.keys(graph.nodeProperties(v));
    if (v instanceof RelRef) return Object.keys(graph.relProperties(v));
    if (isMap(v)) return Object.keys(v);
    throw functionTypeError('keys', v, 'a MAP, NODE or RELATIONSHIP');
  }),
  nullSafeUnary('properties', (v, graph) => {
    if (v instanceof NodeRef) return graph.nodeProperties(v);
    if (v instanceof RelRef) return graph.relProperties(v);
    if (isMap(v)) return { ...v } as CypherMap;
    throw functionTypeError('properties', v, 'a MAP, NODE or RELATIONSHIP');
  }),
  nullSafeUnary('startnode', (v) => {
    if (v instanceof RelRef) return new NodeRef(v.src);
    throw functionTypeError('startNode', v, 'a RELATIONSHIP');
  }),
  nullSafeUnary('endnode', (v) => {
    if (v instanceof RelRef) return new NodeRef(v.dst);
    throw functionTypeError('endNode', v, 'a RELATIONSHIP');
  }),
  nullSafeUnary('nodes', (v) => {
    if (v instanceof PathValue) return [...v.nodes] as Value[];
    throw functionTypeError('nodes', v, 'a PATH');
  }),
  nullSafeUnary('relationships', (v) => {
    if (v instanceof PathValue) return [...v.rels] as Value[];
    throw functionTypeError('relationships', v, 'a PATH');
  }),
  nullSafeUnary('length', (v) => {
    if (v instanceof PathValue) return v.rels.length;
    throw functionTypeError('length', v, 'a PATH');
  }),
];
