"""The Dask side of `voxelscope run --dask` (started by main/cli/run/dask.ts; not a user entry point).

usage: python3 dask-client.py ADDRESS|local LOCAL_THREADS

Connects to the scheduler (or starts a LocalCluster and stops it at the end), waits for at least one
worker, says so with one JSON line {"ready", "workers", "threads", "dask", "distributed", "python"} on
stdout, then reads one task a line on stdin, {"id", "argv", "node", "cli"}, and submits each as a Dask
task that runs `node cli ARGV...` (the same Voxelscope CLI, with --item-json) on a worker. Each finished
task is one line on stdout: {"id", "rc", "stdout", "stderr", "worker"}, or {"id", "error"} when the task
itself failed (its worker died too often, the command could not start, no worker was left, the scheduler
was lost). Whenever the cluster's thread count changes it says {"threads", "workers"}, so the Node side
keeps about twice that many tasks in flight. All decisions about the item (its log entry, the rename of
its output) stay with the Node side. End of stdin ends the client.

A problem before any task runs (no dask, the scheduler cannot be reached, no worker came) is one line on
stderr and exit 3.
"""

import json
import os
import platform
import queue
import sys
import threading
import time
import uuid

SETUP_FAILED = 3


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(SETUP_FAILED)


def seconds(name, default):
    """A wait in seconds from the environment: a positive number (0 would mean "for ever" to distributed)."""
    text = os.environ.get(name) or str(default)
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not value > 0:
        fail("%s must be a positive number of seconds (got %r)" % (name, text))
    return value


def die_with_parent():
    """Before exec in the CLI's process (Linux): it is killed when its worker is, instead of living on as an
    orphan that keeps writing its item's temporary file after Dask has given the item to another worker.
    The signal is tied to the forking thread, which here is the task's own thread, blocked until the CLI ends."""
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arm():
        prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
        if os.getppid() != parent:  # the worker died before the signal was armed
            os._exit(1)

    return arm


def run_item(argv, node, cli):
    """On the worker: the Voxelscope CLI on one input. The worker's own environment names Node and the CLI
    when they live elsewhere there (VOXELSCOPE_WORKER_NODE, VOXELSCOPE_WORKER_CLI)."""
    import os as _os
    import subprocess as _sp

    from distributed import get_worker
    from distributed.utils import thread_state

    worker, key = get_worker(), getattr(thread_state, "key", None)
    node = _os.environ.get("VOXELSCOPE_WORKER_NODE") or node
    cli = _os.environ.get("VOXELSCOPE_WORKER_CLI") or cli
    try:
        p = _sp.Popen([node, cli] + list(argv), stdin=_sp.DEVNULL, stdout=_sp.PIPE, stderr=_sp.PIPE, text=True, preexec_fn=die_with_parent())
    except OSError as e:
        raise RuntimeError("cannot start %s %s on the worker (%s); set VOXELSCOPE_WORKER_NODE / VOXELSCOPE_WORKER_CLI there" % (node, cli, e.strerror or e))
    while True:
        try:
            out, err = p.communicate(timeout=0.5)
            break
        except _sp.TimeoutExpired:
            # Dask cannot stop a running task; when the client cancelled it (an interrupted run), the CLI is
            # told to stop (SIGTERM: it removes its temporary output) rather than finish for nobody.
            ts = worker.state.tasks.get(key) if key else None
            if key and (ts is None or ts.state in ("cancelled", "released", "forgotten")):
                p.terminate()
    return {"rc": p.returncode, "stdout": out, "stderr": err, "worker": worker.address}


def one_line(e):
    from distributed import KilledWorker

    if isinstance(e, KilledWorker):
        # Its own message is a paragraph; this is what it means for the item.
        return "its worker died while running it, %d time(s), and Dask gave up (distributed.scheduler.allowed-failures is %d); the last was %s" % (
            e.allowed_failures + 1, e.allowed_failures, e.last_worker.address)
    text = ("%s: %s" % (type(e).__name__, e)) if str(e) else type(e).__name__
    return text.strip().splitlines()[0] if text.strip() else type(e).__name__


def cluster_size(client):
    """Workers and threads as the client last heard from the scheduler (refreshed every 2 s by distributed)."""
    workers = client.scheduler_info().get("workers", {})
    return len(workers), sum(int(w.get("nthreads", 0)) for w in workers.values())


def main():
    if len(sys.argv) != 3:
        fail("usage: dask-client.py ADDRESS|local LOCAL_THREADS")
    address, local_threads = sys.argv[1], int(sys.argv[2])
    try:
        import dask
        import distributed
        from distributed import Client, LocalCluster
    except ImportError as e:
        fail("%s has no dask.distributed (%s); install python3-dask and python3-distributed, or set VOXELSCOPE_PYTHON" % (sys.executable, e))
    timeout = seconds("VOXELSCOPE_DASK_TIMEOUT", 10)
    worker_timeout = seconds("VOXELSCOPE_DASK_WORKER_TIMEOUT", 60)

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
    try:
        client.wait_for_workers(1, timeout=worker_timeout)
    except Exception as e:  # TimeoutError, or the scheduler went away meanwhile
        client.close()
        why = "" if isinstance(e, TimeoutError) else "; " + one_line(e)
        fail("the Dask scheduler at %s has no workers: none came within %g s (VOXELSCOPE_DASK_WORKER_TIMEOUT sets the wait%s)" % (address, worker_timeout, why))

    out_lock = threading.Lock()

    def say(obj):
        with out_lock:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

    workers, threads = cluster_size(client)
    say({"ready": address, "workers": workers, "threads": threads, "dask": dask.__version__,
         "distributed": distributed.__version__, "python": platform.python_version()})

    # Futures finish on the client's event loop; their results are read here, in a thread of our own.
    finished = queue.Queue()
    ids = {}
    futures = {}
    lock = threading.Lock()
    gone = []  # once the cluster is given up on: why every task still out, and every later one, fails

    def scheduler_lost():
        # On a lost connection distributed cancels every future at once ("connecting"), tries to reconnect
        # for the client's timeout, then closes the client ("closing", "closed").
        return client.status != "running"

    def scheduler_closed():
        return client.status not in ("running", "connecting")

    def lost_message():
        return "lost the connection to the Dask scheduler at %s (VOXELSCOPE_DASK_TIMEOUT: %g s to come back)" % (address, timeout)

    def give_up(why):
        """Every task still out is answered with `why` at once, and so is every task submitted later."""
        with lock:
            if gone:
                return
            gone.append(why)
            waiting = list(futures.values())
            for key, task_id in ids.items():
                say({"id": task_id, "error": why})
            ids.clear()
            futures.clear()
        try:
            client.cancel(waiting)
        except Exception:
            pass  # the client is closed: nothing runs for it any more

    def report():
        while True:
            fut = finished.get()
            if fut is None:
                return
            with lock:
                task_id = ids.pop(fut.key, None)
                futures.pop(fut.key, None)
            if task_id is None:
                continue  # answered by give_up already
            try:
                say(dict(fut.result(), id=task_id))
            except BaseException as e:  # KilledWorker, the command could not start, cancelled
                say({"id": task_id, "error": lost_message() if scheduler_lost() else one_line(e)})

    def watch():
        """Tells the Node side when the cluster's threads change; gives up when no worker stays, or the scheduler went."""
        last = threads
        empty_since = None
        while not gone:
            time.sleep(0.5)
            if scheduler_closed():
                give_up(lost_message())
                return
            n, t = cluster_size(client)
            if t != last:
                last = t
                say({"threads": t, "workers": n})
            if n > 0:
                empty_since = None
            elif empty_since is None:
                empty_since = time.monotonic()
            elif time.monotonic() - empty_since > worker_timeout:
                give_up("no Dask worker was left at %s for %g s (VOXELSCOPE_DASK_WORKER_TIMEOUT)" % (address, worker_timeout))

    threading.Thread(target=report, daemon=True).start()
    threading.Thread(target=watch, daemon=True).start()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            task = json.loads(line)
            with lock:
                if gone:
                    say({"id": task["id"], "error": gone[0]})
                    continue
                key = "voxelscope-item-%s-%s" % (task["id"], uuid.uuid4().hex)
                try:
                    # retries=0: a task that fails (the CLI could not start) fails for good. A worker that dies
                    # is another matter: the scheduler runs the task again elsewhere, up to allowed-failures.
                    fut = client.submit(run_item, task["argv"], task["node"], task["cli"], key=key, pure=False, retries=0)
                except Exception as e:  # the client closed meanwhile (the scheduler is gone)
                    say({"id": task["id"], "error": lost_message() if scheduler_lost() else one_line(e)})
                    continue
                ids[key] = task["id"]
                futures[key] = fut
            fut.add_done_callback(finished.put)
    finally:
        # End of stdin: the Node side has every result it waits for, or it is stopping the run.
        finished.put(None)
        try:
            with lock:
                client.cancel([f for f in futures.values() if not f.done()])
            client.close()
        except Exception:
            pass  # a client that lost its scheduler is closed already
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
