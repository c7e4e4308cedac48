# Sourced by .ci/run: run_readme_commands REPO runs README.md's two commands in a fresh clone of
# REPO as a new editor on Debian would, and sets README_CLONE to the clone's folder.

readme_commands() {  # the lines of README.md's first fenced code block
  awk '/^```/ { block++; next } block == 1 && NF && !/^#/' "$1"
}

run_readme_commands() {
  local repo=$1 work home bin commands stamp before
  work=$(mktemp -d)
  README_CLONE="$work/clone"
  home="$work/home"
  bin="$work/bin"
  mkdir -p "$home" "$bin"
  ln -s /usr/bin/python3 "$bin/python3"
  git clone --quiet "$repo" "$README_CLONE"
  mapfile -t commands < <(readme_commands "$README_CLONE/README.md")
  if [ "${#commands[@]}" -ne 2 ]; then
    echo "README.md: its first code block must hold the two commands, found: ${commands[*]}" >&2
    return 1
  fi
  echo "README commands (python3 is $(PATH="$bin:/usr/bin:/bin" command -v python3) -> /usr/bin/python3):"
  as_editor "$home" "$bin" "${commands[0]}" "first command, fresh clone"
  stamp="$README_CLONE/.venv/sitegen-setup.json"
  before=$(stat -c %y "$stamp")
  as_editor "$home" "$bin" "${commands[0]}" "first command, second run"
  if [ "$(stat -c %y "$stamp")" != "$before" ]; then
    echo "the second run of '${commands[0]}' set .venv up again" >&2
    return 1
  fi
  as_editor "$home" "$bin" "${commands[1]}" "second command, fresh clone"
}

as_editor() {  # as_editor HOME BIN COMMAND LABEL: run COMMAND in the clone, timed
  local start code took
  start=${EPOCHREALTIME/./}
  echo "\$ ${3}    # ${4}"
  (
    cd "$README_CLONE"
    env -u VIRTUAL_ENV -u PYTHONPATH -u PYTHONHOME -u PYTHONSTARTUP -u PYTHONUSERBASE \
      -u PYENV_ROOT -u PYENV_VERSION -u PYENV_DIR -u PYENV_HOOK_PATH -u CONDA_PREFIX \
      HOME="$1" PATH="$2:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      bash -c "$3"
  ) && code=0 || code=$?
  took=$(((${EPOCHREALTIME/./} - start) / 100000))
  printf '%s: exit %s, %d.%d s\n' "$4" "$code" $((took / 10)) $((took % 10))
  return "$code"
}
