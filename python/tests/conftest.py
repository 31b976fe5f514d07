# SPDX-License-Identifier: MIT
"""Shared fixtures: the shipped model, the command-line tool built next to the library, the corpus."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import healthtopics
from corpus_util import REPO

MODEL_PATH = REPO / "models" / "healthtopics-default.htm"


def find_cli():
    env = os.environ.get("HEALTHTOPICS_CLI")
    if env:
        if not os.access(env, os.X_OK):
            raise RuntimeError(f"HEALTHTOPICS_CLI={env} is not an executable")
        return env
    near = Path(os.path.realpath(healthtopics.LIBRARY_PATH)).parent / "healthtopics"
    if near.is_file() and os.access(near, os.X_OK):
        return str(near)
    return shutil.which("healthtopics")


@pytest.fixture(scope="session")
def model_path() -> Path:
    return MODEL_PATH


@pytest.fixture(scope="session")
def model() -> healthtopics.Model:
    return healthtopics.Model.load(MODEL_PATH)


@pytest.fixture(scope="session")
def cli():
    """A function running the healthtopics command and returning its stdout as bytes."""
    exe = find_cli()
    if not exe:
        pytest.skip("the healthtopics command is not found (set HEALTHTOPICS_CLI)")

    def run(*args, stdin: bytes | None = None) -> bytes:
        p = subprocess.run([exe, *map(str, args)], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise AssertionError(f"healthtopics {' '.join(map(str, args))}: exit {p.returncode}: {p.stderr.decode()}")
        return p.stdout

    run.path = exe
    return run
