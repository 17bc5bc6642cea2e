#!/bin/sh
# Installs the .deb into this machine, as a user would, and checks it (needs root; Debian or Ubuntu):
#   1. apt-get install ./litescope_*.deb; litescope is on PATH; the class archive postinst made maps;
#   2. under Xvfb, with fresh user folders, the installed launcher opens the app on the demo: a screenshot of
#      the display must show a window that is not blank (its pixel spread), saved as smoke-window.png, and that
#      carries the app's icon;
#   3. the installed command line restores the demo replica (in the restore launcher's 128 MiB heap, peak memory
#      within 256 MB), and SQLite's integrity check passes on the file; a damaged archive does not stop a start;
#   4. the first window and the demo's timeline are timed over five fresh starts (first-window.sh);
#   5. apt-get remove litescope, which takes litescope off PATH.
#   smoke-test.sh [DEB]    (by default target/jpackage/litescope_*.deb)
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
base=$(CDPATH= cd -- "$here/../.." && pwd)
deb=${1:-$(ls "$base"/target/jpackage/litescope_*.deb 2>/dev/null | head -n 1)}
[ -f "$deb" ] || { echo "smoke-test.sh: no .deb; build it with mvn -Ppackage package" >&2; exit 1; }
deb=$(CDPATH= cd -- "$(dirname -- "$deb")" && pwd)/$(basename -- "$deb")
out=$(dirname -- "$deb")
missing=""
command -v Xvfb >/dev/null 2>&1 || missing="$missing xvfb"
command -v xdotool >/dev/null 2>&1 || missing="$missing xdotool"
command -v xwd >/dev/null 2>&1 || missing="$missing x11-apps"
command -v xprop >/dev/null 2>&1 || missing="$missing x11-utils"
# identify, not convert: a machine may carry a convert that is not ImageMagick
command -v identify >/dev/null 2>&1 || missing="$missing imagemagick"
command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
fi

if dpkg -s litescope >/dev/null 2>&1; then
  # apt-get would keep an installed package of the same version: the files tested must be this .deb's.
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -q litescope
fi
echo "smoke-test: installing $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"
command -v litescope >/dev/null 2>&1 || { echo "smoke-test: litescope is not on PATH after installing" >&2; exit 1; }
echo "smoke-test: litescope is $(command -v litescope) -> $(readlink -f "$(command -v litescope)")"

# postinst made the class archive from the shipped class list: the installed runtime must accept it for the
# installed jar (-Xshare:on fails where -Xshare:auto, the launchers', would quietly start without it).
jsa=/opt/litescope/lib/app/litescope.jsa
[ -s "$jsa" ] || { echo "smoke-test: postinst made no class archive ($jsa)" >&2; exit 1; }
/opt/litescope/lib/runtime/bin/java -Xshare:on -XX:SharedArchiveFile="$jsa" \
  -cp /opt/litescope/lib/app/litescope.jar dev.litescope.app.Launcher --help > /dev/null \
  || { echo "smoke-test: the installed class archive is refused (see the JVM's message above)" >&2; exit 1; }
echo "smoke-test: postinst's class archive ($(du -m "$jsa" | cut -f1) MB) maps for the installed jar"
# litescope on PATH starts the runtime itself with the launchers' configuration (not through jpackage's native
# launcher, which queries the package manager): the archive must come through it, for the app and a restore.
# _JAVA_OPTIONS comes after the command line's options, so -Xshare:on there fails a start without the archive.
for command in --help "restore --help"; do
  # shellcheck disable=SC2086
  _JAVA_OPTIONS=-Xshare:on litescope $command > /dev/null 2>&1 \
    || { echo "smoke-test: litescope $command on PATH starts without the class archive" >&2; exit 1; }
done

display=:$(( ($$ % 400) + 100 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp > "$out/smoke-xvfb.log" 2>&1 &
xvfb=$!
home=$(mktemp -d)
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
export DISPLAY=$display
tries=0
until xdotool getdisplaygeometry >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 100 ] || { echo "smoke-test: Xvfb did not start" >&2; cat "$out/smoke-xvfb.log" >&2; exit 1; }
  sleep 0.1
done

# 2. The window, as a new user sees it.
HOME=$home XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache XDG_DATA_HOME=$home/data \
  XDG_STATE_HOME=$home/state litescope > "$out/smoke-app.log" 2>&1 &
app=$!
tries=0
until xdotool search --onlyvisible --name '^Litescope' >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 300 ] && kill -0 "$app" 2>/dev/null \
    || { echo "smoke-test: no Litescope window" >&2; cat "$out/smoke-app.log" >&2; exit 1; }
  sleep 0.1
done
sleep 3
xwd -root -silent | convert xwd:- "$out/smoke-window.png"
colours=$(convert "$out/smoke-window.png" -format '%k' info:)
spread=$(convert "$out/smoke-window.png" -colorspace Gray -format '%[fx:int(standard_deviation*1000)]' info:)
echo "smoke-test: screenshot $out/smoke-window.png: $colours colours, grey spread $spread/1000"
if [ "$colours" -lt 64 ] || [ "$spread" -lt 50 ]; then
  echo "smoke-test: the window is blank" >&2
  exit 1
fi
# The window carries the app's icon.
win=$(xdotool search --onlyvisible --name '^Litescope' | head -n 1)
case "$(xprop -id "$win" _NET_WM_ICON 2>&1 | head -c 100)" in
  *"not found"*|"") echo "smoke-test: the window has no icon" >&2; exit 1 ;;
esac
echo "smoke-test: the window carries the icon"
kill "$app"
wait "$app" || true
app=""

# 3. The installed command line restores the replica the app installed, through the restore launcher: its
#    128 MiB heap, and the process's peak memory within the 256 MB a restore is designed to.
replica=$(ls -d "$home"/cache/litescope/demo-*/replica | head -n 1)
[ -d "$replica" ] || { echo "smoke-test: the app installed no demo replica" >&2; exit 1; }
grep -q -- '-Xmx128m' /opt/litescope/lib/app/litescope-restore.cfg \
  || { echo "smoke-test: the restore launcher has no heap limit" >&2; exit 1; }
HOME=$home XDG_CACHE_HOME=$home/cache /usr/bin/time -f '%M' -o "$home/restore.rss" \
  litescope restore -o "$home/restored.db" "file://$replica"
check=$(sqlite3 "$home/restored.db" 'PRAGMA integrity_check')
[ "$check" = ok ] || { echo "smoke-test: the restored file fails its integrity check: $check" >&2; exit 1; }
rss=$(tail -n 1 "$home/restore.rss")
[ "$rss" -le 262144 ] || { echo "smoke-test: the restore peaked at $rss KiB, over 256 MiB" >&2; exit 1; }
echo "smoke-test: restored $(sqlite3 "$home/restored.db" 'SELECT count(*) FROM sqlite_master') schema objects;" \
  "integrity ok; peak $((rss / 1024)) MiB"
# A cut-short archive (a disk that filled while postinst wrote it) costs speed, never the start: the launchers'
# -Xshare:auto goes without it.
cp -p "$jsa" "$home/good.jsa"
truncate -s $(( $(stat -c %s "$jsa") / 2 )) "$jsa"
HOME=$home XDG_CACHE_HOME=$home/cache litescope version > /dev/null \
  || { echo "smoke-test: litescope does not start with a cut-short class archive" >&2; exit 1; }
cp -p "$home/good.jsa" "$jsa"
echo "smoke-test: a cut-short class archive is ignored"

# 4. The first window, timed.
sh "$here/first-window.sh" 5 litescope

# 5. Removed.
DEBIAN_FRONTEND=noninteractive apt-get remove -y -q litescope
hash -r 2>/dev/null || true
if [ -e /usr/bin/litescope ] || command -v litescope >/dev/null 2>&1; then
  echo "smoke-test: litescope is still on PATH after removing the package" >&2
  exit 1
fi
echo "smoke-test: passed"
