/** Vite's `?url` import of elkjs's worker script: the URL of the emitted asset (the web tsconfig has no vite/client types). */
declare module 'elkjs/lib/elk-worker.min.js?url' {
  const url: string;
  export default url;
}
