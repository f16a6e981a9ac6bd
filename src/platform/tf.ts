/**
 * The TensorFlow.js this package runs on: tfjs-core and tfjs-layers, and nothing else. Every
 * file imports tf from here, not the `@tensorflow/tfjs` umbrella, which also loads the webgl,
 * cpu, converter and data packages: a third of a second more at every Node start and a bigger
 * browser bundle. A backend is registered apart (platform/backend.node.ts, the web page). The
 * umbrella's chained ops (`x.reshape()`) are not registered here: call `tf.reshape(x)`.
 * In dist/, Node gets a generated form of this file that loads the same packages with require
 * (scripts/build.js says why); bundlers get this one (package.json "browser").
 */
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
