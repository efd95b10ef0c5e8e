"""Name parts citeproc-py 0.11.1 gets wrong: given-only names, particles (parsed off family and given
names, joined after an apostrophe or hyphen), suffixes, and ``cs:name-part`` formatting and affixes."""
from __future__ import annotations

import re
from contextlib import ExitStack

from citeproc import model

from .names import attributes, replaced

_JOINING = ("'", "\u2019", "-")
GLUED = "_particle_glued"  # a parsed name's mark: its particle was written together with the family name


def fix_name_parts(layer):
    """Name parts citeproc-py 0.11.1 prints wrongly: a name of a given name only prints it whole
    (``Banksy``, not ``B.``); a particle ending in an apostrophe or hyphen joins the family name
    (``John d’Jones``); ``comma-suffix`` puts a comma before the suffix (``Jeffrey Doe, Jr.``), and so does
    a suffix written in the given name (``John,! Jr.``; ``John, III`` has none)."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def process_parts(self, item, variable, context=None, sort_options=None, **kwargs):
        names = item.reference.get(variable, [])
        if not isinstance(names, list):
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        order = self.get_option("name-as-sort-order", context, sort_options)
        long_form = self.get_option("form", context, sort_options) == "long"
        demote = str(self.get_root().get("demote-non-dropping-particle", "display-and-sort")).lower()
        changes = []
        for index, name in enumerate(names):
            if not isinstance(name, dict) or "literal" in name:
                continue
            inverted = order == "all" or (order == "first" and index == 0)
            if name.get("given") and not name.get("family"):
                new = {"literal": str(name["given"])}
            elif "," in str(name.get("given", "")) and not name.get("suffix"):  # "John, III", "John,! Jr."
                given, suffix = str(name["given"]).split(",", 1)
                new = dict(name, given=given.strip(), suffix=suffix.lstrip("!").strip())
                if suffix.startswith("!") and long_form and sort_options is None and not inverted:
                    new["family"] = str(new["family"]) + ","
            elif sort_options is None and inverted and name.get(GLUED) and demote in ("never", "sort-only"):
                new = dict(name, family=str(name.get("non-dropping-particle") or "") + str(name["family"]))
                del new["non-dropping-particle"]
            elif sort_options is None and not inverted:
                new = dict(name)
                for particle in ("non-dropping-particle", "dropping-particle"):
                    value = str(new.get(particle) or "")
                    if value.endswith(_JOINING) and (particle == "non-dropping-particle"
                                                     or not new.get("non-dropping-particle")):
                        new["family"] = value + str(new["family"])
                        del new[particle]
                if long_form and new.get("comma-suffix") and new.get("suffix"):
                    new["family"] = str(new["family"]) + ","
                if new == dict(name):
                    continue
            else:
                continue
            changes.append((name, new))
        with replaced(changes):
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    layer.replace(model.Name, "process", process_parts)


_QUOTED = re.compile(r'^["\u201c\u201d](.+)["\u201c\u201d]$')
_GLUED = re.compile(r"^([a-z\u00e0-\u00ff]+['\u2019-])(\w.*)$")


def parse_particles(name: dict) -> dict | None:
    """``name`` with the particles its family and given names carry split off, as CSL processors read
    them (``van der Vlist`` -> ``van der`` + ``Vlist``, ``al-One``, ``d’Aubignac``; ``Alexander von`` ->
    ``Alexander`` + dropping ``von``); a family name in double quotes is kept whole without its quotes.
    None when there is nothing to change."""
    new = dict(name)
    family = str(name.get("family") or "")
    quoted = _QUOTED.match(family)
    if quoted:
        new["family"] = quoted.group(1)
    elif family and not name.get("non-dropping-particle"):
        words = family.split()
        particles = []
        while len(words) > 1 and words[0][:1].islower():
            particles.append(words.pop(0))
        glued = _GLUED.match(words[0]) if words else None
        if glued:
            particles.append(glued.group(1))
            words[0] = glued.group(2)
            new[GLUED] = True  # written together (d’Wander): printed together before the family name
        if particles:
            new["non-dropping-particle"] = " ".join(particles)
            new["family"] = " ".join(words)
    given = str(name.get("given") or "")
    if given and "," not in given and not name.get("dropping-particle"):
        words = given.split()
        particles = []
        while len(words) > 1 and (words[-1][:1].islower() or words[-1].endswith(("'", "\u2019"))) \
                and not words[-1].endswith("."):
            particles.insert(0, words.pop())
        if particles:
            new["given"] = " ".join(words)
            new["dropping-particle"] = " ".join(particles)
    return None if new == dict(name) else new


def fix_name_particles(layer):
    """Particles inside family or given names are parsed off (see :func:`parse_particles`), for display
    and sort keys, so ``van Gogh`` sorts under G and ``al-One`` under O."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before
    format_name = layer.current(model.Key, "_format_name")

    def parsed(names) -> list[tuple[dict, dict]]:
        return [(name, new) for name in (names if isinstance(names, list) else [])
                if isinstance(name, dict) and "literal" not in name and (new := parse_particles(name)) is not None]

    def process_particles(self, item, variable, context=None, sort_options=None, **kwargs):
        with replaced(parsed(item.reference.get(variable, []))):
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    def format_name_particles(self, item, variable):
        with replaced(parsed(item.reference.get(variable, []))):
            return format_name(self, item, variable)

    layer.replace(model.Name, "process", process_particles)
    layer.replace(model.Key, "_format_name", format_name_particles)


def fix_name_part_formatting(layer):
    """``cs:name-part`` formatting as CSL 1.0.2 has it: ``given`` formatting and text-case apply to the
    given name and the dropping particle, ``family`` ones to the family name and the non-dropping particle
    (also when it is demoted), each part on its own (``<i>Givenname</i> <i>al</i>``); the family affixes
    enclose the particles before it and, not inverted, the suffix (``(de La Fontaine III)``), the given
    affixes the given name and the particles demoted after it."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def process_name_parts(self, item, variable, context=None, sort_options=None, **kwargs):
        parts = {part.get("name"): part for part in self.findall("cs:name-part", self.nsmap)}
        names = item.reference.get(variable, [])
        if not parts or sort_options is not None or not isinstance(names, list):
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        option = lambda key: self.get_option(key, context, sort_options)  # noqa: E731
        form, order, mark = option("form"), option("name-as-sort-order"), option("initialize-with")
        separator = option("sort-separator")
        demote = str(self.get_root().get("demote-non-dropping-particle", "display-and-sort")).lower()
        given_part, family_part = parts.get("given"), parts.get("family")

        def styled(part, text):
            return part.format(part.case(text)) if part is not None and text else text

        def wrapped(part, text):
            return part.wrap(text) if part is not None and text else text

        def joined(*pieces):
            text = ""
            for piece in (str(p) for p in pieces if p):
                text += piece if not text or text.endswith(_JOINING) else " " + piece
            return text

        changes = []
        for index, name in enumerate(names):
            if not isinstance(name, dict) or not (name.get("family") or name.get("literal")):
                continue
            if "literal" in name:  # an institution: the family formatting
                changes.append((name, dict(name, literal=wrapped(family_part, styled(family_part, str(name["literal"]))))))
                continue
            given = str(name.get("given") or "")
            if given and mark is not None:
                given = self.initialize(given, mark, context)
            given, family = styled(given_part, given), styled(family_part, str(name["family"]))
            dropping = styled(given_part, str(name.get("dropping-particle") or ""))
            particle = styled(family_part, str(name.get("non-dropping-particle") or ""))
            suffix = str(name.get("suffix") or "")
            if form == "short":
                text = wrapped(family_part, joined(particle, family))
            elif order == "all" or (order == "first" and index == 0):
                if demote in ("never", "sort-only"):
                    front, back = joined(particle, family), joined(given, dropping)
                else:
                    front, back = family, joined(given, dropping, particle)
                text = separator.join(p for p in (wrapped(family_part, front), wrapped(given_part, back), suffix) if p)
            else:
                text = joined(wrapped(given_part, given), wrapped(family_part, joined(dropping, particle, family, suffix)))
            changes.append((name, {"literal": text}))
        with replaced(changes), ExitStack() as stack:
            for part in parts.values():  # formatted above already
                stack.enter_context(attributes(part, {"name": "none"}))
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    layer.replace(model.Name, "process", process_name_parts)
