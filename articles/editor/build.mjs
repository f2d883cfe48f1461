// Builds the editor into articles/static/articles/editor/ (editor.js, editor.css), minified.
// Run by `make assets` (npm ci, then npm run build); the built files are committed.
import * as esbuild from "esbuild";

const out = new URL("../static/articles/editor/", import.meta.url).pathname;
const common = { bundle: true, minify: true, legalComments: "eof", logLevel: "info", target: ["es2020", "chrome100", "firefox100", "safari15"] };

await esbuild.build({ ...common, entryPoints: ["src/index.js"], format: "iife", outfile: out + "editor.js" });
await esbuild.build({ ...common, entryPoints: ["src/editor.css"], outfile: out + "editor.css" });
