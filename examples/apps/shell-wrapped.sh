#!/bin/sh
# The draining server started through a shell that does not forward SIGTERM, as a shell-form
# ENTRYPOINT (`ENTRYPOINT node server.js`) runs it: the shell is PID 1 and gets the stop signal, the
# app never does, and it is SIGKILLed at the end of the grace period. (A shell that is PID 1 of a
# container ignores SIGTERM unless it traps it; this script traps it and does nothing, like that.)
trap ':' TERM
node "$(dirname "$0")/drain-server.js"
echo "shell-wrapped: the app exited with status $?" >&2
