// Lint rules for the project's own code (`npm run lint`, run by `npm test`). Formatting is Prettier's
// (.prettierrc.json). `npm run lint` names the folders it reads (src, tests, scripts); whatever .gitignore ignores
// (.venv, .jupyter, runs, out, dist) is ignored here too, so a folder a machine adds can never fail the lint.
import { includeIgnoreFile } from "@eslint/compat";
import stylistic from "@stylistic/eslint-plugin";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";

export default tseslint.config(
  includeIgnoreFile(fileURLToPath(new URL(".gitignore", import.meta.url))),
  { ignores: ["notebooks/"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@stylistic": stylistic },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "error" },
    rules: {
      // Prettier wraps code at 120 but never breaks a string or a comment: this catches the comments.
      "@stylistic/max-len": ["error", { code: 120, tabWidth: 2, ignoreStrings: true, ignoreTemplateLiterals: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // Loaded on first use, never at import: the optional native, ONNX Runtime and WebGPU engines (Dawn's
      // `webgpu`, and the kernels that need them), engines and WebAssembly that take time to start, danfojs
      // (large), marked (ES module only) and tslab's display (inside its kernel only).
      "@typescript-eslint/no-require-imports": [
        "error",
        {
          allow: [
            "^@tensorflow/",
            "^@resvg/",
            "^danfojs$",
            "^marked$",
            "^tslab/",
            "^webgpu$",
            "^\\./webgpu/kernels$",
            "^onnxruntime-node$",
            "^\\./onnx/kernels$",
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.ts"],
    rules: { "@typescript-eslint/explicit-module-boundary-types": "error" },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
