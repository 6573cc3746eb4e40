#!/bin/sh
# Start-up benchmark: the release `probe` against the Python worker, on an input that fails
# validation. Run from the package root. Extra arguments go to probe-bench (e.g. --runs 50).
set -eu
swift build -c release --static-swift-stdlib --scratch-path .build-bench --product probe
swift build -c release --scratch-path .build-bench --product probe-bench
exec .build-bench/release/probe-bench "$@" .build-bench/release/probe
