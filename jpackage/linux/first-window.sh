#!/bin/sh
# Times a desktop start as a new user sees it: from process start until the first Litescope window is visible
# on the X display (xdotool), and until the app reports the demo's timeline drawn (its launch probe, timed here
# from process start). Each run gets fresh user folders. Prints each run and the medians.
#   first-window.sh RUNS COMMAND [ARG...]     (DISPLAY must name a running X server)
# The launch probe quits the app once the timeline is on screen; it is asked for through the environment
# (LITESCOPE_LAUNCH_PROBE=true), which java -jar, bin/litescope and the installed launcher all pass on.
set -eu
runs=$1
shift
: "${DISPLAY:?first-window.sh: DISPLAY names no X server}"
command -v xdotool >/dev/null 2>&1 || { echo "first-window.sh: xdotool is missing" >&2; exit 1; }
now() { date +%s%N; }
windows=""
timelines=""
i=0
while [ "$i" -lt "$runs" ]; do
  i=$((i + 1))
  home=$(mktemp -d)
  log=$home/out.log
  start=$(now)
  HOME=$home XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache XDG_DATA_HOME=$home/data \
    XDG_STATE_HOME=$home/state LITESCOPE_LAUNCH_PROBE=true "$@" > "$log" 2>&1 &
  pid=$!
  shown=""
  while [ -z "$shown" ]; do
    if xdotool search --onlyvisible --name '^Litescope' >/dev/null 2>&1; then
      shown=$(now)
    elif ! kill -0 "$pid" 2>/dev/null; then
      echo "first-window.sh: the app ended before its window was seen:" >&2
      cat "$log" >&2
      exit 1
    else
      sleep 0.02
    fi
  done
  drawn=""
  while [ -z "$drawn" ]; do
    if grep -q "litescope-probe replica-shown" "$log"; then
      drawn=$(now)
    elif ! kill -0 "$pid" 2>/dev/null; then
      grep -q "litescope-probe replica-shown" "$log" && drawn=$(now) && break
      echo "first-window.sh: the app ended before the timeline was drawn:" >&2
      cat "$log" >&2
      exit 1
    else
      sleep 0.01
    fi
  done
  wait "$pid" || true
  w=$(( (shown - start) / 1000000 ))
  t=$(( (drawn - start) / 1000000 ))
  echo "run $i: window visible $w ms, timeline drawn $t ms"
  windows="$windows $w"
  timelines="$timelines $t"
  rm -rf "$home"
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
echo "median of $runs: window visible $(median "$windows") ms, timeline drawn $(median "$timelines") ms"
