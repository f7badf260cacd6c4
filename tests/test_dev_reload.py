"""handler/dev/reload.py: what `make serve` watches and which changes restart its worker."""

from __future__ import annotations

from pathlib import Path

from handler.config import Settings
from handler.dev.reload import changed_files, tree_snapshot, watch_dirs

ROOT = Path(__file__).resolve().parent.parent


def test_reload_watches_the_segments_folder_and_all_of_handler(tmp_path: Path) -> None:
    settings = Settings(segments_dir=tmp_path)
    assert watch_dirs(settings) == (tmp_path, ROOT / "handler")


def test_tree_snapshot_sees_any_file_kind_and_skips_caches(tmp_path: Path) -> None:
    (tmp_path / "a" / "__pycache__").mkdir(parents=True)
    (tmp_path / "a" / "icon.png").write_bytes(b"png")
    (tmp_path / "a" / "__pycache__" / "icon.cpython-312.pyc").write_bytes(b"pyc")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_bytes(b"x")
    before = tree_snapshot([tmp_path])
    assert set(before) == {tmp_path / "a" / "icon.png"}

    (tmp_path / "a" / "icon.png").write_bytes(b"png, edited")
    (tmp_path / "a" / "opengraph-image.alt.txt").write_text("new")
    (tmp_path / "a" / "__pycache__" / "icon.cpython-312.pyc").write_bytes(b"other")
    after = tree_snapshot([tmp_path])
    assert changed_files(before, after) == [
        tmp_path / "a" / "icon.png",
        tmp_path / "a" / "opengraph-image.alt.txt",
    ]
    (tmp_path / "a" / "icon.png").unlink()
    assert changed_files(after, tree_snapshot([tmp_path])) == [tmp_path / "a" / "icon.png"]
    assert changed_files(after, after) == []
