// Lint: TypeScript rules plus the module boundaries of DESIGN.md, enforced with nx tags:
//   frame (type:core) ← pallets (type:pallet), models (type:lib) ← testing (type:testing) ← apps (type:app)
// A pallet depends on frame only; only testing and apps compose several pallets. A pallet's own
// tests, fixtures, benches and its `testing.ts` (mock runtimes) may use another pallet, as polkadot-sdk
// mocks do.
import nx from "@nx/eslint-plugin";
import tseslint from "typescript-eslint";

const boundaries = (allowPalletInPallet) => [
  "error",
  {
    allow: [],
    enforceBuildableLibDependency: false,
    depConstraints: [
      { sourceTag: "type:core", onlyDependOnLibsWithTags: ["type:core"] },
      { sourceTag: "type:lib", onlyDependOnLibsWithTags: ["type:core", "type:lib"] },
      { sourceTag: "type:pallet", onlyDependOnLibsWithTags: allowPalletInPallet ? ["type:core", "type:pallet"] : ["type:core"] },
      { sourceTag: "type:testing", onlyDependOnLibsWithTags: ["type:core", "type:lib", "type:pallet", "type:runtime", "type:testing"] },
      { sourceTag: "type:runtime", onlyDependOnLibsWithTags: ["type:core", "type:lib", "type:pallet", "type:runtime"] },
      { sourceTag: "type:simulate", onlyDependOnLibsWithTags: ["type:core", "type:lib", "type:pallet", "type:runtime", "type:testing", "type:simulate"] },
      { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:core", "type:lib", "type:pallet", "type:runtime", "type:testing", "type:simulate", "type:app"] },
      { sourceTag: "type:tool", onlyDependOnLibsWithTags: ["type:core", "type:lib", "type:pallet", "type:runtime", "type:testing", "type:simulate", "type:app", "type:tool"] },
    ],
  },
];

export default [
  { ignores: ["**/node_modules/**", "**/dist/**", ".nx/**", "**/vitest.config.ts", "vitest.shared.ts", "**/*.mjs", "**/*.cjs", "**/*.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@nx": nx },
    rules: {
      "@nx/enforce-module-boundaries": boundaries(false),
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "Runtime code is deterministic: use the runtime's seeded randomness." },
        { selector: "NewExpression[callee.name='Date']", message: "Runtime code is deterministic: no wall clock." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Runtime code is deterministic: no wall clock." },
      ],
    },
  },
  {
    files: ["packages/*/src/**/*.test.ts", "packages/*/src/testing.ts", "packages/*/src/testing/**/*.ts", "packages/*/src/__fixtures__/**/*.ts", "packages/*/bench/**/*.ts"],
    rules: { "@nx/enforce-module-boundaries": boundaries(true) },
  },
  {
    // Tools, the CLI and tests may read the clock (progress, timing); runtime code may not.
    files: ["tools/**/*.ts", "apps/**/*.ts", "**/*.test.ts", "**/*.bench.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
];
