// The part of @noble/curves the fallback suite uses, in a module of its own: curves.ts imports it
// with import(), and a bundler keeps only these two exports of ed25519.js in the chunk (about 14.5 kB
// gzipped against 26 kB for the whole module, which a namespace import keeps).
export { ed25519, x25519 } from '@noble/curves/ed25519.js';
