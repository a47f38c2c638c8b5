#!/usr/bin/env bash
# Print the path of a Python 3.10 that really runs (Rasa 3.6 supports 3.8 to 3.10 only).
# A pyenv shim named python3.10 can exist and still fail, so each candidate is tried.
candidates=(python3.10)
pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for dir in $(ls -d "$pyenv_root"/versions/3.10.* 2>/dev/null | sort -V -r); do candidates+=("$dir/bin/python"); done
for candidate in "${candidates[@]}"; do
  if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    command -v "$candidate"
    exit 0
  fi
done
exit 1
