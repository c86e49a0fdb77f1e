"""Every module imports on its own, whichever is imported first: none leans on another having loaded before it.

Two branches once each added a harmless-looking import (insights -> store, and the tips
package -> insights); together they made `import models.read.insights` fail first thing. Circles
are now read from the source (``test_import_direction.py``); this runs the imports, each module
in a clean state (our packages dropped from sys.modules, libraries kept).
"""

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "models", "training")

# Prometheus metrics register once per process: a module imported again would collide with its
# own earlier self, so the collectors our modules added are dropped with the modules.
SCRIPT = """
import importlib, sys
from prometheus_client import REGISTRY
libraries = set(REGISTRY._collector_to_names)
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in ("api", "models", "training")]:
        del sys.modules[loaded]
    for collector in set(REGISTRY._collector_to_names) - libraries:
        REGISTRY.unregister(collector)
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
"""


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        names.append(package)
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            if not info.name.endswith("__main__"):
                names.append(info.name)
    return names


def test_each_module_imports_first():
    modules = _modules()
    assert {"models.read.insights", "models.fit.store", "models.read.tips.best_time", "api.app"} <= set(modules)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", result.stdout
