#!/usr/bin/env bash
# Measures per-key echo in a real terminal: the studio edits a template of N
# metrics in a detached tmux session, and each typed character is timed
# from send-keys until it is on the screen (polling capture-pane, whose own
# cost is the same at every size, so sizes compare fairly).
# Usage: scripts/echo.sh [keys] [metrics...]   (default: 40 keys; 10 and 1000 metrics)
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-40}
shift || true
sizes=("${@:-10 1000}")
dir=$(mktemp -d)
go build -o "$dir/rk-tui" ./cmd/rk-tui
sock=rk-echo-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$dir"' EXIT
for n in ${sizes[@]}; do
  go run ./scripts/gentemplate -n "$n" > "$dir/t$n.json"
  tmux -L "$sock" new-session -d -x 140 -y 45 "XDG_STATE_HOME=$dir/state NO_COLOR=1 ${ECHO_ENV:-} $dir/rk-tui edit --fresh $dir/t$n.json"
  until tmux -L "$sock" capture-pane -p 2>/dev/null | grep -q 'rk-tui studio'; do sleep 0.005; done
  tmux -L "$sock" send-keys C-n C-n Enter
  until tmux -L "$sock" capture-pane -p | grep -q '▸ Name'; do sleep 0.005; done
  tmux -L "$sock" send-keys Down Down Down End
  until tmux -L "$sock" capture-pane -p | grep -q '▸ Tags'; do sleep 0.005; done
  tmux -L "$sock" send-keys ', zz'
  until tmux -L "$sock" capture-pane -p | grep -q 'zz'; do sleep 0.005; done
  total=0
  typed=zz
  for i in $(seq "$keys"); do
    c=$(( i % 10 ))
    typed="$typed$c"
    start=$(date +%s%N)
    tmux -L "$sock" send-keys -l "$c"
    until tmux -L "$sock" capture-pane -p | grep -qF "${typed: -8}\""; do :; done
    end=$(date +%s%N)
    total=$(( total + end - start ))
  done
  printf '%5d metrics: %d keys, %.1f ms per key from send-keys to the screen\n' "$n" "$keys" "$(echo "$total / $keys / 1000000" | bc -l)"
  tmux -L "$sock" kill-server 2>/dev/null || true
done
