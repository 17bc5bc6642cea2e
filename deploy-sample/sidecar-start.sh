#!/bin/sh
# Start of the Litestream sidecar: restore the database if this instance has none yet, then replicate.
#
# KEEP IN SYNC: the sidecar `command` in service.json and service.yaml inlines these same steps (plus writing
# litestream.yml to /etc/litestream.yml), because the stock litestream image contains neither file. A change
# here must be made there too, and the other way round.
#
# Works in the container (busybox sh, runs as root) and locally (any POSIX sh):
#   LITESTREAM_CONFIG  configuration file (default /etc/litestream.yml); its dbs[0].path must be DB_PATH
#   LITESTREAM_BIN     the litestream v0.3.13 binary (default: `litestream` on PATH)
#   DB_PATH            the database file (default /data/db.sqlite)
set -eu

config=${LITESTREAM_CONFIG:-/etc/litestream.yml}
litestream=${LITESTREAM_BIN:-litestream}
db=${DB_PATH:-/data/db.sqlite}
dir=$(dirname "$db")

mkdir -p "$dir"

# -if-db-not-exists: a database already here is newer than the replica (e.g. only this container restarted
#   inside a running instance); keep it.
# -if-replica-exists: an empty bucket (the first deploy) is not an error; start with no database and let the
#   app create it, instead of crash-looping on "no matching backups found".
"$litestream" restore -config "$config" -if-db-not-exists -if-replica-exists "$db"

# In the container this runs as root while the app runs as a non-root user. Let the app create files in the
# shared directory and write a database that the restore just created as root. (SQLite gives the -wal and
# -shm files the database file's permissions.) The volume belongs to this one instance's two containers.
# Backticks rather than $(...): in the inline copy Cloud Run would read $(NAME) as a variable reference.
if [ "`id -u`" = 0 ]; then
  chmod a+rwx "$dir" || echo "sidecar: warning: cannot make $dir writable for the app" >&2
  if [ -e "$db" ]; then
    chmod a+rw "$db" || echo "sidecar: warning: cannot make $db writable for the app" >&2
  fi
fi

# exec: litestream replaces the shell, so it receives SIGTERM itself and shuts down cleanly.
exec "$litestream" replicate -config "$config"
