// `ruff check [path ...]` with Ruff itself, compiled to WebAssembly (@astral-sh/ruff-wasm-nodejs, pinned in
// package.json): for machines that have Node.js and the npm registry but no PyPI, where `pip install ruff` cannot run.
// It applies Ruff's own default rule selection (E4, E7, E9, F: what `ruff check` uses without a configuration), walks
// the paths as `ruff check` does (skipping .git, .venv, venv, node_modules, __pycache__, build and dist), prints one line
// per finding (path:row:column: CODE message) and exits 1 when there are findings, 0 when none, 2 for a usage it does not
// cover. It reads no configuration: with a ruff.toml, .ruff.toml or a pyproject.toml [tool.ruff] in the current folder,
// one above it or one it walks, it refuses rather than lint with other rules than the project chose.
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Workspace, PositionEncoding } from "@astral-sh/ruff-wasm-nodejs";

const usage = (message) => {
  console.error(`ruff (wasm): ${message}; this wrapper runs only: ruff check [path ...]`);
  process.exit(2);
};

const [command, ...rest] = process.argv.slice(2);
if (command === "--version") {
  console.log(`ruff ${Workspace.version()} (wasm)`);
  process.exit(0);
}
if (command !== "check") usage(`unsupported command '${command ?? ""}'`);
const options = rest.filter((a) => a.startsWith("-"));
if (options.length > 0) usage(`unsupported option(s) ${options.join(" ")}`);
const roots = rest.length > 0 ? rest : ["."];

// Ruff takes each file's closest configuration: one in this folder or above it, or in a folder it walks, would apply.
const configIn = (dir) => ["ruff.toml", ".ruff.toml"].map((f) => join(dir, f)).find((f) => existsSync(f)) ??
  (existsSync(join(dir, "pyproject.toml")) && /^\[tool\.ruff/m.test(readFileSync(join(dir, "pyproject.toml"), "utf8")) ? join(dir, "pyproject.toml") : undefined);
const refuseConfigIn = (dir) => {
  const configured = configIn(dir);
  if (configured) usage(`${configured} configures Ruff, and this wrapper reads no configuration`);
};
for (let dir = resolve("."); ; dir = dirname(dir)) {
  refuseConfigIn(dir);
  if (dirname(dir) === dir) break;
}

const skipped = new Set([".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);
const files = [];
const walk = (path) => {
  const stat = statSync(path);
  if (stat.isFile()) { if (path.endsWith(".py") || path.endsWith(".pyi")) files.push(path); return; }
  refuseConfigIn(path);
  for (const entry of readdirSync(path).sort()) if (!skipped.has(entry)) walk(join(path, entry));
};
for (const root of roots) {
  if (!existsSync(root)) usage(`${root} does not exist`);
  walk(root);
}

const workspace = new Workspace({ lint: { select: ["E4", "E7", "E9", "F"] } }, PositionEncoding.Utf8);
let findings = 0;
for (const file of files) {
  for (const d of workspace.check(readFileSync(file, "utf8"))) {
    findings++;
    console.log(`${relative(".", file) || file}:${d.start_location.row}:${d.start_location.column}: ${d.code ?? "syntax-error"} ${d.message}`);
  }
}
console.log(findings === 0 ? `All checks passed! (${files.length} files, Ruff ${Workspace.version()} wasm)` : `Found ${findings} error${findings === 1 ? "" : "s"}.`);
process.exit(findings === 0 ? 0 : 1);
