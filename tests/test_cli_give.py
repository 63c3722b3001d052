"""`trustboard give CONTACT [--json]`, `trustboard share RESOURCE CONTACT [--copy] [--sent]`,
and `suggest` naming a real link, on the sample network and its library."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from board.cli import main
from board.model import Kind, Value
from board.sample import load_sample
from board.store import Store
from tests.helpers import FIXED_NOW, TRUSTBOARD, Clock, data_files


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    load_sample(Store(data, clock=Clock(FIXED_NOW)), FIXED_NOW)
    monkeypatch.setattr("board.cli.base.Store", lambda path: Store(path, clock=Clock(FIXED_NOW)))
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('my_name = "Sam Rivera"\n', "utf-8")
    return data


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["--data", str(root), *args])
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[str, str]:
    code, out, err = run(capsys, root, *args)
    assert code == 0, (args, err)
    return out, err


def fails(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    before = data_files(root)
    code, out, err = run(capsys, root, *args)
    assert code == 1 and out == "", (args, out, err)
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert data_files(root) == before
    return err


def test_give_lists_specific_gifts_best_first_each_with_why(capsys, root: Path) -> None:
    out, err = ok(capsys, root, "give", "sandra")
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Gifts for Sandra Hughes (Met), best first:"
    assert lines[2] == "1. introduction Introduce Sandra to Kevin Tran (Tran Tax & Advisory)"
    assert "why: needs: qualifying for a mortgage on two years of 1099 income ↔ expertise: 1099 income (Kevin Tran)" in lines[3]
    assert lines[4] == "2. resource     Send “Qualifying for a mortgage on 1099 income”"
    assert lines[5].strip() == "https://riverahomelending.example.com/guides/1099-income-mortgage"
    assert lines[6].strip() == "why: needs: qualifying for a mortgage on two years of 1099 income ↔ topic: 1099 income"
    assert lines[7] == "3. feedback     Feedback on sandrahughes.example.com"
    assert "--messages prints each message" in out


def test_three_people_get_three_different_lists(capsys, root: Path) -> None:
    lists = {}
    for who in ("sandra", "omar", "priya"):
        data = json.loads(ok(capsys, root, "give", who, "--json")[0])
        lists[who] = [(g["kind"], g["resource_id"] or g["contact_name"] or g["url"]) for g in data["gifts"]]
    assert len({tuple(v) for v in lists.values()}) == 3
    assert [kind for kind, _ in lists["omar"]] == ["introduction", "resource"]
    assert lists["omar"][0][1] == "Mei Tanaka"
    # Priya was sent the pre-approval checklist already: it is not offered again.
    store = Store(root)
    checklist = store.find_resource("The pre-approval checklist")
    assert checklist.id not in [ref for _, ref in lists["priya"]]
    assert store.find_resource("Commission income").id == lists["priya"][0][1]


def test_give_json_shape(capsys, root: Path) -> None:
    data = json.loads(ok(capsys, root, "give", "Sandra Hughes", "--json")[0])
    sandra = Store(root).find("sandra")
    assert data["contact"] == {"id": sandra.id, "name": "Sandra Hughes", "stage": "met"}
    keys = ["kind", "title", "why", "url", "resource_id", "contact_id", "contact_name", "template",
            "message", "summary"]
    assert all(list(g) == keys for g in data["gifts"])
    intro, shared, feedback = data["gifts"]
    assert intro["contact_id"] == Store(root).find("kevin tran").id and intro["resource_id"] is None
    assert shared["resource_id"] and shared["url"].startswith("https://")
    assert shared["url"] in shared["message"] and shared["url"] in shared["summary"]
    assert feedback["url"] == "https://sandrahughes.example.com"
    assert all(g["message"].endswith("Sam Rivera") for g in data["gifts"])


def test_give_messages_prints_each_message(capsys, root: Path) -> None:
    out, _ = ok(capsys, root, "give", "omar", "--messages")
    assert "      Hi Omar," in out
    assert "Mei Tanaka (Tanaka Property Management) knows rental property management really well." in out
    assert "      https://riverahomelending.example.com/guides/dscr-loans" in out


def test_nothing_to_give_says_what_would_help(capsys, root: Path) -> None:
    out, _ = ok(capsys, root, "give", "chloe")
    assert out.startswith("Nothing to give Chloe Bennett yet.")
    assert json.loads(ok(capsys, root, "give", "chloe", "--json")[0])["gifts"] == []


def hinted(out: str) -> list[list[str]]:
    """The trustboard commands a hint names, as argument lists (without `trustboard`)."""
    return [found.split() for found in re.findall(r"\(trustboard ([^,)]+)", out)
            + re.findall(r"or trustboard ([^,)]+?) as they tell you", out)]


def test_the_needs_hint_names_commands_that_set_the_needs(capsys, root: Path) -> None:
    ok(capsys, root, "add", "Gina Ray")
    out, _ = ok(capsys, root, "give", "gina")
    setting = [c for c in hinted(out) if "--needs" in c]
    assert sorted(c[0] for c in setting) == ["edit", "log"], out
    for command in setting:  # each command it names really sets them
        args = [{"TEXT": "tax help", "SUMMARY": "call"}.get(a, a) for a in command]
        ok(capsys, root, *args)
        shown = json.loads(ok(capsys, root, "show", "gina", "--json")[0])
        assert shown["needs"] == "tax help", command
        ok(capsys, root, "edit", "gina", "--needs", "")
    ok(capsys, root, "edit", "gina", "--needs", "underwater basket weaving")
    out, _ = ok(capsys, root, "give", "gina")
    assert "(underwater basket weaving)" in out and "--needs" not in out, out  # they are set: what is missing
    assert {c[0] + " " + c[1] for c in hinted(out)} >= {"edit NAME", "resource add"}, out


def test_give_errors(capsys, root: Path) -> None:
    assert "no contact" in fails(capsys, root, "give", "nobody-at-all")
    assert "matches" in fails(capsys, root, "give", "s")  # ambiguous: several names start with s


def test_share_writes_the_message_with_the_real_link(capsys, root: Path) -> None:
    before = data_files(root)
    out, err = ok(capsys, root, "share", "jumbo", "isaac")
    assert out.startswith("Hi Isaac,\n\nI remembered you're working on buying a home with a jumbo loan")
    assert "Jumbo loans when your pay is equity: what underwriters count" in out
    assert "https://riverahomelending.example.com/guides/jumbo-equity-pay" in out
    assert "I'll put the link below" not in out
    assert "why: needs: buying a home with a jumbo loan once equity vests in February ↔ topic: jumbo loans" in err
    assert data_files(root) == before  # without --sent nothing is logged


def test_share_sent_logs_a_resource_gift_and_it_is_not_offered_again(capsys, root: Path) -> None:
    store = Store(root)
    guide = store.find_resource("Qualifying for a mortgage on 1099")
    assert guide.id in [g["resource_id"] for g in json.loads(ok(capsys, root, "give", "sandra", "--json")[0])["gifts"]]
    out, err = ok(capsys, root, "share", guide.id[:6], "sandra", "--sent")
    assert guide.url in out
    assert f"Logged gave (resource) with Sandra Hughes: Shared “{guide.title}”: {guide.url}" in err
    sandra = store.find("sandra")
    logged = Store(root).interactions(sandra.id)[-1]
    assert (logged.kind, logged.value, logged.resource_id) == (Kind.GAVE, Value.RESOURCE, guide.id)
    assert logged.summary == f"Shared “{guide.title}”: {guide.url}"
    assert logged.at == FIXED_NOW
    assert Store(root).get(sandra.id).last_interaction_at == FIXED_NOW
    after = json.loads(ok(capsys, root, "give", "sandra", "--json")[0])["gifts"]
    assert guide.id not in [g["resource_id"] for g in after]
    # Sharing it again warns, and still prints the message.
    code, out, err = run(capsys, root, "share", guide.id[:6], "sandra")
    assert code == 0 and guide.url in out
    assert err.startswith("warning: you already shared “Qualifying for a mortgage on 1099 income” with Sandra Hughes")


def test_share_a_resource_that_fits_nothing_still_sends_the_link(capsys, root: Path) -> None:
    out, err = ok(capsys, root, "share", "hail season", "chloe")
    assert out.startswith("Hi Chloe,\n\nI came across Hail season: a homeowner's roof and insurance checklist")
    assert "https://kowalskiinsurance.example.com/hail-season-checklist" in out
    assert "why: you picked it" in err


def test_share_copy_without_a_clipboard_says_so_and_prints(capsys, root: Path) -> None:
    code, out, err = run(capsys, root, "share", "dscr", "omar", "--copy")
    assert code == 0
    assert "https://riverahomelending.example.com/guides/dscr-loans" in out
    assert "no clipboard reachable" in err


def test_share_errors_change_nothing(capsys, root: Path) -> None:
    assert "no resource matches 'golf'" in fails(capsys, root, "share", "golf", "sandra", "--sent")
    assert "no contact" in fails(capsys, root, "share", "dscr", "nobody-at-all", "--sent")
    assert "matches" in fails(capsys, root, "share", "dscr", "s", "--sent")


def test_suggest_names_the_real_link(capsys, root: Path) -> None:
    out, _ = ok(capsys, root, "suggest", "julia")
    block = out.split("[share-resource]")[1].split("\n[")[0]
    assert "Reverse mortgage questions to ask before your parents sign" in block
    assert "https://riverahomelending.example.com/guides/reverse-mortgage-questions" in block
    assert "I'll put the link below" not in out


def test_suggest_leaves_share_resource_out_when_nothing_in_the_library_fits(capsys, root: Path) -> None:
    out, _ = ok(capsys, root, "suggest", "leo martinez")  # a second coffee shop: no resource fits
    assert "[share-resource]" not in out


def test_the_real_command_on_the_demo(tmp_path: Path) -> None:
    env = {"TRUSTBOARD_CONFIG": str(tmp_path / "none.toml"), "TMPDIR": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(TRUSTBOARD), "--demo", "give", "priya", "--json"], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    gifts = json.loads(done.stdout)["gifts"]
    assert [g["kind"] for g in gifts] == ["resource", "introduction", "resource"]
    shared = subprocess.run([str(TRUSTBOARD), "--demo", "share", "commission", "priya", "--sent"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert shared.returncode == 0, shared.stderr
    assert "https://okonkwobooks.example.com/checklists/commission-income" in shared.stdout
    assert "Logged gave (resource) with Priya Natarajan" in shared.stderr


def test_an_introduction_made_with_introduce_is_not_offered_again(capsys, root: Path) -> None:
    before = json.loads(ok(capsys, root, "give", "sandra", "--json")[0])["gifts"]
    assert [g["contact_name"] for g in before if g["kind"] == "introduction"] == ["Kevin Tran"]
    ok(capsys, root, "introduce", "sandra", "kevin tran", "--sent")
    after = json.loads(ok(capsys, root, "give", "sandra", "--json")[0])["gifts"]
    assert [g["kind"] for g in after] == ["resource", "feedback"]


def test_the_demo_shows_common_ground_in_a_first_message(tmp_path: Path) -> None:
    env = {"TRUSTBOARD_CONFIG": str(tmp_path / "none.toml"), "TMPDIR": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(TRUSTBOARD), "--demo", "suggest", "ethan brooks"], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert "common ground: Paul Reyes introduced you" in done.stdout
    assert "I've been meaning to follow up since we met. I see you know Paul Reyes too. " in done.stdout
