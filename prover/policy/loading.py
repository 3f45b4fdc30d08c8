"""One lock for every transformers model load in the process.

transformers' `from_pretrained` is not thread-safe: two loads that overlap (a `Prover`
loading in the background while another load starts, in a library user's program or
in one test run) can leave a module on the `meta` device ("Cannot copy out of meta
tensor"). Every load takes this lock; it is re-entrant, so a loader that holds it may
load the models it needs.

>>> with MODEL_LOAD_LOCK:
...     with MODEL_LOAD_LOCK:
...         pass
"""

import threading

MODEL_LOAD_LOCK = threading.RLock()
