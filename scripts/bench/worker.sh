#!/bin/sh
# Issue 16's measure: the Node client (one long-lived `probe batch`) against one `probe` process
# per probe (the product's spawnPython pattern), same run, same mock: 10,000 probes x 3 turns at
# 200 ms a reply, 200 in flight. Prints wall time, CPU per probe and peak memory side by side.
# Extra arguments go to the script, e.g. `--probes 2000` or `--latency-ms 500`.
set -eu
swift build -c release --static-swift-stdlib --scratch-path .build-bench --product probe
swift build -c release --scratch-path .build-bench --product probe-mock
exec node clients/node/bench/worker-vs-spawn.mjs \
    --probe .build-bench/release/probe --mock .build-bench/release/probe-mock "$@"
