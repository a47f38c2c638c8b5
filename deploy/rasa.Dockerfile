# The Rasa server (and the daily purge), with a model trained here from this repository.
# Build from the repository's top folder:  docker build -f deploy/rasa.Dockerfile -t send-guide-rasa .
#
# The base image runs as user 1001 (group 0) in /app, with Python 3.10 in /opt/venv.

# ---- What both stages share: Rasa plus the few packages our code adds ----
FROM rasa/rasa:3.6.21 AS base
USER root
ENV RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=3 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/app \
    MPLCONFIGDIR=/tmp/matplotlib
# The same versions as requirements.txt. Rasa already has most of them; pinning them here keeps
# the model trained below loadable (scikit-learn and skops must match between training and use).
RUN python -m pip install --no-cache-dir \
      PyYAML==6.0.4 holidays==0.86 scikit-learn==1.1.3 skops==0.9.0
# Deadlines are worked out in England's time (guide/dates.py), which needs the time zone database.
RUN if [ ! -e /usr/share/zoneinfo/Europe/London ]; then \
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tzdata \
      && rm -rf /var/lib/apt/lists/*; \
    fi

# ---- Train the model from this repository, so no model comes from anywhere else ----
FROM base AS train
WORKDIR /build
COPY config.yml domain.yml ./
COPY data/ data/
COPY guide/ guide/
COPY content/ content/
RUN rasa train --fixed-model-name send-guide --out /build/models

# ---- The image that runs ----
FROM base
WORKDIR /app
COPY domain.yml channels.yml endpoints.production.yml ./
COPY channels/ channels/
COPY rasa_tuning/ rasa_tuning/
COPY guide/ guide/
COPY content/ content/
COPY scripts/purge.py scripts/purge.py
COPY deploy/rasa-entrypoint.sh /app/rasa-entrypoint.sh
COPY --from=train /build/models/send-guide.tar.gz models/send-guide.tar.gz
# Everything root's and read-only: the server cannot change its own code, content or model.
RUN chown -R root:root /app/domain.yml /app/channels.yml /app/endpoints.production.yml /app/channels \
      /app/rasa_tuning /app/guide /app/content /app/scripts /app/models /app/rasa-entrypoint.sh \
    && chmod -R a+rX,go-w /app/channels /app/rasa_tuning /app/guide /app/content /app/scripts \
    && chmod 0444 /app/models/send-guide.tar.gz /app/domain.yml /app/channels.yml /app/endpoints.production.yml \
    && chmod 0555 /app/rasa-entrypoint.sh
# Fail the build, not the first family, if anything the server imports is missing, or if this
# Rasa is not the one rasa_tuning was written for.
RUN python -c "import channels.rest, channels.twilio, channels.telegram, channels.slack, channels.facebook, \
channels.callback, channels.teams, rasa_tuning.tracker_store, rasa_tuning.lock_store; import rasa_tuning; rasa_tuning.install(); \
from guide.content import load_content; load_content(); from guide.dates import today_in_england; today_in_england()"

USER 1001
EXPOSE 5005
ENTRYPOINT ["/app/rasa-entrypoint.sh"]
CMD ["serve"]
