// Parses an AsyncAPI document with @asyncapi/parser (the parser AsyncAPI's own tools use) and prints every
// diagnostic; exits 1 on an error or a warning. .ci/run installs the parser and runs this on the document
// AsyncApiDocumentTests writes (events/target/asyncapi.json, the one the gateway serves at /q/asyncapi):
//   NODE_PATH=<dir>/node_modules node clients/asyncapi/validate.cjs events/target/asyncapi.json
const fs = require('fs');
const { Parser, DiagnosticSeverity } = require('@asyncapi/parser');

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate.cjs ASYNCAPI_DOCUMENT');
  process.exit(2);
}
const severity = Object.fromEntries(Object.entries(DiagnosticSeverity).map(([name, level]) => [level, name]));

new Parser().validate(fs.readFileSync(file, 'utf8'), { source: file }).then((diagnostics) => {
  for (const d of diagnostics) {
    console.log(`${severity[d.severity]} ${d.code} at /${d.path.join('/')}: ${d.message}`);
  }
  const failing = diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning).length;
  console.log(`${file}: ${diagnostics.length} diagnostic(s), ${failing} of them errors or warnings`);
  process.exit(failing === 0 ? 0 : 1);
});
