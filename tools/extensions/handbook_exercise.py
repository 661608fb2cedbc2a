"""The ``exercise`` directive: one exercise, its card and its illustration.

Each exercise is written once, as a directive in its page::

    :::{exercise} Knee rolls
    :label: knee-rolls
    :purpose: Loosens a stiff lower back.
    :areas: low-back
    :type: active-rom
    :position: lying-on-back
    :equipment: A mat or a carpet
    :start: Lie on your back with your knees bent and your feet flat.
    :hold: 2 seconds each side
    :reps: 5 each side
    :how-often: 3 times a day
    :feel: A gentle stretch in your lower back and hips.
    :easier: Make the movement smaller.
    :harder: Roll a little further.
    :stop-if: The pain shoots down a leg.
    :level: 1
    :source: nhsinformback
    :evidence: hayden2021exercise
    :pose-start: base=back
    :pose-end: base=back leg=30,-45
    :alt: Lying on the back with knees bent, then both knees tipped to one side.

    1. Keep your shoulders flat on the floor.
    2. Roll both knees to one side.
    :::

Optional fields: ``equipment``, ``hold``, ``sets``, ``easier``, ``harder``,
``evidence``, ``pose-labels`` (the two captions under the drawing, default
``Start, End``) and ``take-care``.

``take-care`` names who should take care with this exercise, from the
situations in ``TAKE_CARE`` (``pregnancy``, ``osteoporosis``,
``spinal-stenosis``...), each with a short note in brackets if needed::

    :take-care: osteoporosis, spinal-stenosis (Try it on your elbows.)

The card gives each its own line near the top, "Take care if you have
spinal stenosis", the situation's advice and the note; the line links to the
section of docs/take-extra-care.md whose label is the key (a ``ref`` to it, so
a missing section is an error like any broken link). The programme builder,
"My programme" and the handout show the same lines from the card's data.

``source`` names what the card follows: the bibliography key of a published
handout that describes this exercise (NHS inform, AAOS, Versus Arthritis...),
or ``editors`` for the editors' own description, checked by the reviewing
clinician. A review or guideline that supports exercise in general (listed in
``REVIEW_KEYS``) is not a source for one exercise: it goes in ``evidence``.
``level`` is 1 (gentle), 2 (moderate) or 3 (harder); finders list the gentlest
first.

The directive checks every field (a missing required field, an unknown area,
type or position, a dose that cannot be read, a ``stop-if`` that names a
"call 999" sign without saying to call 999, or a pose that cannot be drawn
is a warning of type ``handbook`` that names the file and line; the handbook
builds with ``-W``, so each is an error), then emits standard docutils nodes:
a section titled with the exercise's name whose id is its label, holding a
figure, field lists, a numbered list and an admonition. Every builder can
render those. The sphinx-design card look is added afterwards, for HTML only.

The illustration is drawn by :mod:`tools.exercises.poses` while the page is
read: two pictures, start and end, each with its caption, embedded in the page
as ``data:`` URIs (the programme handout gets both in one picture). Nothing is
written to the source folder, so there is no generated file to go stale, to be
picked up as a changed dependency, or to be written by two parallel readers at
once: the picture changes exactly when its page is read again.

What the finders need (title, purpose, areas, type, position, page) is kept
on the environment as ``env.handbook_exercises``, keyed by label, with
purge and merge handlers, so incremental and parallel builds stay right.
``handbook_exercise_index`` reads it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives, roles
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tools.exercises import poses
from tools.exercises.poses import PoseError, render_panels, render_svg
from tools.exercises import programme, vocabulary
from tools.exercises.vocabulary import (  # noqa: F401  (the names tests and the guide read here)
    DEFAULT_AREAS, DEFAULT_POSITIONS, DEFAULT_TYPES, DOSES, EDITORS, EDITORS_TEXT, LEVELS, REVIEW_KEYS,
    SUPERVISED_TYPES, TAKE_CARE, TAKE_CARE_TITLE, ExerciseError, check_dose, check_stop_if,
    check_take_care,
)

__version__ = "1.1"
ENV_VERSION = 7  # 6: the drawing is two pictures, start and end; 7: a card's data holds its take-care lines

logger = logging.getLogger(__name__)

REQUIRED = ("label", "purpose", "areas", "type", "position", "level", "start", "reps", "how-often",
            "feel", "stop-if", "source", "pose-start", "pose-end", "alt")
LABEL = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The end picture's alt text: the contributor's :alt: (on the start picture)
# describes the whole movement, so a screen reader should not hear it twice.
SECOND_ALT = "Second picture, described with the first."


def _choices(field: str, text: str, allowed: dict[str, str], many: bool) -> list[str]:
    values = [v.strip() for v in text.split(",") if v.strip()] if many else [text.strip()]
    if not values:
        raise ExerciseError(f":{field}: is empty")
    for value in values:
        if value not in allowed:
            raise ExerciseError(f":{field}: unknown {field.rstrip('s')} {value!r}; "
                                f"use one of {', '.join(allowed)}")
    return values


@dataclass(frozen=True)
class Exercise:
    """What the finders need, kept on the environment (plain, picklable data)."""

    label: str
    docname: str
    lineno: int
    title: str
    purpose: str
    areas: tuple[str, ...]
    type: str
    position: str
    level: int
    # Everything a card says, as plain text, for the programme builder and the
    # handout (tools/extensions/handbook_programme.py writes it out as JSON).
    data: dict = field(default_factory=dict, compare=False, hash=False)


def gentlest_first(exercise: Exercise) -> tuple:
    """The order every list of exercises takes: by level, then by name, those
    to do only with a helper a physiotherapist has shown (passive) last."""
    return exercise.type in SUPERVISED_TYPES, exercise.level, exercise.title.lower()


def exercises(env: BuildEnvironment) -> dict[str, Exercise]:
    if not hasattr(env, "handbook_exercises"):
        env.handbook_exercises = {}
    return env.handbook_exercises


def plan_blanks(doses: dict[str, str]) -> str:
    """The blanks a clinician fills in, in the card's own dose's shape (read as the
    programme builder reads it): no hold to fill in for an exercise with none,
    minutes for a walk, days for a weekly dose."""
    dose = programme.card_dose(doses)
    parts = [f"hold ___ {dose.hold_unit}"] if dose.hold is not None else []
    parts.append("___ minutes" if dose.reps_suffix == "minutes" else "repeat ___ times")
    parts.append("___ days a week" if dose.per == "w" else "___ times a day")
    return ", ".join(parts)


class ExerciseDirective(SphinxDirective):
    """One exercise: checks its fields and emits its card."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {name: directives.unchanged for name in (
        *REQUIRED, "equipment", "hold", "sets", "easier", "harder", "evidence", "pose-labels", "take-care")}

    def run(self) -> list[nodes.Node]:
        try:
            return self._run()
        except ExerciseError as error:
            logger.warning("exercise %r: %s", self.arguments[0], error,
                           location=(self.env.docname, self.field_line(str(error))),
                           type="handbook", subtype="exercise")
            return []

    def field_line(self, message: str) -> int:
        """The line of the field a message is about (":reps: 'lots' is not..."), so a
        writer goes straight to it; the card's first line for the card as a whole."""
        field = re.match(r":([a-z-]+):", message)
        if field:
            for offset, line in enumerate(self.block_text.splitlines()):
                if line.startswith(f":{field[1]}:"):
                    return self.lineno + offset
        return self.lineno

    def _run(self) -> list[nodes.Node]:
        config = self.config
        options = {k: (v or "").strip() for k, v in self.options.items()}
        missing = [name for name in REQUIRED if not options.get(name)]
        if missing:
            raise ExerciseError("missing required field" + ("s " if len(missing) > 1 else " ")
                                + ", ".join(f":{name}:" for name in missing))
        label = options["label"]
        if not LABEL.match(label):
            raise ExerciseError(f":label: {label!r} must be lower-case words joined by hyphens")
        areas = _choices("areas", options["areas"], config.handbook_exercise_areas, many=True)
        kind = _choices("type", options["type"], config.handbook_exercise_types, many=False)[0]
        position = _choices("position", options["position"], config.handbook_exercise_positions,
                            many=False)[0]
        level = options["level"]
        if level not in LEVELS:
            raise ExerciseError(f":level: {level!r} is not a level; use 1 (gentle), 2 (moderate) "
                                "or 3 (harder)")
        sources = self._keys("source", options["source"])
        reviews = [key for key in sources if key in self.config.handbook_exercise_review_keys]
        if reviews:
            raise ExerciseError(f":source: {reviews[0]!r} is a review or guideline, which supports "
                                "exercise in general but does not describe this exercise: move it to "
                                ":evidence: and name a handout that describes the exercise, or write "
                                f"'{EDITORS}'")
        if EDITORS in sources and len(sources) > 1:
            raise ExerciseError(f":source: '{EDITORS}' stands alone; do not add other sources to it")
        doses = {f: check_dose(f, options[f]) for f in DOSES if options.get(f)}
        cares = check_take_care(options["take-care"]) if options.get("take-care") else []
        check_stop_if(options["stop-if"])
        if not self.content:
            raise ExerciseError("no steps: write the steps as a numbered list after the fields")
        # A change to the drawing code, or to this card's code or words, redraws every
        # exercise on the next build (an incremental build kept the old cards).
        for path in (*poses.FILES, __file__, vocabulary.__file__, programme.__file__):
            self.env.note_dependency(path)
        labels = self._pose_labels(options.get("pose-labels"))
        try:
            svg = render_svg(options["pose-start"], options["pose-end"], options["alt"], labels)
            panels = render_panels(options["pose-start"], options["pose-end"], (options["alt"], SECOND_ALT))
        except PoseError as error:
            raise ExerciseError(f"the pose cannot be drawn: {error}") from None

        title = self.arguments[0].strip()
        body = self.parse_content_to_nodes()
        steps = [n for n in body if isinstance(n, nodes.enumerated_list)]
        if len(steps) != 1 or len(body) != 1:
            raise ExerciseError("the steps must be one numbered list (1. 2. 3.) and nothing else")
        steps[0]["classes"].append("hb-exercise-steps")

        node_id = f"exercise-{label}"  # never the same as an id made from a heading
        section = nodes.section("", classes=["hb-exercise", *(f"hb-area-{a}" for a in areas)],
                                ids=[node_id], names=[label])
        self.set_source_info(section)
        section += nodes.title(title, title)
        card = nodes.container(classes=["hb-exercise-card"])
        section += card
        purpose = nodes.paragraph("", "", *self._inline(options["purpose"]), classes=["hb-exercise-purpose"])
        card += purpose
        card += self._tags(areas, kind, position, level)
        if kind in SUPERVISED_TYPES:
            card += nodes.paragraph("", "", nodes.strong("", SUPERVISED_TYPES[kind]),
                                    classes=["hb-exercise-supervised"])
        care_lines = [self._take_care(key, note) for key, note in cares]
        if care_lines:
            card += nodes.container("", *care_lines, classes=["hb-exercise-take-care"])
        card += self._figure(panels, (options["alt"], SECOND_ALT), labels)

        facts = [("You need", options.get("equipment") or "Nothing"),
                 ("Start position", options["start"])]
        card += self._fields(facts, "hb-exercise-setup")
        card += nodes.rubric("Steps", "Steps", classes=["hb-exercise-heading"])
        card += steps[0]
        minutes = doses["reps"].endswith("minutes")
        dose = [("Hold", doses.get("hold")), ("How long" if minutes else "Repeat", doses["reps"]),
                ("Sets", doses.get("sets")), ("How often", doses["how-often"])]
        card += self._fields([(k, v) for k, v in dose if v], "hb-exercise-dose")
        card += nodes.paragraph("", f"Your own plan, if a clinician changes it: {plan_blanks(doses)}.",
                                classes=["hb-exercise-plan"])
        more = [("What you should feel", options["feel"]), ("To make it easier", options.get("easier")),
                ("To make it harder", options.get("harder"))]
        card += self._fields([(k, v) for k, v in more if v], "hb-exercise-more")
        stop = nodes.admonition("", classes=["hb-exercise-stop", "caution"])
        stop += nodes.title("Stop and get advice if", "Stop and get advice if")
        stop += nodes.paragraph("", "", *self._inline(options["stop-if"]))
        card += stop
        source = [nodes.Text(EDITORS_TEXT + ".")] if sources == [EDITORS] else self._cite(sources)
        card += nodes.paragraph("", "Source: ", *source, classes=["hb-exercise-source"])
        if options.get("evidence"):
            # research on exercise for the problem, not a trial of this exercise: said so, as a
            # bare "Evidence:" beside one exercise read as support for it (clinician review)
            card += nodes.paragraph("", "Research on exercise in general: ",
                                    *self._cite(self._keys("evidence", options["evidence"])),
                                    classes=["hb-exercise-evidence"])

        std = self.env.domains.standard_domain
        std.note_hyperlink_target(label, self.env.docname, node_id, title)
        known = exercises(self.env)
        if label in known and known[label].docname != self.env.docname:
            raise ExerciseError(f":label: {label!r} is already used by the exercise on "
                                f"{known[label].docname}.md")
        text_of = lambda words: nodes.paragraph("", "", *self._inline(words)).astext() if words else ""
        text = lambda name: text_of(options.get(name))
        data = {"label": label, "title": title, "purpose": purpose.astext(), "areas": list(areas),
                "type": kind, "position": position, "level": int(level),
                "supervised": SUPERVISED_TYPES.get(kind, ""), "equipment": text("equipment") or "Nothing",
                "start": text("start"), "steps": [item.astext() for item in steps[0].children],
                "dose": {f: doses.get(f, "") for f in DOSES}, "feel": text("feel"),
                "easier": text("easier"), "harder": text("harder"), "stop": text("stop-if"),
                "alt": options["alt"], "svg": svg,
                # each line's "page" is filled in by the programme builder, which can
                # look up where the label's section is once every page is read
                "take_care": [{"key": key, "name": TAKE_CARE[key].name,
                               "title": TAKE_CARE_TITLE.format(who=TAKE_CARE[key].who),
                               "text": " ".join(filter(None, (TAKE_CARE[key].advice, text_of(note))))}
                              for key, note in cares]}
        known[label] = Exercise(label, self.env.docname, self.lineno, title, purpose.astext(),
                                tuple(areas), kind, position, int(level), data)
        return [section]

    def _take_care(self, key: str, note: str) -> nodes.paragraph:
        """One "Take care if you ..." line, whose words link to the section that explains it."""
        title = TAKE_CARE_TITLE.format(who=TAKE_CARE[key].who)
        link = addnodes.pending_xref("", nodes.inline(title, title), refdomain="std", reftype="ref",
                                     reftarget=key, refexplicit=True, refwarn=True)
        self.set_source_info(link)
        line = nodes.paragraph("", "", nodes.strong("", "", link, nodes.Text(". ")),
                               nodes.Text(TAKE_CARE[key].advice))
        if note:
            line += [nodes.Text(" "), *self._inline(note)]
        return line

    @staticmethod
    def _pose_labels(text: str | None) -> tuple[str, str]:
        if not text:
            return ("Start", "End")
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 2 or not all(parts):
            raise ExerciseError(f":pose-labels: {text!r}: give two labels, such as 'Relax, Tighten'")
        return parts[0], parts[1]

    @staticmethod
    def _figure(panels: tuple[str, str], alts: tuple[str, str], labels: tuple[str, str]) -> nodes.container:
        """Start and end as two figures, each a picture over a caption in HTML
        text, which the page's CSS sets side by side, or one above the other on a
        phone, each as wide as the screen allows. The first picture's alt text
        describes the movement."""
        figure = nodes.container(classes=["hb-exercise-figure"])
        for i, (svg, alt, label) in enumerate(zip(panels, alts, labels)):
            uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
            caption = f"{i + 1}. {label}"
            # A legend, not a caption, is still the <figcaption>, but Sphinx does not
            # number it or give it a link to itself as it does a captioned figure.
            figure += nodes.figure("", nodes.image(uri=uri, alt=alt, classes=["hb-exercise-image"]),
                                   nodes.legend("", nodes.paragraph(caption, caption)),
                                   classes=["hb-pose-panel"])
        return figure

    def _inline(self, text: str) -> list[nodes.Node]:
        parsed, messages = self.parse_inline(text, lineno=self.lineno)
        return [*parsed, *messages]

    @staticmethod
    def _keys(field: str, text: str) -> list[str]:
        keys = [k.strip() for k in text.split(",") if k.strip()]
        if not keys:
            raise ExerciseError(f":{field}: is empty")
        return keys

    def _cite(self, keys: list[str]) -> list[nodes.Node]:
        """Cite through sphinxcontrib-bibtex's cite:p role."""
        role, messages = roles.role("cite:p", self.state_machine.language, self.lineno,
                                    self.state.reporter)
        if role is None:
            raise ExerciseError(":source: needs sphinxcontrib.bibtex in the extensions")
        cleaned = ",".join(keys)
        result, problems = role("cite:p", f"{{cite:p}}`{cleaned}`", cleaned, self.lineno, self.state.inliner)
        return [*result, *problems]

    def _tags(self, areas: list[str], kind: str, position: str, level: str) -> nodes.paragraph:
        config = self.config
        tags = nodes.paragraph("", classes=["hb-exercise-tags"])
        labelled = [("For", ", ".join(config.handbook_exercise_areas[a] for a in areas), "area"),
                    ("Type", config.handbook_exercise_types[kind], "type"),
                    ("Position", config.handbook_exercise_positions[position], "position"),
                    ("Level", f"{level}, {LEVELS[level].lower()}", "level")]
        for i, (name, value, cls) in enumerate(labelled):
            if i:
                tags += nodes.Text(" ")
            tags += nodes.inline("", "", nodes.strong(f"{name}: ", f"{name}: "), nodes.Text(value),
                                 classes=["hb-tag", f"hb-tag-{cls}"])
        return tags

    def _fields(self, rows: list[tuple[str, str]], cls: str) -> nodes.field_list:
        fields = nodes.field_list(classes=["hb-exercise-fields", cls])
        for name, value in rows:
            fields += nodes.field("", nodes.field_name(name, name),
                                  nodes.field_body("", nodes.paragraph("", "", *self._inline(value))))
        return fields


class ExerciseCardLook(SphinxPostTransform):
    """Give exercise cards sphinx-design's card classes, on the website only."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for card in self.document.findall(nodes.container):
            if "hb-exercise-card" in card["classes"]:
                card["classes"] += ["sd-card", "sd-shadow-sm", "sd-card-body"]


def add_card_look(app: Sphinx) -> None:
    if not app.tags.has("print"):  # the print theme styles plain blocks
        app.add_post_transform(ExerciseCardLook)


def purge_exercises(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    known = exercises(env)
    for label in [k for k, v in known.items() if v.docname == docname]:
        del known[label]


def merge_exercises(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
    exercises(env).update({k: v for k, v in exercises(other).items() if v.docname in docnames})


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_exercise_areas", DEFAULT_AREAS, "env", dict)
    app.add_config_value("handbook_exercise_types", DEFAULT_TYPES, "env", dict)
    app.add_config_value("handbook_exercise_positions", DEFAULT_POSITIONS, "env", dict)
    app.add_config_value("handbook_exercise_review_keys", REVIEW_KEYS, "env", frozenset)
    app.add_directive("exercise", ExerciseDirective)
    app.connect("builder-inited", add_card_look)
    app.connect("env-purge-doc", purge_exercises)
    app.connect("env-merge-info", merge_exercises)
    # Parallel-safe because the only shared data, env.handbook_exercises, is
    # purged per page and merged from parallel readers above.
    return {"version": __version__, "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
