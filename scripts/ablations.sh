#!/usr/bin/env bash
# Trains the ablation grid one run after another and prints a table of test figures (thresholds tuned on dev).
# Usage: scripts/ablations.sh DATA_DIR [OUT_DIR] [RUN_NAME...]   e.g. scripts/ablations.sh ../shared/data/goemotions runs
# Each run writes OUT_DIR/NAME/ (a full bundle) and OUT_DIR/NAME.log; finished runs are skipped, so it can resume.
set -euo pipefail
data="${1:?usage: scripts/ablations.sh DATA_DIR [OUT_DIR] [RUN_NAME...]}"; out="${2:-runs}"; shift $(( $# > 1 ? 2 : 1 ))
here="$(cd "$(dirname "$0")/.." && pwd)"
declare -A runs=(
  [paper-faithful]="--arch paper --cleaning paper --select-by loss"
  [paper-posweight]="--arch paper --cleaning paper --select-by loss --pos-weight-power 0.5"
  [paper-posweight-f1]="--arch paper --cleaning paper --select-by macro-f1 --pos-weight-power 0.5"
  [paper-expressive]="--arch paper --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5"
  [paper-expressive-average]="--arch paper --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --pooling average"
  [paper-expressive-random]="--arch paper --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --no-glove"
  [paper-expressive-undersample]="--arch paper --cleaning expressive --select-by macro-f1 --neutral-keep 0.5"
  [paper-expressive-oversample]="--arch paper --cleaning expressive --select-by macro-f1 --oversample 1000"
  [paper-expressive-balanced]="--arch paper --cleaning expressive --select-by macro-f1 --neutral-keep 0.5 --oversample 1000 --pos-weight-power 0.5"
  [paper-expressive-s7]="--arch paper --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --seed 7"
  [paper-expressive-average-s7]="--arch paper --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --pooling average --seed 7"
  [paper-expressive-random-s7]="--arch paper --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --no-glove --seed 7"
  [paper-expressive-balanced-s7]="--arch paper --cleaning expressive --select-by macro-f1 --neutral-keep 0.5 --oversample 1000 --pos-weight-power 0.5 --seed 7"
  [wide]="--arch wide --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5"
  [wide-scale8]="--arch wide --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --ngram-scale 8"
  [wide-s7-balanced]="--arch wide --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --seed 7 --neutral-keep 0.5 --oversample 1000"
  [wide-s7-scale3]="--arch wide --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --seed 7 --ngram-scale 3"
  [wide-s42-scale3]="--arch wide --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --seed 42 --ngram-scale 3"
  [starter]="--arch paper --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --epochs 1"
  [wide-s7]="--arch wide --cleaning expressive --select-by macro-f1 --pos-weight-power 0.5 --seed 7"
  # the encoder architecture (the shipped default is encoder-both); C and the embedding's weight chosen on dev unless given
  [encoder-both]="--arch encoder"
  [encoder-alone]="--arch encoder --ngram-scale 0"
  [ngrams-alone]="--arch encoder --embedding-scale 1e-9"
  # one change each against encoder-both, at the C and embedding scale it chose on dev (1, 0.035)
  [encoder-posweight]="--arch encoder --pos-weight-power 0.5 --head-c 1 --embedding-scale 0.035"
  [encoder-minilm]="--arch encoder --encoder all-minilm-l6-v2-q --head-c 1 --embedding-scale 0.035"
  [encoder-cls]="--arch encoder --encoder-pooling cls --head-c 1 --embedding-scale 0.035"
  [encoder-mlp]="--arch encoder --head-hidden 512 --dropout 0.3 --ngram-scale 3 --lr 1e-3 --select-by macro-f1 --patience 3"
)
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(wide paper-faithful paper-posweight paper-posweight-f1 paper-expressive paper-expressive-average paper-expressive-random paper-expressive-undersample paper-expressive-oversample paper-expressive-balanced wide-s7)
mkdir -p "$out"
# freeze the build: editing sources while the grid runs must not change the model code under it
"$here/emostream" --version >/dev/null && rm -rf "$out/jar" && mkdir -p "$out/jar" && cp -r "$here/target/emostream.jar" "$here/target/lib" "$out/jar/"
for n in "${names[@]}"; do
  [ -n "${runs[$n]:-}" ] || { echo "unknown run $n" >&2; exit 2; }
  if [ -f "$out/$n/metrics.json" ]; then continue; fi
  echo "== $n: ${runs[$n]}" >&2
  # shellcheck disable=SC2086
  java -Xmx4g -Dai.djl.offline=true -Demostream.home="$here" -jar "$out/jar/emostream.jar" train --data "$data" --out "$out/$n" --model-version "$n" ${runs[$n]} > "$out/$n.log" 2>&1 || echo "run $n failed, see $out/$n.log" >&2
done
printf '%-30s %8s %8s %8s %8s %6s\n' run devF1 macroF1 microF1 macroAUC epoch
for n in "${names[@]}"; do
  f="$out/$n/metrics.json"; [ -f "$f" ] || continue
  python3 - "$f" "$n" "$out/$n/bundle.json" <<'PY'
import json,sys
j=json.load(open(sys.argv[1])); m=j["test"]; b=json.load(open(sys.argv[3]))["recipe"]
print(f"{sys.argv[2]:30s} {j['validation']['macroF1']:8.4f} {m['macroF1']:8.4f} {m['microF1']:8.4f} {m['macroAuc']:8.4f} {b.get('bestEpoch', '-'):>6}")
PY
done
