#!/bin/sh
# Copies the built browser libraries the pages use from node_modules into wwwroot/lib, where they are committed so that
# building and testing need no node. To update: change the version in package.json, then
#   cd src/CommunityAcademy.Web/ClientLibs && npm ci && sh ./copy-libs.sh
# and commit package.json, package-lock.json and the copied files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/../wwwroot/lib/chartjs"
mkdir -p "$dest"
cp "$here/node_modules/chart.js/dist/chart.umd.js" "$dest/chart.umd.js"
cp "$here/node_modules/chart.js/LICENSE.md" "$dest/LICENSE.md"
echo "chart.js $(node -p "require('$here/node_modules/chart.js/package.json').version") copied to $dest"
