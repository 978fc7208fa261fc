"""Wire copies through real runs: clusters across outlets and runs, exact repeats, what changed."""

import shutil
from pathlib import Path

from connectors.sources import expand_inputs
from pipelines.cli import main
from pipelines.lake import open_lake
from pipelines.run import Settings, run_batch

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
SEEDS = sorted(SAMPLES.glob("00*.txt"))
SEED_001 = SEEDS[1]


def edited_copy_of_001() -> str:
    """Seed 001 as another outlet ran it: a new headline and byline, its own caption, one paragraph
    and the related links cut, one word changed (the edits tests/test_copies.py measures)."""
    text = SEED_001.read_text(encoding="utf-8")
    for old, new in (
        (
            " date 2019-04 Store opptøyer i Venezuela",
            "Kaos i Caracas: militærkjøretøy kjørte inn i folkemengde",
        ),
        ("NTB-AP-AFP", "Av Kari Nordmann, Dagbladet"),
        (
            "Soldater ved flybasen La Carlota i Caracas. Foto: AP/NTB scanpix",
            "Guaidó i Caracas tirsdag. Foto: Reuters",
        ),
        ("les også Guaidó varsler på nytt maktovertagelse i Venezuela\n", ""),
        ("– Vi skal vinne!, skriver Maduro.\n", ""),
        ("skriver Maduro på Twitter tirsdag", "skrev Maduro på Twitter tirsdag"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


def ingest(out: Path, *inputs) -> dict:
    found = expand_inputs([str(i) for i in inputs])
    return run_batch(found.files, Settings(output=str(out), progress="quiet"))


def clusters(out: Path) -> dict[str, str]:
    rows = open_lake(str(out)).execute("SELECT source, cluster_id FROM articles").fetchall()
    return {Path(source).name: cluster for source, cluster in rows}


def test_the_seeds_are_five_clusters_and_a_copy_from_another_outlet_joins_001_in_one_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
    (folder / "dagbladet-kaos.txt").write_text(edited_copy_of_001(), encoding="utf-8")
    ingest(tmp_path / "lake", folder)
    found = clusters(tmp_path / "lake")
    assert len({found[s.name] for s in SEEDS}) == 5
    assert found["dagbladet-kaos.txt"] == found[SEED_001.name]
    stories = (
        open_lake(str(tmp_path / "lake"))
        .execute("SELECT copies, versions FROM stories WHERE cluster_id = ?", [found[SEED_001.name]])
        .fetchall()
    )
    assert stories == [(2, 2)]


def test_a_copy_arriving_in_a_later_run_joins_the_cluster_and_so_after_a_rebuild(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
    ingest(out, folder)
    (folder / "dagbladet-kaos.txt").write_text(edited_copy_of_001(), encoding="utf-8")
    assert ingest(out, folder)["new"] == 1
    found = clusters(out)
    assert found["dagbladet-kaos.txt"] == found[SEED_001.name]
    # The index is rebuilt from the Parquet alone when it is gone (or lags behind after a crash).
    shutil.rmtree(out / "_state" / "copies")
    (folder / "vg-kaos.txt").write_text(
        edited_copy_of_001().replace("skrev Maduro", "skrev president Maduro"), encoding="utf-8"
    )
    ingest(out, folder)
    assert clusters(out)["vg-kaos.txt"] == found[SEED_001.name]


def test_the_same_text_under_another_name_is_written_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / "a.txt")
    shutil.copy(SEEDS[0], folder / "b.txt")
    summary = ingest(tmp_path / "lake", folder)
    assert (summary["articles"], summary["repeats"]) == (1, 1)
    shutil.copy(SEEDS[0], folder / "c.txt")
    assert ingest(tmp_path / "lake", folder)["repeats"] == 1
    assert open_lake(str(tmp_path / "lake")).execute("SELECT count(*) FROM articles").fetchall() == [(1,)]


def test_an_update_shows_what_changed_in_versions_and_in_the_story_command(tmp_path, capsys):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    seed = folder / SEED_001.name
    shutil.copy(SEED_001, seed)
    ingest(out, folder)
    text = seed.read_text(encoding="utf-8").replace(
        "Oppdatert: 30.04.19 kl. 18:15", "Oppdatert: 30.04.19 kl. 19:05"
    )
    seed.write_text(text + "\nOpposisjonen varsler nye protester onsdag.\n", encoding="utf-8")
    ingest(out, folder)
    con = open_lake(str(out))
    assert con.execute(
        "SELECT version, title_changed, paragraphs_added, paragraphs_removed, paragraphs_edited FROM versions ORDER BY version"
    ).fetchall() == [(1, None, None, None, None), (2, False, 1, 0, 0)]
    (story_id,) = con.execute("SELECT DISTINCT story_id FROM articles").fetchall()[0]
    assert main(["story", str(out), story_id[:10]]) == 0
    printed = capsys.readouterr().out
    assert "version 2  updated 2019-04-30 17:05 UTC: 1 paragraph added" in printed
    assert "+ ¶" in printed and "Opposisjonen varsler nye protester onsdag." in printed
