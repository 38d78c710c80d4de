/** The indicator CLI tests use the shared CLI helpers. */
export { runCli, contractValidator, hasSchema, schemaPath } from '../helpers/cli.js';
