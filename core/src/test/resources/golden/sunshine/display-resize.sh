#!/bin/sh
# Resizes the X screen of moonlight session ml-alice-20250101120000-abc234 (display :11), rendered by moonlight.
# Sunshine runs it as the Desktop app's prep-cmd: without arguments it takes the client's size from
# SUNSHINE_CLIENT_WIDTH/HEIGHT/FPS when a stream starts; with WIDTH HEIGHT it restores the session's
# size when the stream ends. The dummy driver takes any mode that fits its virtual screen, so the mode
# is added first; its timings only need to fall inside the driver's sync ranges.
set -eu
width=${1:-${SUNSHINE_CLIENT_WIDTH:-}}
height=${2:-${SUNSHINE_CLIENT_HEIGHT:-}}
fps=${3:-${SUNSHINE_CLIENT_FPS:-60}}
case "$width:$height:$fps" in
    *[!0-9:]* | :* | *::* | *:)
        echo "display-resize: need a numeric WIDTH HEIGHT [FPS], got '$width' '$height' '$fps'" >&2
        exit 2 ;;
esac
export DISPLAY=:11
export XAUTHORITY=/scratch/sunshine_alice/ml-alice-20250101120000-abc234/Xauthority
output=$(xrandr --query | awk '$2 == "connected" { print $1; exit }')
if [ -z "$output" ]; then
    echo "display-resize: display $DISPLAY has no connected output" >&2
    exit 1
fi
mode="${width}x${height}_moonlight"
if ! xrandr --query | awk -v mode="$mode" '$1 == mode { found = 1 } END { exit !found }'; then
    htotal=$((width + 160))
    vtotal=$((height + 30))
    clock=$(awk -v h="$htotal" -v v="$vtotal" -v f="$fps" 'BEGIN { printf "%.2f", h * v * f / 1000000 }')
    xrandr --newmode "$mode" "$clock" "$width" $((width + 48)) $((width + 80)) "$htotal" \
        "$height" $((height + 3)) $((height + 8)) "$vtotal"
    xrandr --addmode "$output" "$mode"
fi
exec xrandr --output "$output" --mode "$mode"
