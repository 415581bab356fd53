"""Frozen records made often (a Found per name and trigger, a time mention, an event row): the dataclass's own
``__init__`` of a frozen class sets each field through ``object.__setattr__``, a call per field (an Event of 31
fields, about 2 us); ``quick_init`` gives the class one that writes the fields into the new instance's ``__dict__``
at once, the same fields, order and defaults. What makes the class frozen (its ``__setattr__`` and
``__delattr__`` refusing), its equality, hash, repr and ``dataclasses.replace`` are the dataclass's own."""

from __future__ import annotations

import dataclasses


def quick_init(cls: type) -> type:
    """``cls`` (a frozen dataclass without slots, default factories, keyword-only fields or ``__post_init__``) with a faster ``__init__``
    of the same signature."""
    fields = [f for f in dataclasses.fields(cls) if f.init]
    if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen or hasattr(cls, "__slots__") or hasattr(cls, "__post_init__") \
            or any(f.default_factory is not dataclasses.MISSING or f.kw_only for f in fields) or len(fields) != len(dataclasses.fields(cls)):
        raise TypeError(f"quick_init: {cls.__name__} is not a plain frozen dataclass")
    defaults = {f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    params = ", ".join(f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}" for f in fields)
    # a store per field into the instance's dict (faster than one update of a dict made for it), in field order
    source = f"def __init__(self, {params}):\n    d = self.__dict__\n" + "".join(f"    d[{f.name!r}] = {f.name}\n" for f in fields)
    namespace: dict = {}
    exec(source, defaults, namespace)  # noqa: S102 - the source is made of the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init
    return cls
