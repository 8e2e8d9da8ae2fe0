// esbuild bundles imported stylesheets into control-room.css; the imports have no value.
declare module '*.css';
