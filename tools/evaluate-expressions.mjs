// Evaluates GitHub Actions expressions with GitHub's own evaluator (@actions/expressions), for the composite-action
// harness of the tests: one process per action run, one request per line on standard input, one answer per line.
// Request:  {"context": {"inputs": {...}, "steps": {...}, ...}, "status": {"failed": false, "cancelled": false},
//            "expressions": [{"kind": "if" | "template", "text": "..."}]}
// Answer:   {"results": [{"value": "..."} | {"error": "..."}]}   (an `if` gives "true" or "false")
// `if`: the text with or without ${{ }}, wrapped in success() && (…) unless it calls a status function, as the runner
// does. `template`: a string with any number of ${{ }} (env:, with:, outputs, input defaults), each coerced to a string.
import { createInterface } from "node:readline";
import { Evaluator, Lexer, Parser, data } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";

const statusFunctions = ["success", "failure", "always", "cancelled"];

function functionsFor(status) {
  const ok = !status.failed && !status.cancelled;
  const values = { success: ok, failure: !!status.failed && !status.cancelled, always: true, cancelled: !!status.cancelled };
  return new Map(statusFunctions.map(name => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(values[name]) }]));
}

function evaluate(text, context, functions) {
  const { tokens } = new Lexer(text).lex();
  const expression = new Parser(tokens, context.keys, [...functions.values()]).parse();
  return { tokens, value: new Evaluator(expression, context, functions).evaluate() };
}

function condition(text, context, functions) {
  let body = text.trim();
  if (body.startsWith("${{") && body.endsWith("}}")) body = body.slice(3, -2);
  const { tokens, value } = evaluate(body, context, functions);
  const callsStatus = tokens.some((token, i) =>
    statusFunctions.includes(token.lexeme.toLowerCase()) && tokens[i + 1]?.lexeme === "(");
  if (callsStatus) return truthy(value) ? "true" : "false";
  return functions.get("success").call().value && truthy(value) ? "true" : "false";
}

// The runner's template reader: an expression ends at the first "}}" outside a '…' string literal.
function template(text, context, functions) {
  let result = "";
  let position = 0;
  for (;;) {
    const start = text.indexOf("${{", position);
    if (start < 0) return result + text.slice(position);
    let end = -1;
    let inString = false;
    for (let i = start + 3; i < text.length - 1; i++) {
      if (text[i] === "'") inString = !inString;
      else if (!inString && text[i] === "}" && text[i + 1] === "}") { end = i; break; }
    }
    if (end < 0) throw new Error(`unclosed expression (no closing }}) in: ${text}`);
    result += text.slice(position, start) + evaluate(text.slice(start + 3, end), context, functions).value.coerceString();
    position = end + 2;
  }
}

function answer(request) {
  // Dictionary.keys: the context names, which the parser accepts (any other name is an error, as in the runner).
  const context = JSON.parse(JSON.stringify(request.context), data.reviver);
  const functions = functionsFor(request.status ?? {});
  return request.expressions.map(({ kind, text }) => {
    try {
      return { value: kind === "if" ? condition(text, context, functions) : template(text, context, functions) };
    } catch (error) {
      return { error: `${kind} '${text}': ${error.message}` };
    }
  });
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  let results;
  try {
    results = answer(JSON.parse(line));
  } catch (error) {
    results = [{ error: `bad request: ${error.message}` }];
  }
  process.stdout.write(JSON.stringify({ results }) + "\n");
}
