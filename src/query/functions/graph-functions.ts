/**
 * Functions over graph values: id, labels, type, keys, properties,
 * startNode, endNode, nodes, relationships, length. Null in, null out;
 * any other wrong type is TypeError/InvalidArgumentValue. Labels, types
 * and properties are read through `GraphAccess` only.
 */
import { functionTypeError } from '../values/value-errors.js';
import { NodeRef, PathValue, RelRef, isMap, type CypherMap, type Value } from '../values/value.js';
import { arg } from './function-args.js';
import type { ScalarFunction } from './function-types.js';

export const graphFunctions: readonly ScalarFunction[] = [
  {
    name: 'id',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof NodeRef || v instanceof RelRef) return v.id;
      throw functionTypeError('id', v, 'a NODE or RELATIONSHIP');
    },
  },
  {
    name: 'labels',
    minArgs: 1,
    maxArgs: 1,
    call(args, graph) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof NodeRef) return graph.nodeLabels(v);
      throw functionTypeError('labels', v, 'a NODE');
    },
  },
  {
    name: 'type',
    minArgs: 1,
    maxArgs: 1,
    call(args, graph) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof RelRef) return graph.relType(v);
      throw functionTypeError('type', v, 'a RELATIONSHIP');
    },
  },
  {
    name: 'keys',
    minArgs: 1,
    maxArgs: 1,
    call(args, graph) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof NodeRef) return Object.keys(graph.nodeProperties(v));
      if (v instanceof RelRef) return Object.keys(graph.relProperties(v));
      if (isMap(v)) return Object.keys(v);
      throw functionTypeError('keys', v, 'a MAP, NODE or RELATIONSHIP');
    },
  },
  {
    name: 'properties',
    minArgs: 1,
    maxArgs: 1,
    call(args, graph) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof NodeRef) return graph.nodeProperties(v);
      if (v instanceof RelRef) return graph.relProperties(v);
      if (isMap(v)) return { ...v } as CypherMap;
      throw functionTypeError('properties', v, 'a MAP, NODE or RELATIONSHIP');
    },
  },
  {
    name: 'startnode',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof RelRef) return new NodeRef(v.src);
      throw functionTypeError('startNode', v, 'a RELATIONSHIP');
    },
  },
  {
    name: 'endnode',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof RelRef) return new NodeRef(v.dst);
      throw functionTypeError('endNode', v, 'a RELATIONSHIP');
    },
  },
  {
    name: 'nodes',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof PathValue) return [...v.nodes] as Value[];
      throw functionTypeError('nodes', v, 'a PATH');
    },
  },
  {
    name: 'relationships',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof PathValue) return [...v.rels] as Value[];
      throw functionTypeError('relationships', v, 'a PATH');
    },
  },
  {
    name: 'length',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      if (v instanceof PathValue) return v.rels.length;
      throw functionTypeError('length', v, 'a PATH');
    },
  },
];
