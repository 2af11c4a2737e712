export * from './codes';
export * from './events';
export * from './frames';
export * from './limits';
export * from './methods';
export * from './primitives';
export * from './utf8';
export * from './parse';
