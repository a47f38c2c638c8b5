#!/usr/bin/env bash
# Start the action server and the Rasa server, wait until they answer, and say how to talk to them.
# With --shell, chat in the terminal instead. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
WEB_PORT=${WEB_PORT:-8080}
# Only the council's own site may call the assistant from a browser (never "*").
CORS_ORIGINS=${CORS_ORIGINS:-"http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT"}
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p var

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$RASA_PORT" "$ACTION_PORT" "$WEB_PORT"; do
  if port_in_use "$port"; then
    echo "Port $port is already in use. Is the assistant already running? Stop it, or set RASA_PORT, ACTION_PORT and WEB_PORT." >&2
    exit 1
  fi
done

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# Only the Rasa server on this machine talks to the action server (rasa-sdk reads SANIC_HOST).
SANIC_HOST=127.0.0.1 "$BIN/rasa" run actions --port "$ACTION_PORT" >var/actions.log 2>&1 &
pids+=($!)

# Only the channels whose environment variables are set (docs/channels.md).
"$BIN/python" -m channels.credentials channels.yml var/credentials.yml
# endpoints.yml names the action server on port 5055, as a bare `rasa run actions` starts it.
sed "s#localhost:5055/#localhost:$ACTION_PORT/#" endpoints.yml >var/endpoints.yml

# Rasa with this project's changes applied (rasa_tuning/__init__.py says what they are).
RASA=("$BIN/python" -m rasa_tuning)
if [[ "${1:-}" == "--shell" ]]; then
  # The shell still starts a server behind it: this machine only.
  "${RASA[@]}" shell --interface 127.0.0.1 --port "$RASA_PORT" --model models/send-guide.tar.gz \
    --endpoints var/endpoints.yml --credentials var/credentials.yml
  exit 0
fi

# Bound to this machine only: a council's web server in front passes on the webhooks (README,
# "On the council's website"). RASA_INTERFACE=0.0.0.0 listens on every interface.
"${RASA[@]}" run --interface "${RASA_INTERFACE:-127.0.0.1}" --model models/send-guide.tar.gz --port "$RASA_PORT" --endpoints var/endpoints.yml \
  --credentials var/credentials.yml --cors $CORS_ORIGINS >var/rasa.log 2>&1 &
pids+=($!)

"$BIN/python" scripts/serve_demo.py --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
pids+=($!)

echo "Starting the assistant (about 20 seconds)..."
for _ in $(seq 1 120); do
  if curl -fsS -X POST "http://localhost:$RASA_PORT/webhooks/rest/webhook" \
       -H 'Content-Type: application/json' -d '{"sender":"startup-check","message":"/greet"}' >/dev/null 2>&1; then
    cat <<MSG

The SEND disagreement guide is running.
  Demo council page with the chat widget: http://localhost:$WEB_PORT
  Chat API (REST channel): http://localhost:$RASA_PORT/webhooks/rest/webhook
  Try it:  curl -s -X POST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
             -H 'Content-Type: application/json' -d '{"sender":"me","message":"the council refused to assess my son"}'
  Or chat in the terminal: make shell
  Logs: var/rasa.log and var/actions.log. Press Ctrl-C to stop.
MSG
    wait -n "${pids[@]}"
    echo "A server stopped; see var/rasa.log and var/actions.log." >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A server failed to start; see var/rasa.log and var/actions.log." >&2; tail -n 20 var/rasa.log var/actions.log >&2; exit 1; }
  done
  sleep 1
done
echo "The assistant did not answer within 2 minutes; see var/rasa.log." >&2
exit 1
