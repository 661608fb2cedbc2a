"""tools/poses.py: pose descriptions in, one SVG drawing out, clear errors otherwise."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from tools.poses import BASES, PoseError, parse_pose, render_svg

SVG = "{http://www.w3.org/2000/svg}"


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


def test_the_end_panel_shows_the_start_as_a_faint_ghost():
    svg = render_svg("base=standing", "base=standing arm=0,0", "alt")
    assert 'opacity="0.8"' in svg and "#c8c8c8" in svg


def test_a_helper_is_drawn_in_outline_and_named():
    svg = render_svg("base=back-straight helper=knee", "base=back-straight helper=knee leg=100,0", "alt")
    assert ">helper</text>" in svg and 'stroke="#ffffff"' in svg


def test_a_drawing_is_the_same_every_time():
    assert render_svg("base=hands-knees spine=8", "base=hands-knees", "a") == \
        render_svg("base=hands-knees spine=8", "base=hands-knees", "a")
