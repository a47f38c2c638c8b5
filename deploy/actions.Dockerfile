# The action server: the guide's state machine and content. Only the Rasa servers talk to it.
# Build from the repository's top folder:  docker build -f deploy/actions.Dockerfile -t send-guide-actions .
#
# The base image runs as user 1001 in /app, with its entrypoint ./entrypoint.sh
# ("start --actions actions" starts the server on port 5055).
FROM rasa/rasa-sdk:3.6.2
USER root
ENV RASA_TELEMETRY_ENABLED=false \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/app
# What guide/ imports beyond the SDK, at the versions in requirements.txt (python-dateutil and six:
# the versions Rasa 3.6.21 installs alongside holidays).
RUN python -m pip install --no-cache-dir \
      PyYAML==6.0.4 holidays==0.86 python-dateutil==2.8.2 six==1.17.0
# Deadlines are worked out in England's time (guide/dates.py), which needs the time zone database.
RUN if [ ! -e /usr/share/zoneinfo/Europe/London ]; then \
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tzdata \
      && rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /app
COPY actions/ actions/
COPY guide/ guide/
COPY content/ content/
# Root's and read-only: the server cannot change its own code or content.
RUN chown -R root:root /app/actions /app/guide /app/content \
    && chmod -R a+rX,go-w /app/actions /app/guide /app/content
# Fail the build, not the first family, if an import or a content file is wrong.
RUN python -c "import actions.guide_actions; from guide.content import load_content; load_content(); \
from guide.dates import today_in_england; today_in_england()"

USER 1001
EXPOSE 5055
CMD ["start", "--actions", "actions", "--port", "5055"]
