"""The Dask side of `voxelscope run --dask` (started by main/cli/run/dask.ts; not a user entry point).

usage: python3 dask-client.py ADDRESS|local LOCAL_THREADS

Connects to the scheduler (or starts a LocalCluster and stops it at the end), says so with one JSON line
{"ready": ..., "workers": N} on stdout, then reads one task a line on stdin, {"id", "argv", "node", "cli"},
and submits each as a Dask task that runs `node cli ARGV...` (the same Voxelscope CLI, with --item-json) on
a worker. Each finished task is one line on stdout: {"id", "rc", "stdout", "stderr"}, or {"id", "error"}
when the task itself failed (a worker died, the command could not start). All decisions about the item
(its log entry, the rename of its output) stay with the Node side. End of stdin ends the client.

A problem before any task runs (no dask, the scheduler cannot be reached) is one line on stderr and exit 3.
"""

import json
import os
import queue
import sys
import threading
import uuid

SETUP_FAILED = 3


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(SETUP_FAILED)


def run_item(argv, node, cli):
    """On the worker: the Voxelscope CLI on one input. The worker's own environment names Node and the CLI
    when they live elsewhere there (VOXELSCOPE_WORKER_NODE, VOXELSCOPE_WORKER_CLI)."""
    import os as _os
    import subprocess as _sp

    node = _os.environ.get("VOXELSCOPE_WORKER_NODE") or node
    cli = _os.environ.get("VOXELSCOPE_WORKER_CLI") or cli
    try:
        p = _sp.run([node, cli] + list(argv), stdin=_sp.DEVNULL, capture_output=True, text=True)
    except OSError as e:
        raise RuntimeError("cannot start %s %s on the worker (%s); set VOXELSCOPE_WORKER_NODE / VOXELSCOPE_WORKER_CLI there" % (node, cli, e.strerror or e))
    return {"rc": p.returncode, "stdout": p.stdout, "stderr": p.stderr}


def one_line(e):
    text = ("%s: %s" % (type(e).__name__, e)) if str(e) else type(e).__name__
    return text.strip().splitlines()[0] if text.strip() else type(e).__name__


def main():
    if len(sys.argv) != 3:
        fail("usage: dask-client.py ADDRESS|local LOCAL_THREADS")
    address, local_threads = sys.argv[1], int(sys.argv[2])
    try:
        import dask  # noqa: F401
        from distributed import Client, LocalCluster
    except ImportError as e:
        fail("%s has no dask.distributed (%s); install python3-dask and python3-distributed, or set VOXELSCOPE_PYTHON" % (sys.executable, e))
    timeout = float(os.environ.get("VOXELSCOPE_DASK_TIMEOUT") or 10)

    cluster = None
    try:
        if address == "local":
            # Threads are enough: each task is a child process (the CLI), so the GIL is not in the way.
            cluster = LocalCluster(n_workers=1, threads_per_worker=local_threads, processes=False, dashboard_address=None)
            client = Client(cluster, timeout=timeout)
        else:
            client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as e:
        fail("cannot reach the Dask scheduler at %s within %g s (%s); is it running? (VOXELSCOPE_DASK_TIMEOUT sets the wait)" % (address, timeout, one_line(e)))

    out_lock = threading.Lock()

    def say(obj):
        with out_lock:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

    say({"ready": address, "workers": len(client.scheduler_info().get("workers", {}))})

    # Futures finish on the client's event loop; their results are read here, in a thread of our own.
    finished = queue.Queue()
    ids = {}

    def report():
        while True:
            fut = finished.get()
            if fut is None:
                return
            task_id = ids.pop(fut.key)
            try:
                say(dict(fut.result(), id=task_id))
            except BaseException as e:  # a worker died (KilledWorker), the command could not start, cancelled
                say({"id": task_id, "error": one_line(e)})

    reporter = threading.Thread(target=report, daemon=True)
    reporter.start()
    futures = []
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            task = json.loads(line)
            key = "voxelscope-item-%s-%s" % (task["id"], uuid.uuid4().hex)
            ids[key] = task["id"]
            fut = client.submit(run_item, task["argv"], task["node"], task["cli"], key=key, pure=False, retries=0)
            fut.add_done_callback(finished.put)
            futures.append(fut)
    finally:
        # End of stdin: the Node side has every result it waits for, or it is stopping the run.
        client.cancel([f for f in futures if not f.done()])
        finished.put(None)
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
