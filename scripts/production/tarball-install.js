#!/usr/bin/env node
/*
 * Installs every suite package from its tarball into a throwaway app, the way
 * another Backstage app would get them from the registry:
 *
 *   1. builds the type declarations (`tsc` into dist-types) and each package
 *      (`backstage-cli package build` bundles dist/index.d.ts from them);
 *   2. packs each workspace with `yarn pack`, which runs the packages'
 *      prepack/postpack (`backstage-cli package prepack` points main, types
 *      and exports at dist/) and rewrites `workspace:^`;
 *   3. `npm install`s the tarballs into an app folder under os.tmpdir(), with
 *      their dependencies and peer dependencies from the registry;
 *   4. type-checks a file importing every public entry point (main and
 *      /alpha) with skipLibCheck off, requires the backend packages in Node
 *      and runs the lint's bin.
 *
 * Usage: node scripts/production/tarball-install.js [--skip-build] [--keep]
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const args = new Set(process.argv.slice(2));
const yarnBin = path.join(root, '.yarn/releases/yarn-4.18.1.cjs');
const timings = [];

function run(cmd, cmdArgs, options = {}) {
  return execFileSync(cmd, cmdArgs, {
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    ...options,
  });
}

function yarn(cmdArgs, options) {
  return run(process.execPath, [yarnBin, ...cmdArgs], {
    cwd: root,
    ...options,
  });
}

function step(name, fn) {
  const start = Date.now();
  console.log(`==> ${name}`);
  const result = fn();
  timings.push([name, (Date.now() - start) / 1000]);
  return result;
}

function suitePackages() {
  return fs
    .readdirSync(path.join(root, 'plugins'))
    .map(dir => path.join(root, 'plugins', dir))
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({
      dir,
      pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => !pkg.private);
}

function entryPoints(pkg) {
  const subpaths = Object.keys(pkg.exports ?? { '.': true }).filter(
    key => key !== './package.json',
  );
  return subpaths.map(key =>
    key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`,
  );
}

/*
 * tsc with skipLibCheck off, so that our packages' own .d.ts files (under
 * node_modules/@service-ownership/) are checked like any source. skipLibCheck
 * cannot be turned on for some .d.ts files and off for others, so instead
 * the errors are sorted: one in the test file or in our declarations fails
 * the test; one inside a third-party package's declarations (not ours to fix,
 * and a consumer with Backstage's default skipLibCheck never sees it) is
 * listed with its package and does not.
 */
function typeCheck(appDir) {
  let output = '';
  try {
    run(
      process.execPath,
      [
        path.join(appDir, 'node_modules/.bin/tsc'),
        '-p',
        appDir,
        '--pretty',
        'false',
      ],
      { cwd: appDir, capture: true },
    );
  } catch (error) {
    output = String(error.stdout ?? '');
    if (!output.trim()) throw error;
  }
  const errors = output
    .split('\n')
    .filter(line => / error TS\d+:/.test(line))
    .map(line => {
      const file = line.slice(0, line.search(/\(\d+,\d+\)/));
      const nm = file.lastIndexOf('node_modules/');
      const pkgPath = nm >= 0 ? file.slice(nm + 'node_modules/'.length) : '';
      const pkg = pkgPath.startsWith('@')
        ? pkgPath.split('/').slice(0, 2).join('/')
        : pkgPath.split('/')[0];
      return { line, pkg };
    });
  if (output.trim() && !errors.length) {
    throw new Error(`tsc failed without type errors:\n${output}`);
  }
  const ours = errors.filter(
    e => !e.pkg || e.pkg.startsWith('@service-ownership/'),
  );
  const theirs = errors.filter(e => !ours.includes(e));
  if (theirs.length) {
    const byPkg = new Map();
    for (const e of theirs) byPkg.set(e.pkg, (byPkg.get(e.pkg) ?? 0) + 1);
    console.log(
      `    third-party declaration errors (not ours, not failing): ${[...byPkg]
        .map(([pkg, n]) => `${pkg} ${n}`)
        .join(', ')}`,
    );
    for (const e of theirs.slice(0, 5)) console.log(`      ${e.line}`);
  }
  if (ours.length) {
    throw new Error(
      `type errors in the suite's declarations or its use:\n${ours
        .map(e => e.line)
        .join('\n')}`,
    );
  }
  console.log('    our entry points and declarations type-check');
}

function main() {
  const totalStart = Date.now();
  const packages = suitePackages();

  if (!args.has('--skip-build')) {
    step('Type declarations (tsc into dist-types)', () => yarn(['tsc']));
    step('Build the suite packages', () =>
      yarn(['backstage-cli', 'repo', 'build']),
    );
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-tarballs-'));
  const tarballDir = path.join(workDir, 'tarballs');
  const appDir = path.join(workDir, 'app');
  fs.mkdirSync(tarballDir);
  fs.mkdirSync(appDir);

  try {
    const tarballs = step('Pack each package (yarn pack)', () =>
      packages.map(({ pkg }) => {
        const file = path.join(
          tarballDir,
          `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`,
        );
        yarn(['workspace', pkg.name, 'pack', '--out', file], {
          capture: true,
        });
        return { pkg, file };
      }),
    );

    // what the tarballs must contain: the built files, not the sources
    for (const { pkg, file } of tarballs) {
      const listing = run('tar', ['-tzf', file], { capture: true });
      const packed = JSON.parse(
        run('tar', ['-xzOf', file, 'package/package.json'], { capture: true }),
      );
      const problems = [];
      if (/^package\/src\//m.test(listing)) problems.push('contains src/');
      if (!/^package\/README\.md$/m.test(listing))
        problems.push('no README.md');
      if (!String(packed.main).startsWith('dist/'))
        problems.push(`main is ${packed.main}`);
      if (!String(packed.types).startsWith('dist/'))
        problems.push(`types is ${packed.types}`);
      for (const target of [packed.main, packed.types]) {
        if (!listing.includes(`package/${target}\n`))
          problems.push(`${target} is not in the tarball`);
      }
      for (const [key, value] of Object.entries(packed.exports ?? {})) {
        // conditions name files, except `backstage` (the extension's kind)
        const targets = (
          typeof value === 'string' ? [value] : Object.values(value)
        ).filter(target => target.startsWith('./'));
        for (const target of targets) {
          if (!listing.includes(`package/${target.replace(/^\.\//, '')}\n`))
            problems.push(
              `exports["${key}"] -> ${target} is not in the tarball`,
            );
        }
      }
      const deps = JSON.stringify(packed.dependencies ?? {});
      if (deps.includes('workspace:')) problems.push('workspace: ranges left');
      if (problems.length) {
        throw new Error(`${pkg.name} tarball: ${problems.join('; ')}`);
      }
      const kb = (fs.statSync(file).size / 1024).toFixed(0);
      console.log(`    ${pkg.name}: ${path.basename(file)} (${kb} KB)`);
    }

    const overrides = Object.fromEntries(
      tarballs.map(({ pkg, file }) => [pkg.name, `file:${file}`]),
    );
    fs.writeFileSync(
      path.join(appDir, 'package.json'),
      JSON.stringify(
        {
          name: 'tarball-consumer',
          private: true,
          dependencies: {
            ...overrides,
            // what a Backstage app brings along for the frontend plugin
            react: '^18.0.2',
            'react-dom': '^18.0.2',
            'react-router-dom': '^6.30.2',
          },
          devDependencies: {
            '@types/node': '^20.0.0',
            '@types/react': '^18.0.0',
            '@types/react-dom': '^18.0.0',
            '@types/jest': '^30.0.0',
            '@types/webpack-env': '^1.18.0',
            typescript: '~5.8.0',
          },
          // one @types/react, as a Backstage app's root resolutions do
          overrides: {
            ...overrides,
            '@types/react': '^18.0.0',
            '@types/react-dom': '^18.0.0',
          },
        },
        null,
        2,
      ),
    );

    step('npm install the tarballs into a fresh app', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: appDir,
      }),
    );

    const imports = packages.flatMap(({ pkg }) => entryPoints(pkg));
    const lines = imports.map(
      (spec, i) => `import * as entry${i} from '${spec}';`,
    );
    lines.push(
      `export const entries = [${imports
        .map((_, i) => `entry${i}`)
        .join(', ')}];`,
      // a few uses that need the declarations to be right, not just present
      `import ownershipBackend from '@service-ownership/plugin-ownership-backend';`,
      `import catalogModule from '@service-ownership/plugin-catalog-backend-module-ownership';`,
      `import type { BackendFeature } from '@backstage/backend-plugin-api';`,
      `export const features: BackendFeature[] = [ownershipBackend, catalogModule];`,
      `import { ownershipPlugin } from '@service-ownership/plugin-ownership';`,
      `export const pluginId: string = ownershipPlugin.getId();`,
      `import ownershipAlpha from '@service-ownership/plugin-ownership/alpha';`,
      `export const alphaExtension = ownershipAlpha.getExtension('api:ownership');`,
      `import { runLint } from '@service-ownership/ownership-lint';`,
      `export const lint: (o?: { cwd?: string }) => Promise<unknown> = runLint;`,
      `import { ownershipPermissions } from '@service-ownership/plugin-ownership-common';`,
      `export const permissionNames: string[] = ownershipPermissions.map(p => p.name);`,
      `import { ownershipOnCallProviderExtensionPoint } from '@service-ownership/plugin-ownership-node';`,
      `export const extensionPointId: string = ownershipOnCallProviderExtensionPoint.id;`,
    );
    fs.writeFileSync(path.join(appDir, 'index.ts'), `${lines.join('\n')}\n`);
    // the compiler options of @backstage/cli/config/tsconfig.json that decide
    // how packages resolve, with library checking on
    fs.writeFileSync(
      path.join(appDir, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2024',
            module: 'ES2020',
            moduleResolution: 'bundler',
            lib: ['DOM', 'DOM.Iterable', 'DOM.AsyncIterable', 'ES2024'],
            jsx: 'react-jsx',
            strict: true,
            esModuleInterop: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node', 'jest', 'webpack-env'],
          },
          files: ['index.ts'],
        },
        null,
        2,
      ),
    );
    console.log(`    entry points: ${imports.join(', ')}`);
    step('Type-check every public entry point (skipLibCheck false)', () =>
      typeCheck(appDir),
    );

    step('Load the Node packages and run the lint bin', () => {
      const nodePackages = packages
        .filter(({ pkg }) => pkg.backstage?.role !== 'frontend-plugin')
        .map(({ pkg }) => pkg.name);
      run(
        process.execPath,
        [
          '-e',
          `for (const name of ${JSON.stringify(nodePackages)}) {
             const m = require(name);
             if (!Object.keys(m).length) throw new Error(name + ' exports nothing');
             console.log('    require(' + name + '): ' + Object.keys(m).length + ' exports');
           }`,
        ],
        { cwd: appDir },
      );
      const example = path.join(root, 'examples');
      run(path.join(appDir, 'node_modules/.bin/ownership-lint'), ['--help'], {
        cwd: example,
        capture: true,
      });
      console.log('    ownership-lint --help: ok');
    });
  } finally {
    if (args.has('--keep')) {
      console.log(`kept ${workDir}`);
    } else {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  for (const [name, seconds] of timings) {
    console.log(`    ${seconds.toFixed(1).padStart(6)} s  ${name}`);
  }
  console.log(
    `==> Tarball install test passed in ${(
      (Date.now() - totalStart) /
      1000
    ).toFixed(0)} s`,
  );
}

main();
