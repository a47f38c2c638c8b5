"""Run Rasa's command line with this project's changes applied: `python -m rasa_tuning run ...`.

The same arguments as `rasa`, for example `python -m rasa_tuning run --model models/send-guide.tar.gz`
or `python -m rasa_tuning shell`. `make run`, `make shell`, the containers and the tests use it.
"""

import logging
import sys

import rasa_tuning


def main() -> None:
    # One line at start-up says what was applied; Rasa configures the rest of the logging itself.
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("rasa_tuning").setLevel(logging.INFO)
    rasa_tuning.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
