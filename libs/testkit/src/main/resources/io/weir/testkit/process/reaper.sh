#!/bin/sh
# Usage: reaper.sh PIDFILE COMMAND [ARG...]
#
# Runs COMMAND as a child and SIGKILLs it as soon as this script's standard input reaches end of
# file. The JVM that started us holds the other end of that pipe, and the kernel closes it when
# the JVM exits for any reason, SIGKILL included, so no server outlives the JVM that started it.
pidfile=$1
shift
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
echo "$child" >"$pidfile.tmp" && mv "$pidfile.tmp" "$pidfile"
(cat <&3 >/dev/null; kill -KILL "$child" 2>/dev/null) &
watcher=$!
exec 3<&-
wait "$child"
status=$?
# the child is gone: stop the watcher before its pid could be reused by another process
kill "$watcher" 2>/dev/null
exit "$status"
