#!/usr/bin/env bash
# Measures the studio's time from start to first frame and its peak memory:
# runs the built binary in a detached tmux session, polls the screen every
# 5 ms until the header is drawn, then quits it and reads /usr/bin/time -v.
# Usage: scripts/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
bin=$(mktemp -d)/rk-tui
go build -o "$bin" ./cmd/rk-tui
state=$(mktemp -d)
sock=rk-startup-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$state"' EXIT
for i in $(seq "$runs"); do
  rm -f "$state/time.txt"
  start=$(date +%s%N)
  tmux -L "$sock" new-session -d -x 140 -y 45 \
    "XDG_STATE_HOME=$state /usr/bin/time -v -o $state/time.txt $bin new-template --fresh"
  until tmux -L "$sock" capture-pane -p 2>/dev/null | grep -q 'rk-tui studio'; do sleep 0.005; done
  end=$(date +%s%N)
  tmux -L "$sock" send-keys C-c
  while [ ! -s "$state/time.txt" ]; do sleep 0.01; done
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$state/time.txt")
  printf 'run %2d: first frame %4d ms, peak RSS %6d KiB\n' "$i" $(( (end - start) / 1000000 )) "$rss"
  tmux -L "$sock" kill-server 2>/dev/null || true
done
