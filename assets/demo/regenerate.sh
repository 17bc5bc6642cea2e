#!/bin/sh
# Regenerates this demo replica with the real Litestream v0.3.13 (fetched from npm by the build): a small app's
# database changing over time, three generations, object times recorded in manifest.tsv.
# Run from anywhere; it works in the repository's root.
set -eu
cd "$(dirname "$0")/../.."
exec mvn -q -B -DskipTests -Dlitestream.fetch.skip=false test-compile exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=dev.litescope.demo.DemoReplicaBuilder
