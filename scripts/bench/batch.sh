#!/bin/sh
# Concurrency benchmark (issue 6): release `probe batch` against the mock provider (`probe-mock`,
# its own process), next to the Python worker spawned once per probe, in the same run.
# Run from the package root after `scripts/test` (which creates .venv). Extra arguments go to
# probe-batch-bench, e.g. `--sections latency,zero` or `--probes 500`.
set -eu
swift build -c release --static-swift-stdlib --scratch-path .build-bench --product probe
swift build -c release --scratch-path .build-bench --product probe-mock
swift build -c release --scratch-path .build-bench --product probe-batch-bench
exec .build-bench/release/probe-batch-bench \
    --probe .build-bench/release/probe --mock .build-bench/release/probe-mock "$@"
