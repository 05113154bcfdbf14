"""Selects start at a prompt in plain words: never "---------", never a silently chosen first option."""

import re

import pytest
from django import forms
from django.utils import translation

from accounts.forms import ChoicePrompts
from accounts.models import Role, User

FRUIT = [("apple", "Appel"), ("pear", "Peer")]


class Sample(ChoicePrompts, forms.Form):
    required_choice = forms.ChoiceField(choices=FRUIT)
    optional_choice = forms.ChoiceField(choices=[("", "---------"), *FRUIT], required=False)
    with_initial = forms.ChoiceField(choices=FRUIT, initial="pear")
    own_empty = forms.ChoiceField(choices=[("", "Iedereen"), *FRUIT], required=False)
    radio = forms.ChoiceField(choices=FRUIT, widget=forms.RadioSelect)
    person = forms.ModelChoiceField(queryset=User.objects.order_by("email"))
    maybe_person = forms.ModelChoiceField(queryset=User.objects.order_by("email"), required=False)
    several = forms.MultipleChoiceField(choices=FRUIT)


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(value, label, bool(selected))
            for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)]


@pytest.fixture
def html(db):
    User.objects.create(email="a@example.nl", role=Role.STAFF)
    with translation.override("nl"):
        return str(Sample().as_div())


def test_a_required_select_starts_at_choose_and_picks_nothing_by_itself(html):
    assert options(html, "required_choice") == [("", "Kies…", True), ("apple", "Appel", False), ("pear", "Peer", False)]
    assert options(html, "person")[0] == ("", "Kies…", True)


def test_an_optional_select_starts_at_none_not_dashes(html):
    assert options(html, "optional_choice")[0] == ("", "Geen", True)
    assert options(html, "maybe_person")[0] == ("", "Geen", True)
    assert "---------" not in html


def test_an_initial_value_or_an_own_empty_label_is_kept(html):
    assert options(html, "with_initial") == [("apple", "Appel", False), ("pear", "Peer", True)]
    assert options(html, "own_empty")[0] == ("", "Iedereen", True)


def test_radios_and_multiple_selects_get_no_prompt(html):
    assert "Kies…" not in re.search(r'<select name="several".*?</select>', html, re.S).group(0)
    assert re.findall(r'<input type="radio" name="radio" value="([^"]*)"', html) == ["apple", "pear"]


def test_leaving_a_required_select_at_its_prompt_is_an_error_in_plain_words(db):
    with translation.override("nl"):
        form = Sample(data={"with_initial": "pear", "radio": "apple"})
        form.as_div()  # rendered first, as on a page
        assert not form.is_valid()
        assert form.errors["required_choice"] == ["Dit veld is verplicht."]
