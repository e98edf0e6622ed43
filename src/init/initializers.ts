import { constantInit, normalInit, uniformInit, zerosInit } from './distributions.ts';
import type { Initializer } from './initializer.ts';
import { orthogonal } from './orthogonal.ts';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
} from './variance-scaling.ts';

export type { Fans, FanMode, InitOptions, Initializer, Nonlinearity } from './initializer.ts';
export { zerosInit, constantInit, uniformInit, normalInit } from './distributions.ts';
export {
  glorotUniform,
  glorotNormal,
  heUniform,
  heNormal,
  lecunNormal,
} from './variance-scaling.ts';
export { orthogonal } from './orthogonal.ts';

/** Initializers by the name a spec uses in a node's `init` parameter. */
export const initializers: Readonly<Record<string, Initializer>> = {
  zeros: zerosInit,
  constant: constantInit,
  uniform: uniformInit,
  normal: normalInit,
  'glorot-uniform': glorotUniform,
  'glorot-normal': glorotNormal,
  'xavier-uniform': glorotUniform,
  'xavier-normal': glorotNormal,
  'he-uniform': heUniform,
  'he-normal': heNormal,
  'kaiming-uniform': heUniform,
  'kaiming-normal': heNormal,
  'lecun-normal': lecunNormal,
  orthogonal,
};

/** Names accepted by `init`, for validation and docs. */
export const initializerNames: readonly string[] = Object.keys(initializers);
