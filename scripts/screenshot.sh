#!/usr/bin/env bash
# Regenerates docs/studio.png, the README's screenshot of the studio, from a
# real run: the built rk-tui in a tmux terminal of 140×45, driven with
# send-keys to a realistic template (a preset with a second metric, tags and
# a cost profile) and left on the Metrics step with a metric open, so that
# the live checks, the template JSON and the cost card all show. The screen
# is captured with its colours (tmux capture-pane -e), turned into HTML with
# aha and photographed by headless Chromium, which never reaches the network.
#
# Usage: scripts/screenshot.sh [OUTPUT.png]     (default docs/studio.png)
# Needs go; installs tmux, aha, chromium and a monospace font with apt-get
# when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-docs/studio.png}
COLS=140
ROWS=45
FONT_PX=14   # DejaVu Sans Mono: one cell is 0.6021 em wide
LINE_PX=17
PAD_X=18
PAD_Y=14
BG='#0f1117' # the page around the terminal, and its background
FG='#d4d4d4'

log() { printf 'screenshot: %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v aha >/dev/null 2>&1 || missing+=(aha)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -q 'DejaVuSansMono' || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
sock="rk-tui-shot-$$"
tmx() { tmux -u -f /dev/null -L "$sock" "$@"; }
sock_path=
cleanup() {
  tmx kill-server >/dev/null 2>&1 || true
  # tmux leaves its socket file behind.
  case $sock_path in */"$sock") rm -f -- "$sock_path" ;; esac
  rm -rf "$work"
}
trap cleanup EXIT

log "building rk-tui"
go build -o "$work/rk-tui" ./cmd/rk-tui

# --- the studio ----------------------------------------------------------------
mkdir -p "$work/home" "$work/state"
# A clean environment: no user's drafts, no API key, colours on (256, which
# aha renders), a dark background (the studio's default when the terminal
# does not answer).
tmx new-session -d -s studio -x "$COLS" -y "$ROWS" -- \
  env -i PATH="$PATH" HOME="$work/home" XDG_STATE_HOME="$work/state" \
  TERM=xterm-256color LANG=C.UTF-8 \
  "$work/rk-tui" new-template --fresh --preset exposure-counter -o "$work/checkout-flags.json"

sock_path=$(tmx display-message -p -t studio '#{socket_path}')

screen() { tmx capture-pane -p -t studio; }
# wait_for REGEX: poll the screen (every 50 ms, at most 10 s) until it matches.
wait_for() {
  local deadline=$((SECONDS + 10))
  while ((SECONDS <= deadline)); do
    if screen | grep -Eq -- "$1"; then return 0; fi
    sleep 0.05
  done
  log "timed out waiting for /$1/; the screen was:"
  screen >&2 || true
  exit 1
}
keys() { tmx send-keys -t studio "$@"; }
# focused: the label of the field in focus (the line marked ▸).
focused() { screen | sed -En 's/^▸ (([^ ]| [^ ])+)  .*/\1/p' | head -n 1; }
# focus_field LABEL: tab on until the field LABEL has the focus.
focus_field() {
  local i j before
  for ((i = 0; i < 15; i++)); do
    [ "$(focused)" = "$1" ] && return 0
    before=$(focused)
    keys Tab
    j=$((SECONDS + 10))
    while [ "$(focused)" = "$before" ] && ((SECONDS <= j)); do sleep 0.05; done
  done
  log "could not focus the field $1; the screen was:"
  screen >&2 || true
  exit 1
}
type_text() { tmx send-keys -t studio -l -- "$1"; }

wait_for 'Start from'
# 1 Start: a title of our own.
keys Tab
wait_for '▸ Title'
keys C-u
type_text 'Checkout feature flags'
wait_for '^rk-tui studio · Checkout feature flags '

# 3 Metrics: a second metric with tags, one of which Datadog would rewrite.
keys C-n C-n
wait_for 'Metrics \(1\)'
keys a
wait_for 'Metric 2 of 2'
keys C-u
type_text 'checkout.flag.errors'
keys Tab Tab
wait_for '▸ Value'
keys C-u
type_text 'store.rookout.frame.locals.error_count'
keys Tab
wait_for '▸ Tags'
type_text 'name:new_checkout, Reason:Timeout'
keys Tab
wait_for '▸ Unit'
type_text 'error'
keys Tab
wait_for '▸ Description'
type_text 'Checkout errors while the new flow is served, by reason.'
keys Escape # wait after esc: esc and the next key at once read as alt+key
wait_for 'Metrics \(2\)'

# 5 Cost: hosts, what the account already uses, and the tag cardinality.
keys C-n C-n
wait_for 'Cost profile'
wait_for '▸ Hosts'
type_text '24'
keys Tab
wait_for '▸ Account hosts'
type_text '60'
keys Tab Tab
wait_for '▸ Existing metrics'
type_text '5400'
# One field per tag key follows, in the studio's order.
focus_field 'Values of Reason'
type_text 6
focus_field 'Values of environment'
type_text 3
focus_field 'Values of name'
type_text 8
focus_field 'Values of value'
type_text 2

# Back to the second metric, its tags in focus: the live check shows.
keys C-b C-b
wait_for 'Metrics \(2\)'
keys Down
wait_for '▸ 2\. checkout\.flag\.errors'
keys Enter
wait_for 'Metric 2 of 2'
keys Tab Tab Tab
wait_for '▸ Tags +name:new_checkout, Reason:Timeout'
wait_for 'Datadog stores'
sleep 0.3 # let the last frame settle before the capture

tmx capture-pane -e -p -t studio >"$work/screen.ans"

# --- HTML and PNG ------------------------------------------------------------------
{
  cat <<EOF
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>rk-tui studio</title>
<style>
html, body { margin: 0; padding: 0; background: $BG; overflow: hidden; }
pre {
  margin: 0; padding: ${PAD_Y}px ${PAD_X}px;
  font-family: "DejaVu Sans Mono", monospace; font-size: ${FONT_PX}px;
  line-height: ${LINE_PX}px; color: $FG; background: $BG;
  font-variant-ligatures: none; white-space: pre;
}
</style></head><body><pre>
EOF
  aha --no-header <"$work/screen.ans"
  echo '</pre></body></html>'
} >"$work/studio.html"

# The window fits the terminal: COLS cells wide, ROWS lines high, plus padding.
width=$(awk -v c="$COLS" -v f="$FONT_PX" -v p="$PAD_X" 'BEGIN { w = c * f * 0.6021 + 2 * p; printf "%d", (w == int(w)) ? w : int(w) + 1 }')
height=$((ROWS * LINE_PX + 2 * PAD_Y))

# Chromium runs in a network namespace of its own when the system allows it,
# and is told not to resolve any name either way.
isolate=()
if unshare --net true >/dev/null 2>&1; then
  isolate=(unshare --net)
fi
mkdir -p "$(dirname "$OUT")" "$work/chrome-home"
out_abs="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
rm -f "$out_abs"
log "rendering ${width}x${height} to $OUT"
HOME="$work/chrome-home" "${isolate[@]}" chromium \
  --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-default-apps --disable-extensions --disable-breakpad \
  --disable-domain-reliability --disable-client-side-phishing-detection \
  --no-default-browser-check --metrics-recording-only --no-pings \
  --disable-dev-shm-usage --no-proxy-server \
  --host-resolver-rules='MAP * ~NOTFOUND' \
  --user-data-dir="$work/chrome-profile" --hide-scrollbars \
  --force-device-scale-factor=1 \
  --window-size="$width,$height" --screenshot="$out_abs" \
  "file://$work/studio.html" >"$work/chromium.log" 2>&1 || {
  log "chromium failed:"
  cat "$work/chromium.log" >&2
  exit 1
}
[ -s "$out_abs" ] || {
  log "chromium wrote no screenshot:"
  cat "$work/chromium.log" >&2
  exit 1
}
log "wrote $OUT"
