"""Draw exercise illustrations from a small pose description.

Contributors are not illustrators, so each exercise carries two short
descriptions, one for where the movement starts and one for where it ends,
and this module draws them in one line-art style: a pictogram person seen
from the side, facing right, drawn in thick round strokes (near limbs black,
far limbs grey), standing on a floor line, with simple props drawn in thin
outline.

A description is ``key=value`` words separated by spaces, for example::

    base=back leg=110,20 props=mat,towel

``base``
    a ready-made position to start from: ``standing``, ``sitting`` (on a
    chair), ``back`` (lying on your back, knees bent), ``back-straight``,
    ``front`` (lying on your front), ``hands-knees``, or ``front-view`` (head
    and shoulders seen from the front, for neck turns and tilts).
Side view: angles are degrees, measured like a compass turned on its side:
``0`` points forward (right), ``90`` up, ``-90`` down, ``180`` back (left).
    ``torso``   the direction from the hips to the shoulders
    ``spine``   how far the back curves, in units: positive rounds it up
                (like a cat), negative hollows it; lying on your back, a
                hollow leaves a gap under the small of the back and the rest
                of the back stays on the floor
    ``neck``    the direction of the neck (default: the torso's)
    ``head``    the direction the top of the head points (default: the neck's);
                the face looks 90 degrees clockwise from it
    ``arm``     the near arm: upper arm, forearm (``-90,-90`` hangs down)
    ``arm2``    the far arm (default: as the near arm)
    ``leg``     the near leg: thigh, shin (``-90,-90`` stands straight)
    ``leg2``    the far leg (default: as the near leg); ``leg2=cross`` (or
                ``leg=cross``) crosses that leg over the other one, its ankle
                resting on the other knee, as in a figure-four stretch
    ``foot``    the direction both feet point (default: square to the shin;
                ``foot=-60`` stands on tiptoe)
    ``reach``   put the near hand on a body point instead: ``forehead``,
                ``knee``, ``thigh``, ``shin``, ``back-of-head``, ``belly``
    ``reach2``  the same for the far hand (``reach=knee reach2=knee``: both
                hands hold the knee)
    ``helper``  a helper kneels by you, both hands on your ``knee`` or ``shin``
    ``stay``    (end pose only) parts that stay where they were at the start:
                ``hands``, ``knees``, ``feet`` or ``hips``, with a comma
                between two. The end drawing slides sideways to keep the first
                of ``knees``, ``feet`` or ``hips`` you list in place (the hips
                if you list none), and ``hands`` bends the arms so that both
                hands are back where they were: ``stay=knees,hands``
    ``ghost``   (end pose only) ``ghost=none``: no faint copy of the start
                behind the end, where it and a far limb would tangle
    ``close-up`` ``close-up=head``: only the head and shoulders, larger, for
                small movements such as a chin tuck. Give it in both poses.
    ``highlight`` ``highlight=belly`` shades the tummy muscles, for an
                exercise where they work but nothing moves
Seen from above (``view=above``, after ``base=back`` only): lying on your
back, head to the left, your right side at the bottom of the drawing.
    ``leg``     your right leg, ``leg2`` your left, as in the side view:
                thigh, shin (default: knees bent, feet flat)
    ``roll``    how far both knees roll to one side, in degrees; positive
                rolls them towards your right (down the drawing)
Side view and seen from above:
    ``arrow``   a motion arrow by a body point, to show which way it moves:
                the point, a comma, then a direction in degrees, or
                ``clockwise`` or ``anticlockwise`` for a curved arrow that
                turns over the point. ``arrow=back-of-head,180`` shows the head
                moving back. Join two arrows with ``+``. Side view points:
                ``head``, ``back-of-head``, ``forehead``, ``chest``,
                ``belly``, ``lower-back``, ``hips``, ``knee``, ``shin``,
                ``hand``; seen from above: ``head``, ``hips``, ``knee``,
                ``foot``. An arrow that points into the body ends just outside
                the point, as if pushing it; any other starts just outside it.
Front view:
    ``tilt``    head tilt in degrees, positive towards your right shoulder
    ``turn``    ``left``, ``right`` or ``none``: which way you look
    ``reach``   ``head`` puts your right hand over the top of your head
All views:
    ``props``   any of ``mat``, ``chair``, ``wall-front``, ``wall-behind``,
                ``towel`` (folded under your head)

``PoseError`` explains what is wrong with a description; callers add the
file and line. ``figures`` gives the start and end drawings of an exercise,
with each body point by name in ``Figure.points``, for tests and tools.

The code is in three steps, one module each: :mod:`.parse` reads a
description into a :class:`Pose`, :mod:`.geometry` places every body part
of a :class:`Figure`, and :mod:`.svg` draws the two figures: ``render_panels``
as two SVGs of one size (the cards on the site and in the PDF lay them out),
``render_svg`` as one picture with captions (the programme handout).
"""

from tools.exercises.poses.geometry import (  # noqa: F401
    ACCENT, FAR, HEAD_R, INK, W_LIMB, W_THIGH, W_TORSO, Figure, figure_for, figures,
)
from tools.exercises.poses.parse import (  # noqa: F401
    ABOVE_ARROW_POINTS, ABOVE_KEYS, BASES, FRONT_KEYS, HELPER_TARGETS, HIGHLIGHTS, PROPS,
    SIDE_ARROW_POINTS, SIDE_KEYS, SIDE_REACH, STAY, TURNING, Pose, PoseError, parse_pose,
)
from tools.exercises.poses.svg import CLOSE_UP_SCALE, render_panels, render_svg  # noqa: F401

__all__ = ["PoseError", "Pose", "Figure", "parse_pose", "figure_for", "figures", "render_panels", "render_svg"]
# The files a drawing depends on: a change to any of them redraws every exercise.
FILES = [__file__, *(__file__.replace("__init__", name) for name in ("parse", "geometry", "svg"))]
