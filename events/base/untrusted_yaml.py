"""YAML from outside the project (an article's front matter, a ``NAME.meta.yaml`` sidecar): the safe loader
with anchors and aliases refused and a size limit, so a few hundred bytes cannot expand into gigabytes (the
"billion laughs" alias bomb). The project's own data files are read by ``datafiles.load_yaml``."""

from __future__ import annotations

import yaml

# Metadata is a few lines; a block over this many characters is refused before it is parsed.
MAX_YAML_CHARS = 64 * 1024


class UntrustedYAMLError(yaml.YAMLError):
    """Untrusted YAML refused: too large, an anchor or alias, nested too deeply or a value that cannot be built."""


class _NoAliasLoader(yaml.SafeLoader):
    """The pure-Python safe loader whose composer refuses every anchor (&name) and alias (*name): an alias is
    what repeats a node, so without them a document is no bigger than its text."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        where = f"line {event.start_mark.line + 1}" if event.start_mark is not None else "somewhere"
        if isinstance(event, yaml.AliasEvent):
            raise UntrustedYAMLError(f"YAML anchors and aliases are not allowed (*{event.anchor} at {where})")
        if getattr(event, "anchor", None) is not None:
            raise UntrustedYAMLError(f"YAML anchors and aliases are not allowed (&{event.anchor} at {where})")
        return super().compose_node(parent, index)


def load_untrusted_yaml(text: str, limit: int = MAX_YAML_CHARS):
    """The value of one YAML document from an untrusted file, or ``UntrustedYAMLError`` (a ``yaml.YAMLError``)
    saying why it was refused; the syntax errors of PyYAML pass through as they are."""
    if len(text) > limit:
        raise UntrustedYAMLError(f"YAML block of {len(text):,} characters is over the {limit:,}-character limit")
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise UntrustedYAMLError("YAML nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # a value the safe constructor cannot build (a 5,000-digit int)
        raise UntrustedYAMLError(f"YAML value cannot be read: {exc}") from None
