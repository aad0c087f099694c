#!/usr/bin/python3
"""hide_system_libraries.py BUNDLE DIRS CMD...: run CMD with every system copy of the libraries in
BUNDLE/lib, and Open MPI's and PMIx's own folders, replaced by an empty file or folder, and each of
the colon-separated DIRS (the build tree the bundle came from) by an empty folder. Run it under
`unshare -m`: the bind mounts live in that private namespace only.

The mounts are made from this one process (libc's mount, no mount(8)), since hiding a library
that mount(8) itself loads would stop the next mount; CMD starts with LD_LIBRARY_PATH set to the
bundle, as the bundle's env.sh would.
"""

import ctypes
import glob
import os
import sys
import tempfile

MS_BIND = 4096
SYSTEM_LIBRARY_DIRS = ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu")
MPI_DIRS = ("/usr/lib/x86_64-linux-gnu/openmpi", "/usr/lib/x86_64-linux-gnu/pmix2",
            "/usr/share/openmpi")


def main(argv):
    bundle, dirs, command = argv[0], [d for d in argv[1].split(":") if d], argv[2:]
    libc = ctypes.CDLL("libc.so.6", use_errno=True)

    def bind(source, target):
        if libc.mount(source.encode(), target.encode(), None, MS_BIND, None) != 0:
            raise OSError(ctypes.get_errno(), f"hide: cannot mount over {target}")

    scratch = tempfile.mkdtemp(prefix="karst-hide-")
    empty_file, empty_dir = os.path.join(scratch, "empty"), os.path.join(scratch, "dir")
    open(empty_file, "w").close()
    os.mkdir(empty_dir)
    names = [os.path.basename(lib) for lib in glob.glob(os.path.join(bundle, "lib", "*"))]
    libraries = {os.path.realpath(os.path.join(d, name)) for name in names
                 for d in SYSTEM_LIBRARY_DIRS if os.path.exists(os.path.join(d, name))}
    for library in sorted(libraries):
        bind(empty_file, library)
    for launcher in ("/usr/bin/orterun", "/usr/bin/orted"):
        bind(empty_file, os.path.realpath(launcher))
    for folder in [d for d in MPI_DIRS if os.path.isdir(d)] + dirs:
        bind(empty_dir, folder)
    os.environ["LD_LIBRARY_PATH"] = os.path.join(bundle, "lib")
    print(f"hide: {len(libraries)} system libraries, Open MPI, PMIx and {dirs} hidden", flush=True)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
