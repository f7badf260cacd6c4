from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import regex  # type: ignore[import-untyped]

from handler.exceptions import RenderError
from handler.render.text.emoji import Piece, clusters, emoji_set, is_emoji, split_emoji

SEQUENCES = [
    pytest.param("👍🏽", id="skin-tone"),
    pytest.param("👨‍👩‍👧", id="zwj-family"),
    pytest.param("🇫🇷", id="flag"),
    pytest.param("1️⃣", id="keycap"),
    pytest.param("❤️", id="vs16"),
]


@pytest.mark.parametrize("cluster", SEQUENCES)
def test_sequence_is_one_emoji_cluster(cluster: str) -> None:
    assert clusters(f"a{cluster}b") == ["a", cluster, "b"]
    assert is_emoji(cluster)


@pytest.mark.parametrize(
    "text", [pytest.param(t, id=repr(t)) for t in ("a", "1", "#", "❤", "❤︎", "é", "中")]
)
def test_plain_characters_are_not_emoji(text: str) -> None:
    assert not is_emoji(text)


def test_split_emoji_keeps_plain_text_between() -> None:
    assert split_emoji("Hi 👨‍👩‍👧 and 🇫🇷!") == [
        Piece("Hi ", emoji=False),
        Piece("👨‍👩‍👧", emoji=True),
        Piece(" and ", emoji=False),
        Piece("🇫🇷", emoji=True),
        Piece("!", emoji=False),
    ]


@pytest.mark.parametrize("cluster", SEQUENCES)
def test_twemoji_covers_and_draws_at_exact_size(cluster: str) -> None:
    twemoji = emoji_set("twemoji")
    assert twemoji.covers(cluster)
    image = twemoji.image(cluster, 40)
    assert image.mode == "RGBA"
    assert image.size == (40, 40)
    alpha = image.getchannel("A")
    assert alpha.getbbox() is not None
    opaque = sum(alpha.histogram()[201:])
    assert opaque > 40 * 40 // 5  # a real picture, not a speck


def test_skin_tone_changes_the_picture() -> None:
    twemoji = emoji_set(None)
    plain, toned = twemoji.image("👍", 32), twemoji.image("👍🏽", 32)
    assert plain.tobytes() != toned.tobytes()


def test_default_set_is_twemoji_and_cached() -> None:
    assert emoji_set(None) is emoji_set("twemoji")
    assert emoji_set(None).name == "twemoji"


def test_uncovered_cluster() -> None:
    twemoji = emoji_set(None)
    assert not twemoji.covers("a")
    with pytest.raises(RenderError, match=r"emoji 'a' \(61\) is not in twemoji"):
        twemoji.image("a", 16)


def test_unknown_set_lists_available() -> None:
    with pytest.raises(RenderError, match=r"unknown emoji set 'noto': available: twemoji"):
        emoji_set("noto")


def test_image_is_a_copy_callers_may_change() -> None:
    twemoji = emoji_set(None)
    first = twemoji.image("🇫🇷", 24)
    first.paste((0, 0, 0, 0), (0, 0, 24, 24))
    assert twemoji.image("🇫🇷", 24).getchannel("A").getbbox() is not None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Hello, world", id="ascii"),
        pytest.param("Crème brûlée ÿ ß", id="latin-1"),
        pytest.param("a\r\nb\n\rc", id="crlf"),
        pytest.param("e\u0301 n\u0303", id="combining-marks"),
        pytest.param("", id="empty"),
    ],
)
def test_clusters_match_uax29(text: str) -> None:
    assert clusters(text) == regex.findall(r"\X", text)


def test_clusters_of_random_text_below_combining_marks_match_uax29() -> None:
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(chr(rng.randrange(0x300)) for _ in range(rng.randrange(12)))
        assert clusters(text) == regex.findall(r"\X", text), repr(text)


def test_plain_text_render_imports_no_regex_resvg_or_fonttools() -> None:
    script = (
        "import sys\n"
        "from handler.render.pipeline import render_image\n"
        "render_image('<div style=\"font-size:20px\">Café: 12 × 3</div>', width=80, height=30)\n"
        "print(sorted(m for m in ('regex', 'resvg_py', 'fontTools') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
