# Sourced by the GPU scripts (bench/gpu_*.sh) after they set LOG: packages missing on the
# machine come as wheels in .whl/ (installed to /tmp/site), the project runs from source, and
# `step` runs one command with a hard limit and logs it.
if ls .whl/*.whl >/dev/null 2>&1; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 2
    export PYTHONPATH=/tmp/site
fi
export PYTHONPATH="$PWD:${PYTHONPATH:-}" PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false

step() {  # step NAME SECONDS COMMAND...: run it with a hard limit, log it, report its exit status
    local name=$1 limit=$2
    shift 2
    echo "== $name: $*" | tee -a "$LOG"
    local start=$SECONDS
    timeout "$limit" "$@" 2>&1 | grep -v -e "Loading weights" -e "Writing model" | tee -a "$LOG"
    echo "== $name: exit ${PIPESTATUS[0]} in $((SECONDS - start)) s" | tee -a "$LOG"
}
