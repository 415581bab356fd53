"""events/base/records.py quick_init: a frozen dataclass given a faster __init__ makes the same records as the
dataclass's own (fields, defaults, equality, hash, repr, replace) and stays frozen."""

import dataclasses
from dataclasses import dataclass

import pytest

from events.base.records import quick_init
from events.coding.extraction import Event, Found
from events.timex.times import TimeMention


def _plain(cls):
    """The same class as the dataclass alone would make it."""
    return dataclass(frozen=True)(type(cls.__name__, (), {"__annotations__": dict(cls.__annotations__),
                                                           **{f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}}))


# (class, positional arguments, keyword arguments)
RECORDS = [
    (Found, (3, 9, "launch"), {}),
    (Found, (3, 9, "launch", ("Hwasong-18", "ICBM")), {}),
    (Found, (), {"start": 1, "end": 2, "text": "x", "what": None}),
    (TimeMention, (0, 6, "Monday", "DATE", "2023-12-18", None, None, "day", "weekday"), {"tense": "past", "parts": ((0, 1, "x"),)}),
    (Event, tuple(range(24)), {"weapon_named": True, "agent": "PRK"}),
]


@pytest.mark.parametrize("cls,args,kwargs", RECORDS)
def test_a_quick_record_is_the_dataclass_record(cls, args, kwargs):
    made, plain = cls(*args, **kwargs), _plain(cls)(*args, **kwargs)
    assert dataclasses.astuple(made) == dataclasses.astuple(plain)
    assert repr(made).split("(", 1)[1] == repr(plain).split("(", 1)[1]
    assert made == cls(*args, **kwargs) and hash(made) == hash(cls(*args, **kwargs))
    name = dataclasses.fields(cls)[-1].name
    assert getattr(dataclasses.replace(made, **{name: "changed"}), name) == "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, name, "changed")


@pytest.mark.parametrize("cls,args,kwargs", RECORDS)
def test_a_quick_record_refuses_what_the_dataclass_refuses(cls, args, kwargs):
    with pytest.raises(TypeError):
        cls(*args, *range(40))  # too many
    with pytest.raises(TypeError):
        cls(**kwargs, unknown=1)


# not a plain frozen dataclass: refused, not made faster
REFUSED = [
    dataclass(type("Mutable", (), {"__annotations__": {"a": int}})),
    dataclass(frozen=True, slots=True)(type("Slotted", (), {"__annotations__": {"a": int}})),
    dataclass(frozen=True)(type("Factory", (), {"__annotations__": {"a": list}, "a": dataclasses.field(default_factory=list)})),
    dataclass(frozen=True)(type("Post", (), {"__annotations__": {"a": int}, "__post_init__": lambda self: None})),
    dataclass(frozen=True, kw_only=True)(type("Keywords", (), {"__annotations__": {"a": int}})),
]


@pytest.mark.parametrize("cls", REFUSED, ids=lambda c: c.__name__)
def test_quick_init_takes_only_plain_frozen_dataclasses(cls):
    with pytest.raises(TypeError):
        quick_init(cls)
