# SPDX-License-Identifier: MIT
"""Build hook: record which libhealthtopics this package was installed against.

The package is pure Python (cffi ABI mode) and opens the library at import time. At install time this hook
writes healthtopics/_build_config.py with the library's absolute path, chosen in this order:
HEALTHTOPICS_LIBRARY (a path to libhealthtopics.so), HEALTHTOPICS_BUILD_DIR/libhealthtopics.so, then the
repository's own build (../build/libhealthtopics.so next to this directory). If none exists, nothing is recorded
and the system loader finds an installed library (`cmake --install`) at import time.
"""
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def built_library():
    env = os.environ.get("HEALTHTOPICS_LIBRARY")
    if env:
        return os.path.abspath(env)
    dirs = [os.environ.get("HEALTHTOPICS_BUILD_DIR"), os.path.join(HERE, "..", "build")]
    for d in dirs:
        if d and os.path.exists(os.path.join(d, "libhealthtopics.so")):
            return os.path.realpath(os.path.join(d, "libhealthtopics.so"))
    return None


class build_py_recording_library(build_py):
    def run(self):
        super().run()
        lib = built_library()
        path = os.path.join(self.build_lib, "healthtopics", "_build_config.py")
        with open(path, "w") as f:
            f.write('"""Written by setup.py at install time: the library this package was built against."""\n')
            f.write(f"LIBRARY = {lib!r}\n")
        print(f"healthtopics: recorded library {lib or '(none: the system loader will look for it)'}")


setup(cmdclass={"build_py": build_py_recording_library})
