"""tools/exercises/poses: pose descriptions in, SVG drawings out (two panels or one picture), clear errors otherwise."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

import math
import re
from pathlib import Path

from tools.exercises import poses
from tools.exercises.poses import (
    ACCENT, BASES, PoseError, figure_for, figures, parse_pose, render_panels, render_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parent.parent
RESTING = (poses.W_THIGH + poses.W_LIMB) / 2 + 3  # an ankle this close to a knee rests on it


@pytest.mark.parametrize(("description", "message"), [
    ("", "the pose is empty"),
    ("torso=90", "no base position: add base=standing"),
    ("base=flying", "base=flying: unknown; use one of standing, sitting"),
    ("base=standing torso", "'torso': expected key=value"),
    ("base=standing torso=up", "torso=up: expected an angle in degrees"),
    ("base=standing torso=400", "torso=400: an angle must be between -360 and 360"),
    ("base=standing leg=-90", "leg=-90: expected two angles (thigh,shin)"),
    ("base=standing arm=1,2,3", "arm=1,2,3: expected two angles (upper arm,forearm)"),
    ("base=standing elbow=90", "elbow: not a setting of a side view pose"),
    ("base=standing torso=90 torso=80", "torso is given twice"),
    ("base=standing props=mat,trampoline", "props: unknown trampoline"),
    ("base=standing reach=toes", "reach=toes: use one of"),
    ("base=back helper=elbow", "helper=elbow: use one of knee, shin"),
    ("base=front-view turn=up", "turn=up: use turn=left, turn=right or turn=none"),
    ("base=front-view torso=90", "torso: not a setting of a front view pose"),
    # Words added for drawings that match their steps.
    ("base=back reach2=toes", "reach2=toes: use one of back-of-head, belly, forehead, knee, shin, thigh"),
    ("base=back leg=cross leg2=cross", "leg=cross and leg2=cross: only one leg can cross over the other"),
    ("base=back arrow=knee", "arrow=knee: expected a body point and a direction, such as arrow=head,180"),
    ("base=back arrow=,90", "arrow=,90: expected a body point and a direction"),
    ("base=back arrow=elbow,90", "arrow=elbow,90: no point 'elbow' to draw an arrow by; use one of back-of-head"),
    ("base=back arrow=knee,up", "arrow=knee,up: 'up' is not a direction; give an angle in degrees"),
    ("base=back arrow=knee,400", "arrow=knee,400: '400' is not a direction"),
    ("base=back arrow=knee,90+hips", "arrow=knee,90+hips: expected a body point and a direction"),
    ("base=back highlight=neck", "highlight=neck: use highlight=belly"),
    ("base=back stay=elbows", "stay=elbows: use one or more of feet, hands, hips, knees, with a comma"),
    ("base=back stay=hands,hands", "stay=hands,hands: use one or more of"),
    ("base=sitting close-up=feet", "close-up=feet: use close-up=head"),
    ("base=back view=below", "view=below: use view=above"),
    ("base=standing view=above", "view=above: only base=back can be seen from above"),
    ("base=back view=above torso=90", "torso: not a setting of a view from above pose; use arrow, base, leg"),
    ("base=back view=above roll=far", "roll=far: expected an angle in degrees, such as roll=90"),
    ("base=back view=above leg=cross", "leg=cross: a crossed leg can only be drawn in the side view"),
    ("base=back view=above arrow=belly,90", "arrow=belly,90: no point 'belly' to draw an arrow by; use one of foot"),
    ("base=front-view view=above", "view: not a setting of a front view pose"),
    ("base=front-view arrow=head,90", "arrow: not a setting of a front view pose"),
])
def test_a_malformed_pose_is_a_clear_error(description, message):
    with pytest.raises(PoseError) as error:
        parse_pose(description)
    assert message in str(error.value)


def test_render_checks_both_poses_and_their_views():
    with pytest.raises(PoseError, match="arm=oops"):
        render_svg("base=standing", "base=standing arm=oops", "alt")
    with pytest.raises(PoseError, match="both be side view or both front view"):
        render_svg("base=standing", "base=front-view", "alt")


def test_a_base_gives_defaults_that_words_override():
    pose = parse_pose("base=back leg=110,20 props=towel")
    assert pose.torso == 180 and pose.leg == (110, 20) and pose.props == {"mat", "towel"}
    assert parse_pose("base=sitting").seated and not parse_pose("base=standing").seated


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_base_draws_a_well_formed_svg_with_alt_text(base):
    svg = render_svg(f"base={base}", f"base={base}", 'Stand "tall" & <breathe>')
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == 'Stand "tall" & <breathe>'
    assert [t.text for t in root.iter(f"{SVG}text")] == ["1. Start", "2. End"]
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {width:.0f} {height:.0f}"


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_base_draws_two_panels_of_one_size_with_titles_and_no_captions(base):
    """The page lays the panels out and captions them in HTML, so the two are drawn to
    one scale and hold no text of their own."""
    panels = [ElementTree.fromstring(svg) for svg in
              render_panels(f"base={base}", f"base={base}", ('Stand "tall" & <breathe>', "Second"))]
    assert [root.find(f"{SVG}title").text for root in panels] == ['Stand "tall" & <breathe>', "Second"]
    assert all(root.tag == f"{SVG}svg" and root.get("role") == "img" for root in panels)
    assert panels[0].get("viewBox") == panels[1].get("viewBox")
    assert panels[0].get("width") == panels[1].get("width") and float(panels[0].get("width")) > 0
    assert not [t for root in panels for t in root.iter(f"{SVG}text")]


def test_the_panels_draw_what_the_one_picture_draws():
    start, end = "base=sitting close-up=head", "base=sitting close-up=head neck=125 head=90 arrow=back-of-head,180"
    one = render_svg(start, end, "alt")
    for svg in render_panels(start, end, ("alt", "alt")):
        body = svg.split("</title>\n", 1)[1].removesuffix("</svg>\n")
        assert body in one


def test_the_end_panel_shows_the_start_as_a_faint_ghost():
    svg = render_svg("base=standing", "base=standing arm=0,0", "alt")
    assert 'opacity="0.8"' in svg and "#c8c8c8" in svg
    start, end = render_panels("base=standing", "base=standing arm=0,0", ("alt", "alt"))
    assert "#c8c8c8" in end and "#c8c8c8" not in start


def test_a_helper_is_drawn_in_outline_and_named():
    svg = render_svg("base=back-straight helper=knee", "base=back-straight helper=knee leg=100,0", "alt")
    assert ">helper</text>" in svg and 'stroke="#ffffff"' in svg


def test_a_drawing_is_the_same_every_time():
    assert render_svg("base=hands-knees spine=8", "base=hands-knees", "a") == \
        render_svg("base=hands-knees spine=8", "base=hands-knees", "a")


def test_start_and_end_must_agree_on_the_view_the_close_up_and_what_stays():
    with pytest.raises(PoseError, match=r"both be seen from above \(view=above\), or neither"):
        render_svg("base=back view=above", "base=back", "alt")
    with pytest.raises(PoseError, match="close-up: give close-up=head in both the start and the end pose"):
        render_svg("base=sitting close-up=head", "base=sitting", "alt")
    with pytest.raises(PoseError, match="stay: only the end pose can keep parts where they were"):
        render_svg("base=back stay=hands", "base=back", "alt")
    with pytest.raises(PoseError, match="stay=hands: the hands cannot reach where they were at the start"):
        render_svg("base=standing arm=90,90", "base=back stay=hands", "alt")


# -- What the new words draw ------------------------------------------------------------

def _arrows(figure):
    return [s for s in figure.strokes if s.part == "arrow"]


def test_an_arrow_is_drawn_only_when_asked_and_points_the_way_given():
    assert "hb-pose-arrow" not in render_svg("base=sitting", "base=sitting neck=120", "alt")
    svg = render_svg("base=sitting", "base=sitting neck=120 arrow=back-of-head,180", "alt")
    assert svg.count('class="hb-pose-arrow"') == 1 and ACCENT in svg
    ElementTree.fromstring(svg)
    figure = figure_for(parse_pose("base=sitting arrow=back-of-head,180"))
    (arrow,) = _arrows(figure)
    tail, tip = arrow.points[0], arrow.points[-1]
    assert tip[0] < tail[0] - 20 and abs(tip[1] - tail[1]) < 0.1  # it points back, level
    # Out of the body, it starts just outside the head, not on it.
    assert math.dist(tail, figure.points["head"]) > poses.HEAD_R


def test_an_arrow_into_the_body_ends_just_outside_the_point():
    figure = figure_for(parse_pose("base=back arrow=belly,-90"))
    (arrow,) = _arrows(figure)
    tail, tip = arrow.points[0], arrow.points[-1]
    belly = figure.points["belly"]
    assert tail[1] > tip[1] > belly[1] and abs(tip[0] - belly[0]) < 0.1


def test_two_arrows_and_a_turning_arrow():
    figure = figure_for(parse_pose("base=back arrow=hips,anticlockwise+knee,0"))
    turning, straight = _arrows(figure)
    hips = figure.points["hips"]
    angles = [math.degrees(math.atan2(y - hips[1], x - hips[0])) for x, y in turning.points]
    assert angles == sorted(angles) and angles[-1] - angles[0] > 60  # it curves the way asked
    assert len({round(math.dist(p, hips), 6) for p in turning.points}) == 1  # around the hips
    clockwise = _arrows(figure_for(parse_pose("base=back arrow=hips,clockwise")))[0]
    assert all(math.dist(p, q) < 1e-9 for p, q in zip(clockwise.points, turning.points[::-1]))
    assert straight.points[-1][0] > straight.points[0][0]


def test_a_highlight_shades_the_tummy_on_the_body():
    plain = figure_for(parse_pose("base=back reach=belly"))
    shaded = figure_for(parse_pose("base=back reach=belly highlight=belly"))
    (mark,) = [s for s in shaded.strokes if s.part == "mark"]
    assert mark.colour == ACCENT and not [s for s in plain.strokes if s.part == "mark"]
    hips, shoulder = shaded.points["hips"], shaded.points["shoulder"]
    assert all(abs(y - hips[1]) < 0.1 and shoulder[0] < x < hips[0] for x, y in mark.points)  # on the torso
    assert mark.width < poses.W_TORSO


def test_both_hands_can_reach():
    figure = figure_for(parse_pose("base=back leg=135,-10 reach=knee reach2=knee"))
    assert math.dist(figure.points["hand"], figure.points["knee"]) < 0.1
    assert math.dist(figure.points["hand2"], figure.points["knee"]) < 0.1
    assert figure_for(parse_pose("base=back reach=knee")).points["hand2"][1] < 15  # one hand only


def test_a_crossed_leg_rests_its_ankle_on_the_other_knee():
    for text in ("base=back leg2=cross", "base=back leg=cross", "base=back leg=120,-10 leg2=cross"):
        figure = figure_for(parse_pose(text))
        near = 0 if "leg2=cross" in text else 1  # which colour the leg underneath is
        assert math.dist(figure.points["ankle2"], figure.points["knee"]) < RESTING  # the ankle touches the knee
        assert math.dist(figure.points["knee2"], figure.points["knee"]) > poses.W_THIGH  # two legs, apart
        legs = [s for s in figure.strokes if s.width == poses.W_THIGH]
        assert {s.colour for s in legs} == {poses.INK, poses.FAR}, near


def test_stay_keeps_the_hands_and_slides_the_end_drawing_to_keep_the_knees_or_feet():
    start, end = figures("base=hands-knees", "base=hands-knees torso=18 leg=-38,180 stay=knees,hands")
    for point in ("hand", "hand2", "knee"):
        assert math.dist(start.points[point], end.points[point]) < 0.01, point
    start, end = figures("base=sitting", "base=standing stay=feet")
    assert abs(start.points["ankle"][0] - end.points["ankle"][0]) < 0.01
    # Without stay, the end drawing lines up with the start on the hips.
    start, end = figures("base=sitting", "base=standing")
    assert start.points["hips"][0] == end.points["hips"][0] == 0


def test_a_close_up_draws_the_head_larger_in_a_frame():
    svg = render_svg("base=sitting close-up=head", "base=sitting close-up=head neck=125 head=90", "alt")
    root = ElementTree.fromstring(svg)
    assert len(list(root.iter(f"{SVG}clipPath"))) == 2 and f"scale({poses.CLOSE_UP_SCALE})" in svg
    assert "<line" not in svg  # no floor: it is out of the frame
    assert [t.text for t in root.iter(f"{SVG}text")] == ["1. Start", "2. End"]


def test_seen_from_above_the_knees_roll_sideways_and_the_feet_stay():
    start, end = figures("base=back view=above", "base=back view=above roll=50 arrow=knee,-90")
    assert end.points["knee"][1] < start.points["knee"][1] - 20  # towards your right: down
    assert math.dist(end.points["foot"], start.points["foot"]) < 0.01
    (arrow,) = _arrows(end)
    assert arrow.points[-1][1] < arrow.points[0][1]
    svg = render_svg("base=back view=above", "base=back view=above roll=-40", "alt")
    ElementTree.fromstring(svg)
    assert "<line" not in svg and "<rect" in svg  # a mat seen from above, no floor line
    left = figures("base=back view=above", "base=back view=above roll=-40")[1]
    assert left.points["knee"][1] > start.points["knee"][1] + 15


def test_lying_on_the_back_a_hollow_is_a_gap_under_the_small_of_the_back():
    flat, hollow = figure_for(parse_pose("base=back")), figure_for(parse_pose("base=back spine=-7"))
    assert [s.part for s in hollow.strokes].count("gap") == 1
    assert "gap" not in [s.part for s in flat.strokes]
    assert flat.points["hips"] == hollow.points["hips"]  # the bottom stays on the floor
    torso = next(s for s in hollow.strokes if s.width == poses.W_TORSO)
    assert torso.points == [hollow.points["hips"], hollow.points["shoulder"]]  # the top of the back is level
    rounded = figure_for(parse_pose("base=back spine=4"))
    assert rounded.points["hips"] == flat.points["hips"]  # rounding it never lifts it off the floor


# -- The handbook's own drawings match their steps -----------------------------------------

def exercise(label: str) -> dict[str, str]:
    """The pose fields of one exercise in docs/exercises/*.md."""
    for page in sorted((REPO / "docs" / "exercises").glob("*.md")):
        for block in re.findall(r"^:::\{exercise\}.*?^:::$", page.read_text(encoding="utf-8"), re.M | re.S):
            fields = dict(re.findall(r"^:([a-z-]+): (.+)$", block, re.M))
            if fields.get("label") == label:
                return fields
    raise LookupError(label)


def drawn(label: str):
    fields = exercise(label)
    return figures(fields["pose-start"], fields["pose-end"])


def test_every_exercise_drawing_can_be_drawn():
    labels = [label for page in (REPO / "docs" / "exercises").glob("*.md")
              for label in re.findall(r"^:label: (.+)$", page.read_text(encoding="utf-8"), re.M)]
    assert len(labels) >= 25
    for label in labels:
        fields = exercise(label)
        labels_ = tuple(x.strip() for x in fields.get("pose-labels", "Start, End").split(","))
        ElementTree.fromstring(render_svg(fields["pose-start"], fields["pose-end"], fields["alt"], labels_))
        for svg in render_panels(fields["pose-start"], fields["pose-end"], (fields["alt"], "x")):
            ElementTree.fromstring(svg)


@pytest.mark.parametrize("label", ["knee-to-chest", "one-knee-to-chest"])
def test_knee_to_chest_brings_the_knee_to_the_chest_held_by_both_hands(label):
    start, end = drawn(label)
    hips, shoulder, knee, ankle = (end.points[p] for p in ("hips", "shoulder", "knee", "ankle"))
    assert shoulder[0] < knee[0] < hips[0]  # over the chest
    assert knee[1] - hips[1] < 32  # and close to it: the thigh rests against the body
    assert ankle[1] <= knee[1]  # the shin folds down, not up in the air
    for hand in ("hand", "hand2"):
        assert math.dist(end.points[hand], knee) < 3, hand
    if label == "one-knee-to-chest":  # the other foot stays on the floor
        assert math.dist(end.points["ankle2"], start.points["ankle2"]) < 0.01


def test_wall_slide_starts_with_the_elbow_bent_and_slides_the_hand_up_with_the_back_on_the_wall():
    """As its steps say: elbows bent and hands up against the wall, then the arms
    slide up it; head, back and bottom stay on the wall (the arms lie on it)."""
    start, end = drawn("wall-slide")

    def bend(figure):  # degrees between the upper arm and the forearm
        (sx, sy), (ex, ey), (hx, hy) = next(s.points for s in figure.strokes if s.part == "arm")
        upper, fore = math.atan2(ey - sy, ex - sx), math.atan2(hy - ey, hx - ex)
        return abs(math.degrees((fore - upper + math.pi) % (2 * math.pi) - math.pi))

    assert bend(start) > 40 and bend(end) < bend(start)
    for figure in (start, end):  # the arm lies on the wall, never in it (reader review)
        arm = next(s for s in figure.strokes if s.part == "arm")
        assert min(x for x, _ in arm.points) > figure.wall_x, arm.points
    assert end.points["hand"][1] > start.points["hand"][1] + 12  # higher (y points up)
    for figure in (start, end):
        assert start.points["hand"][1] > figure.points["shoulder"][1]  # the hands are up from the start
        body = [s for s in figure.strokes if s.part not in ("mark", "arrow") and not s.part.startswith("arm")]
        back = min(x - s.width / 2 for s in body for x, _ in s.points)
        assert abs(back - figure.wall_x) < 2, (back, figure.wall_x)


def test_back_extension_keeps_the_hips_on_the_floor_and_the_hands_in_place():
    start, end = drawn("back-extension")
    assert abs(end.points["hips"][1] - start.points["hips"][1]) < 0.5
    assert math.dist(end.points["hand"], start.points["hand"]) < 0.5
    assert end.points["shoulder"][1] > start.points["shoulder"][1] + 20  # the chest comes up


def test_bottom_to_heels_keeps_the_hands_where_they_are():
    start, end = drawn("bottom-to-heels")
    for point in ("hand", "hand2", "knee"):
        assert math.dist(end.points[point], start.points[point]) < 0.5, point
    assert end.points["hips"][0] < start.points["hips"][0] - 20  # the bottom goes back


def test_buttock_stretch_shows_the_ankle_crossed_over_the_other_knee():
    for figure in drawn("buttock-stretch"):
        assert math.dist(figure.points["ankle2"], figure.points["knee"]) < RESTING
        assert math.dist(figure.points["knee2"], figure.points["knee"]) > poses.W_THIGH
        assert {s.colour for s in figure.strokes if s.width == poses.W_THIGH} == {poses.INK, poses.FAR}
    start, end = drawn("buttock-stretch")
    assert end.points["knee"][0] < start.points["knee"][0] - 20  # pulled towards the chest
    assert math.dist(end.points["hand"], end.points["thigh"]) < 3  # holding the thigh


def test_pelvic_tilt_flattens_the_back_without_lifting_the_bottom():
    start, end = drawn("pelvic-tilt")
    assert "gap" in [s.part for s in start.strokes] and "gap" not in [s.part for s in end.strokes]
    assert end.points["hips"] == start.points["hips"]
    assert end.points["shoulder"][1] == pytest.approx(end.points["hips"][1])  # no bridge: the back lies flat
    assert [s for s in end.strokes if s.part == "arrow"]  # an arrow shows the pelvis rock


@pytest.mark.parametrize("label", ["chin-tuck", "tummy-brace", "forehead-press"])
def test_a_small_or_still_movement_still_looks_different_at_the_end(label):
    fields = exercise(label)
    drawing = lambda pose: [(s.points, s.colour, s.width) for s in figure_for(parse_pose(pose)).strokes]  # noqa: E731
    assert drawing(fields["pose-start"]) != drawing(fields["pose-end"])
    assert [s for s in drawn(label)[1].strokes if s.colour == ACCENT]  # an arrow or a shaded muscle


def test_chin_tuck_slides_the_head_back_and_keeps_the_eyes_level():
    start, end = drawn("chin-tuck")
    assert end.points["head"][0] < start.points["head"][0] - 3
    assert parse_pose(exercise("chin-tuck")["pose-end"]).head == 90
    assert parse_pose(exercise("chin-tuck")["pose-end"]).close_up == "head"


def test_knee_rolls_is_seen_from_above_so_the_roll_is_sideways():
    start, end = drawn("knee-rolls")
    assert parse_pose(exercise("knee-rolls")["pose-end"]).view == "above"
    assert abs(end.points["knee"][1] - start.points["knee"][1]) > 15
    assert math.dist(end.points["head"], start.points["head"]) < 0.01  # the shoulders stay flat


def test_marching_swings_the_opposite_arm():
    end = drawn("marching")[1]
    assert end.points["knee"][1] > end.points["knee2"][1] + 20  # the near knee is up
    assert end.points["hand2"][0] > end.points["hips"][0] > end.points["hand"][0]  # so the far arm is forward


def test_sit_to_stand_and_wall_push_up_keep_the_feet_in_place():
    start, end = drawn("sit-to-stand")
    assert abs(end.points["ankle"][0] - start.points["ankle"][0]) < 0.5
    start, end = drawn("wall-push-up")
    assert abs(end.points["ankle"][0] - start.points["ankle"][0]) < 0.5
    assert math.dist(end.points["hand"], start.points["hand"]) < 0.5
    for pose in (parse_pose(exercise("wall-push-up")[f"pose-{which}"]) for which in ("start", "end")):
        assert abs((pose.torso + 180) % 360 - pose.leg[0] % 360) < 5  # straight from head to heels


def test_the_guide_and_the_docstring_describe_every_word():
    guide = (REPO / "docs" / "contributing" / "add-an-exercise.md").read_text(encoding="utf-8")
    for key in sorted(poses.SIDE_KEYS | poses.FRONT_KEYS | poses.ABOVE_KEYS):
        assert re.search(rf"`{key}(=|`)", guide), key
        assert f"``{key}" in poses.__doc__, key
    for word in [*poses.SIDE_ARROW_POINTS, *poses.ABOVE_ARROW_POINTS, *poses.STAY, *poses.HIGHLIGHTS,
                 *poses.TURNING, "thigh", "cross", "above"]:
        assert f"`{word}`" in guide or f"={word}" in guide or f",{word}" in guide, word
        assert word in poses.__doc__, word


def test_from_above_a_bent_knee_is_a_big_knob_and_a_straight_leg_has_none():
    """Seen from above, a bent leg is foreshortened and read as a straight one (a
    reader review of knee rolls): its knee, pointing up at you, is drawn as a knob
    wider than the thigh."""
    bent = figure_for(parse_pose("base=back view=above"))
    straight = figure_for(parse_pose("base=back view=above leg=0,0 leg2=0,0"))
    widest = lambda figure: max(s.dot for s in figure.strokes if s.dot and s.colour != "#ffffff"  # noqa: E731
                                and s.points[0][0] > 0)  # right of the hips: the legs
    assert widest(bent) >= poses.W_THIGH / 2 + 4
    assert widest(straight) <= poses.W_THIGH / 2


def test_ghost_none_leaves_the_faint_start_out_of_the_end_drawing_only():
    """The buttock stretch's end drawing, its far leg and the faint start tangled (reader review)."""
    with_ghost = render_svg("base=back leg2=cross", "base=back leg=125,-15 leg2=cross", "alt")
    without = render_svg("base=back leg2=cross", "base=back leg=125,-15 leg2=cross ghost=none", "alt")
    assert 'opacity="0.8"' in with_ghost and 'opacity="0.8"' not in without
    with pytest.raises(PoseError, match="ghost: only the end pose"):
        render_svg("base=back ghost=none", "base=back", "alt")
    with pytest.raises(PoseError, match="ghost=faint: use ghost=none"):
        parse_pose("base=back ghost=faint")
