/** Set by demos/vite.config.ts: the model URL the demos load by default (`/models/rig-tiny/` once it exists). */
declare const __DEMO_DEFAULT_MODEL__: string;
/** Set by demos/vite.config.ts: the model folder names served under /models/. */
declare const __DEMO_MODELS__: string[];
/** Stylesheets imported for their side effect (Vite injects them). */
declare module '*.css';
