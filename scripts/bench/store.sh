#!/bin/sh
# Database benchmark (issue 7): results written per second through release `probe batch
# --database-url`, next to the same batch without a database in the same run, and the p50/p99
# time of one `ProbeStore.write`. Starts a throwaway PostgreSQL cluster (scripts/pg-cluster),
# runs the benchmark (which applies `probe db migrate`), and removes the cluster on any exit.
# Run from the package root. Extra arguments go to probe-store-bench, e.g. `--probes 1000`,
# `--rounds 2`, `--turns 1` or `--sections write`.
set -eu
swift build -c release --static-swift-stdlib --scratch-path .build-bench --product probe
swift build -c release --scratch-path .build-bench --product probe-store-bench

cluster=$(mktemp -d /tmp/probe-store-bench.XXXXXX)
trap 'scripts/pg-cluster destroy "$cluster" >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
url=$(scripts/pg-cluster start "$cluster" | sed -n 's/^DATABASE_URL=//p')
[ -n "$url" ] || { echo "store.sh: the cluster did not start" >&2; exit 1; }
.build-bench/release/probe-store-bench \
    --probe .build-bench/release/probe --database-url "$url" "$@"
