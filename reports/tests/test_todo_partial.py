"""How the shared to-do partial words an item's date, and what an empty list says."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.todo import DEADLINE, DUE, ON, POSTED, SINCE, Todo, TodoItem

DAY = dt.date(2026, 3, 10)  # a Tuesday


def rendered(**fields) -> str:
    item = TodoItem(kind="example", text="Iets doen", url="/ergens/", **fields)
    return " ".join(render_to_string("partials/todo.html", {"todo": Todo(items=[item])}).split())


@pytest.mark.parametrize(("fields", "words"), [
    ({"date": DAY, "when": DEADLINE, "days": 5}, "laatste dag: 10 maart 2026"),
    ({"date": DAY, "when": DEADLINE, "days": 1}, "morgen is de laatste dag"),
    ({"date": DAY, "when": DEADLINE, "days": 0}, "vandaag is de laatste dag"),
    ({"date": DAY, "when": DEADLINE, "days": -2}, "de laatste dag was 10 maart 2026"),
    ({"date": DAY, "when": SINCE, "days": 1}, "wacht sinds 10 maart 2026 (1 dag)"),
    ({"date": DAY, "when": SINCE, "days": 12}, "wacht sinds 10 maart 2026 (12 dagen)"),
    ({"date": DAY, "when": SINCE, "days": 0}, "sinds vandaag"),
    ({"date": DAY, "when": DUE, "days": 3}, "open sinds 10 maart 2026"),
    ({"date": DAY, "when": DUE, "days": 0}, "vandaag aan de beurt"),
    ({"date": DAY, "when": ON, "days": 6}, "dinsdag 10 maart 2026"),
    ({"date": DAY, "when": ON, "days": 0}, "vandaag, dinsdag 10 maart 2026"),
    ({"date": timezone.make_aware(dt.datetime(2026, 3, 10, 14, 30)), "when": ON}, "dinsdag 10 maart, 14:30"),
    ({"date": DAY, "when": POSTED}, "geplaatst op 10 maart 2026"),
])
def test_each_kind_of_date_reads_in_plain_dutch(fields, words):
    assert words in rendered(**fields)


def test_an_urgent_item_stands_out_and_the_oldest_has_its_own_link():
    html = rendered(date=DAY, when=DEADLINE, days=0, urgent=True, oldest_url="/oudste/")
    assert "fw-semibold text-danger-emphasis" in html
    assert '<a class="fw-normal" href="/oudste/">Open de oudste<span class="visually-hidden">: Iets doen</span></a>' in html
    assert "text-danger-emphasis" not in rendered(date=DAY, when=DEADLINE, days=5)


def test_an_item_without_an_address_is_text_and_an_empty_list_says_so_kindly():
    html = " ".join(render_to_string("partials/todo.html", {"todo": Todo(
        upcoming=[TodoItem(kind="vog", text="Rond de VOG-aanvraag af")])}).split())
    assert '<span class="fw-semibold">Rond de VOG-aanvraag af</span>' in html
    assert "Niets te doen op dit moment: je bent helemaal bij." in html and "Binnenkort" in html
