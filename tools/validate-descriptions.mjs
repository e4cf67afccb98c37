// Validates deploy descriptions against the published JSON Schema with ajv, a validator nobody here wrote, so the
// schema editors use is proven to accept the examples and to reject what the loader rejects.
// Usage: node tools/validate-descriptions.mjs schema.json file.yml [file.yml ...]
// Prints one line per file: "ok <file>" or "invalid <file>: <errors>"; exits 1 when any file is invalid.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { parse } from "yaml";

const [schemaPath, ...files] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
let failed = false;
for (const file of files) {
  const document = parse(readFileSync(file, "utf8"));
  if (validate(document)) {
    console.log(`ok ${file}`);
  } else {
    failed = true;
    console.log(`invalid ${file}: ${validate.errors.map(e => `${e.instancePath || "/"} ${e.message}`).join("; ")}`);
  }
}
process.exit(failed ? 1 : 0);
