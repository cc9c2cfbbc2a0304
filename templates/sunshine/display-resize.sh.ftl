#!/bin/sh
# Resizes the X screen of moonlight session ${sessionName} (display ${display}), rendered by moonlight.
# Sunshine runs it as the Desktop app's prep-cmd: without arguments it takes the client's size from
# SUNSHINE_CLIENT_WIDTH/HEIGHT/FPS when a stream starts; with WIDTH HEIGHT it restores the session's
# size when the stream ends. While a Moonlight client streams, a marker file says so, and the
# browser's agent (--browser WIDTH HEIGHT, the page's window) leaves the size alone: the native
# client keeps the size it asked for. The dummy driver takes any mode that fits its virtual screen,
# so the mode is added first; its timings only need to fall inside the driver's sync ranges.
set -eu
streaming=${streamingMarker}
browser=""
if [ "${r"${1:-}"}" = "--browser" ]; then
    browser=yes
    shift
fi
width=${r"${1:-${SUNSHINE_CLIENT_WIDTH:-}}"}
height=${r"${2:-${SUNSHINE_CLIENT_HEIGHT:-}}"}
fps=${r"${3:-${SUNSHINE_CLIENT_FPS:-60}}"}
case "$width:$height:$fps" in
    *[!0-9:]* | :* | *::* | *:)
        echo "display-resize: need a numeric WIDTH HEIGHT [FPS], got '$width' '$height' '$fps'" >&2
        exit 2 ;;
esac
if [ -n "$browser" ] && [ -e "$streaming" ]; then
    echo "display-resize: a Moonlight client is streaming this session; its size stays" >&2
    exit 3
fi
export DISPLAY=${display}
export XAUTHORITY=${xauthority}
output=$(xrandr --query | awk '$2 == "connected" { print $1; exit }')
if [ -z "$output" ]; then
    echo "display-resize: display $DISPLAY has no connected output" >&2
    exit 1
fi
mode="${r"${width}x${height}"}_moonlight"
if ! xrandr --query | awk -v mode="$mode" '$1 == mode { found = 1 } END { exit !found }'; then
    htotal=$((width + 160))
    vtotal=$((height + 30))
    clock=$(awk -v h="$htotal" -v v="$vtotal" -v f="$fps" 'BEGIN { printf "%.2f", h * v * f / 1000000 }')
    xrandr --newmode "$mode" "$clock" "$width" $((width + 48)) $((width + 80)) "$htotal" \
        "$height" $((height + 3)) $((height + 8)) "$vtotal"
    xrandr --addmode "$output" "$mode"
fi
xrandr --output "$output" --mode "$mode"
if [ -z "$browser" ]; then
    # Sunshine's do (no arguments) starts a stream; its undo (the session's size) ends it.
    if [ -z "${r"${1:-}"}" ]; then
        : >"$streaming"
    else
        rm -f "$streaming"
    fi
fi
