// Node module resolve hook: `subnetkit` and `subnetkit/<entry>` imported by a
// subnet's own modules resolve to the subnetkit that is loading them, through
// its package.json `exports`. So a subnet folder created anywhere (no
// node_modules of its own) loads right after `subnet init`, and its modules
// share the running process's subnetkit, never a second copy.
// Plain JavaScript: Node loads hook modules in its own thread, without tsx.

/** @type {string | undefined} */
let packageJsonUrl;

/** @param {{ packageJsonUrl: string }} data */
export function initialize(data) {
  packageJsonUrl = data.packageJsonUrl;
}

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(specifier: string, context: object) => unknown} nextResolve
 */
export function resolve(specifier, context, nextResolve) {
  if (packageJsonUrl && (specifier === 'subnetkit' || specifier.startsWith('subnetkit/')))
    return nextResolve(specifier, { ...context, parentURL: packageJsonUrl });
  return nextResolve(specifier, context);
}
