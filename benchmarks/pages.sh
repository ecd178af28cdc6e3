#!/usr/bin/env bash
# Page timings at 20 concurrent clients against gunicorn on loopback, with 50 countries x 3 rounds x 3
# perspectives of generated (demo-labelled) data; prints a Markdown table for BENCHMARKS.md.
# Usage: bash benchmarks/pages.sh [seconds per page, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
PORT=8765
export GRMG_DATA_DIR=${GRMG_DATA_DIR:-/tmp/grmg-benchmark}
export GRMG_ALLOWED_HOSTS=127.0.0.1
GRMG=.venv/bin/grmg
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

$GRMG manage migrate --verbosity 0
start=$(date +%s)
$GRMG manage shell --command "exec(open('benchmarks/setup_data.py').read())" > /tmp/grmg-pages.tsv
echo "data ready in $(( $(date +%s) - start )) s" >&2

.venv/bin/gunicorn grmg.wsgi:application --bind 127.0.0.1:$PORT --workers 4 --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
sleep 3

jar=$(mktemp)
curl -s -c "$jar" -o /dev/null http://127.0.0.1:$PORT/accounts/login/
token=$(awk '$6 == "csrftoken" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" -o /dev/null -H "Referer: http://127.0.0.1:$PORT/accounts/login/" \
  --data "csrfmiddlewaretoken=$token&username=analyst&password=benchmark-password" http://127.0.0.1:$PORT/accounts/login/
session=$(awk '$6 == "sessionid" {print $7}' "$jar")
[ -n "$session" ] || { echo "log-in failed" >&2; exit 1; }

$GRMG manage shell --command "exec(open('benchmarks/query_counts.py').read())" < /tmp/grmg-pages.tsv > /tmp/grmg-queries.tsv

echo "| page | p50 (ms) | p95 (ms) | requests/s | requests | errors | p50 at 1 client (ms) | SQL queries |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
while IFS=$'\t' read -r _tag name url; do
  curl -s -o /dev/null -b "sessionid=$session" "http://127.0.0.1:$PORT$url"   # warm the workers
  result=$(wrk -t2 -c20 -d"${DURATION}s" --latency -s benchmarks/percentiles.lua \
    -H "Cookie: sessionid=$session" "http://127.0.0.1:$PORT$url" | grep '^RESULT')
  single=$(wrk -t1 -c1 -d5s -s benchmarks/percentiles.lua -H "Cookie: sessionid=$session" \
    "http://127.0.0.1:$PORT$url" | grep '^RESULT' | cut -f2)
  queries=$(awk -F'\t' -v n="$name" '$2 == n {print $3}' /tmp/grmg-queries.tsv)
  IFS=$'\t' read -r _r p50 p95 rate total errors <<< "$result"
  echo "| $name (\`$url\`) | $p50 | $p95 | $rate | $total | $errors | $single | $queries |"
done < <(grep "^PAGE" /tmp/grmg-pages.tsv)
