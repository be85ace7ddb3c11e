// Vite bundles CSS imported from TS; this tells TypeScript such imports exist (side effects only).
declare module '*.css';
