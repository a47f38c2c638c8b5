#!/bin/sh
# The Rasa container's start command.
#   serve (the default): the Rasa server, with only the channels whose variables are set
#   purge: delete conversations with no message for RETENTION_DAYS (default 30), then stop
# Anything else is run as it is (for example `rasa --version`).
set -eu
cd /app

for name in DB_PASSWORD REDIS_PASSWORD; do
  eval "value=\${$name:-}"
  if [ "$value" = "change-me" ]; then
    echo "$name is still the example value 'change-me'. Set a real password (deploy/README.md)." >&2
    exit 1
  fi
done

case "${1:-serve}" in
  serve)
    # channels.yml names every channel; the copy in /tmp keeps those switched on (channels/credentials.py).
    python -m channels.credentials channels.yml /tmp/credentials.yml
    set -- --model models/send-guide.tar.gz --endpoints endpoints.production.yml \
      --credentials /tmp/credentials.yml --port 5005
    # Only the council's own site may call the assistant from a browser; left empty, the widget
    # must be served from the same address as the assistant (as nginx does here).
    if [ -n "${CORS_ORIGINS:-}" ]; then
      # shellcheck disable=SC2086 # one origin per word
      set -- "$@" --cors ${CORS_ORIGINS}
    fi
    # With this project's changes applied (rasa_tuning/__init__.py).
    exec python -m rasa_tuning run "$@"
    ;;
  purge)
    exec python scripts/purge.py --endpoints endpoints.production.yml --days "${RETENTION_DAYS:-30}"
    ;;
  *)
    exec "$@"
    ;;
esac
