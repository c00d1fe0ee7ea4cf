#!/usr/bin/env bash
# Builds the jsii package for cdk8s-plus-34 and one language's package: `bash jsii/build.sh python|java|go|dotnet`
# (run by `npm run package:<target>` after the root's compile). Output: jsii/dist/js/*.tgz (the npm package every
# language embeds) and jsii/dist/<target>/. Caches stay outside the repository (npm's, pip's, ~/.m2, GOMODCACHE).
set -euo pipefail
target="${1:?usage: build.sh python|java|go|dotnet}"
cd "$(dirname "$0")"
# jsii warns on every run that Node 20 is past its end of life; the project supports Node 20 (engines).
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# A fresh install of the jsii toolchain and the cdk8s peers (the core comes in as sources: generate-glue.sh).
npm ci --no-audit --no-fund --loglevel=error
# The glue, from its one source in src/ (jsii/src/generated/, git-ignored).
bash generate-glue.sh
# The one reserved-word warning is SidecarOptions.native (a Java keyword): Java's builder names it nativeValue.
npx jsii --silence-warnings=reserved-word
# Only this build's packages in dist/ (test-python.sh installs the wheel it finds there).
rm -rf dist
npx jsii-pacmak --target js --target "$target"
ls -l dist/js "dist/$target"
