// Validates answers of the Coolify simulator against Coolify's published OpenAPI document (an extract vendored next to
// this file, its source in info.x-source) with ajv, a validator nobody here wrote. Stricter than the document: an object
// may hold only the properties it declares, and OpenAPI 3.0's `nullable` is honoured.
// Usage: node validate-coolify-responses.mjs openapi.json exchanges.json
// exchanges.json: [{ "method": "get", "path": "/deployments/{uuid}", "status": 200, "body": … }]
// Prints one line per exchange, "ok <n>" or "invalid <n> <METHOD> <path> <status>: <errors>"; exits 1 when any is invalid.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const [specPath, exchangesPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const exchanges = JSON.parse(readFileSync(exchangesPath, "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addKeyword("example");
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

function resolve(ref) {
  return ref.slice(2).split("/").reduce((node, key) => node[key], spec);
}

function strict(schema, depth = 0) {
  if (depth > 20 || schema === null || typeof schema !== "object") return schema;
  if (schema.$ref) return strict(resolve(schema.$ref), depth + 1);
  const copy = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") continue;
    if (key === "properties") copy.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v, depth + 1)]));
    else if (key === "items" || key === "additionalProperties") copy[key] = strict(value, depth + 1);
    else copy[key] = value;
  }
  if (schema.nullable === true && typeof schema.type === "string") copy.type = [schema.type, "null"];
  if (copy.enum && copy.type?.includes?.("null")) copy.enum = [...copy.enum, null];
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

let failed = false;
exchanges.forEach((exchange, n) => {
  const operation = spec.paths[exchange.path]?.[exchange.method];
  let response = operation?.responses?.[String(exchange.status)] ?? (exchange.status === 429 ? spec.components.responses["429"] : undefined);
  if (response?.$ref) response = resolve(response.$ref);
  const schema = response?.content?.["application/json"]?.schema;
  const where = `${exchange.method.toUpperCase()} ${exchange.path} ${exchange.status}`;
  if (!schema) {
    failed = true;
    console.log(`invalid ${n} ${where}: the document declares no JSON answer for it`);
    return;
  }
  const validate = ajv.compile(strict(schema));
  if (validate(exchange.body)) console.log(`ok ${n}`);
  else {
    failed = true;
    console.log(`invalid ${n} ${where}: ${validate.errors.map(e => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`).join("; ")}`);
  }
});
process.exit(failed ? 1 : 0);
