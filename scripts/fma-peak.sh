#!/usr/bin/env bash
# Prints this machine's fp32 FMA throughput on 1 thread and on every core: the ceiling for the GFLOP/s that
# `./emostream bench` prints for the model. Needs gcc and an AVX2 + FMA CPU.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(mktemp -d)/fma-peak"
trap 'rm -rf "$(dirname "$bin")"' EXIT
gcc -O2 -mavx2 -mfma -pthread "$here/fma-peak.c" -o "$bin"
"$bin" 1
"$bin" "$(nproc)"
