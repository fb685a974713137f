#!/usr/bin/env bash
# Measures numpy and PyTorch, then every tinytorch backend, back to back on this machine, and prints the issue's
# targets as ratios. The reference script is not part of this project: pass its path (e.g. ../shared/bench/reference.py).
#
#   examples/bench/compare-with-reference.sh PATH/TO/reference.py [CompareBackends options, e.g. --quick]
#
# Builds first (so compiling does not fall between the two measurements; SKIP_BUILD=1 reuses the last build), then
# runs reference.py and numpy-gemm.py with Debian's python3 (override with PYTHON=...), then CompareBackends
# --reference on their output. Everything goes to examples/target/bench (override with BENCH_OUT=...), with the
# source revision and the load average before, between and after.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 PATH/TO/reference.py [CompareBackends options]" >&2
  exit 2
fi
reference_script=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$root/examples/target/bench}
python=${PYTHON:-/usr/bin/python3}

cd "$root"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -pl examples -am package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip
fi
mkdir -p "$out"

# Debian's OpenBLAS may not know this processor: REFERENCE_OPENBLAS_CORETYPE=SkylakeX (say) runs the references, and
# only them, on those kernels, with OPENBLAS_L2_SIZE unset; the Java side keeps the environment as it is.
reference=("$python")
if [ -n "${REFERENCE_OPENBLAS_CORETYPE:-}" ]; then
  reference=(env -u OPENBLAS_L2_SIZE "OPENBLAS_CORETYPE=$REFERENCE_OPENBLAS_CORETYPE" "$python")
fi

revision=$(git describe --always --dirty 2>/dev/null || echo unknown)
echo "source: $revision; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-} OMP_NUM_THREADS=${OMP_NUM_THREADS:-}" \
  "REFERENCE_OPENBLAS_CORETYPE=${REFERENCE_OPENBLAS_CORETYPE:-}" | tee "$out/load.txt"
"${reference[@]}" -c 'import threadpoolctl, numpy; print("reference kernels:", [(i["internal_api"], i.get("architecture")) for i in threadpoolctl.threadpool_info()])' \
  2>/dev/null | tee -a "$out/load.txt" || true
echo "load before: $(uptime)" | tee -a "$out/load.txt"
{
  # The workloads the comparison has.
  for part in sklearn seed torch cnn rnn; do "${reference[@]}" "$reference_script" "$part"; done
  "${reference[@]}" "$root/examples/bench/numpy-gemm.py"
} | tee "$out/reference.txt"
echo "load between: $(uptime)" | tee -a "$out/load.txt"
java --add-modules=jdk.incubator.vector -cp "examples/target/tinytorch/lib/*" \
  dev.tinytorch.examples.bench.CompareBackends --reference "$out/reference.txt" --out "$out" "$@"
echo "load after: $(uptime)" | tee -a "$out/load.txt"
