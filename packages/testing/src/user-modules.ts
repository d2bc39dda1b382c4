/**
 * Users' TypeScript modules (a model module, a runtime module): Node 20 cannot import `.ts` files
 * itself, so the first such import registers tsx's loader, once per thread.
 */

/** Set by the in-repository bundled CLI (tools/bundle.mjs): registers tsx and the bundle's own package map. */
const BUNDLE_HOOK = Symbol.for("corelab.allowUserModules");
const DONE = Symbol.for("corelab.typescriptModules");

/** Whether `url` (a file URL or path) names a TypeScript module. */
export function isTypeScriptModule(url: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/i.test(url);
}

/**
 * Makes `import()` of users' TypeScript modules work in this thread: registers tsx's ESM and
 * CommonJS loaders (from built JavaScript, as npm installs the package), or the bundled CLI's hook;
 * nothing when running from the sources under tsx or vitest, which load TypeScript already.
 */
export async function allowTypeScriptModules(): Promise<void> {
  const g = globalThis as Record<symbol, unknown>;
  const hook = g[BUNDLE_HOOK];
  if (typeof hook === "function") return (hook as () => Promise<void>)();
  if (import.meta.url.endsWith(".ts") || g[DONE] === true) return;
  g[DONE] = true;
  const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
  esm.register();
  cjs.register();
}
