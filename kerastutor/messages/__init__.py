"""The message catalogue, one module per area (core, shapes, widgets, grading, …).

Each module defines MESSAGES = {key: {"zh": ..., "en": ...}}; every module here is registered at
import, so an area adds its messages without touching this file.
"""
import importlib
import pkgutil

from ..i18n import register

for _info in pkgutil.iter_modules(__path__):
    register(importlib.import_module(f"{__name__}.{_info.name}").MESSAGES)
