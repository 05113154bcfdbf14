"""The columns an import understands, per kind of file, and the mapping proposed from a file's own headings.

Each column has a label (its heading in the example files, in the reader's language: "Naam school", "E-mail") and the
other ways people write that heading. A heading matches when it is one of them once case, accents and punctuation are
set aside ("E-mailadres", "email adres"); otherwise the closest one above a high likeness.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .cells import normalise
from .models import Kind

LIKENESS = 0.86


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    synonyms: tuple[str, ...] = ()
    help: Promise | str = ""


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of file; `required` lists groups of which at least one column must be linked."""

    columns: tuple[Column, ...]
    required: tuple[tuple[str, ...], ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def keys(self):
        return [column.key for column in self.columns]


DATE_HELP = _("A date such as 3-9-2025, 2025-09-03 or 3 september 2025.")
EMAIL = ("e mail", "email", "e mailadres", "emailadres", "e mail adres", "mail", "mailadres")
PHONE = ("telefoon", "telefoonnummer", "tel", "tel nr", "telnr", "mobiel", "mobiel nummer", "06 nummer", "phone",
         "phone number")
POSTCODE = ("postcode", "pc", "post code", "zip", "zip code", "postal code")
CITY = ("plaats", "woonplaats", "vestigingsplaats", "stad", "gemeente", "city", "town", "place")
REGION = ("regio", "werkgebied", "region")
LANGUAGE = ("taal", "voertaal", "language")
SCHOOL_YEAR = ("schooljaar", "jaar", "school year", "year")
DAY = ("dag", "dagen", "weekdag", "beschikbaar", "beschikbaarheid", "beschikbare dag", "beschikbare dagen", "day",
       "days", "availability")
DAY_PART = ("dagdeel", "dagdelen", "ochtend of middag", "part of day", "day part")
BRIN = ("brin", "brin nummer", "brinnummer", "brin code", "brincode", "school number")
SCHOOL_NAME = ("naam school", "schoolnaam", "school", "naam van de school", "school name")

SCHOOLS = Layout(
    columns=(
        Column("name", pgettext_lazy("import column", "School name"), SCHOOL_NAME + ("naam",)),
        Column("brin", _("BRIN"), BRIN, _("Four characters, such as 12AB.")),
        Column("school_type", _("School type"), ("soort onderwijs", "onderwijssoort", "schooltype", "type school",
                                                 "type", "po vo", "onderwijstype"),
               _("PO, VO, PO/VO or SO; primary education (PO) when empty.")),
        Column("board", _("School board"), ("schoolbestuur", "bestuur", "bevoegd gezag", "board", "school board"),
               _("Needed for a new school.")),
        Column("street", _("Street and number"), ("adres", "straat", "straat en huisnummer", "straatnaam",
                                                  "address", "street")),
        Column("postcode", _("Postcode"), POSTCODE),
        Column("city", _("City"), CITY, _("Taken from the postcode when empty.")),
        Column("region", _("Region"), REGION, _("The name of a region on the platform; found from the postcode when "
                                                "empty.")),
        Column("leader_name", _("School leader"), ("schoolleider", "naam schoolleider", "directeur", "directie",
                                                   "locatieleider", "school leader", "leader", "principal")),
        Column("leader_email", _("E-mail"), EMAIL + ("e mail schoolleider", "email schoolleider"),
               _("The school leader's address: they get an account on the platform.")),
        Column("leader_phone", _("Phone"), PHONE + ("telefoon schoolleider",)),
        Column("leader_position", _("Position"), ("functie", "functie schoolleider", "rol", "position")),
        Column("language", _("Language"), LANGUAGE, _("Of the invitation: Nederlands or English; Dutch when empty.")),
        Column("contact_name", _("Contact person"), ("contactpersoon", "contact", "naam contactpersoon",
                                                     "vaste contactpersoon", "contact person"),
               _("When empty, the school leader is the contact person.")),
        Column("contact_email", _("Contact person's e-mail"), ("e mail contactpersoon", "email contactpersoon",
                                                               "contact e mail", "contact email")),
        Column("contact_phone", _("Contact person's phone"), ("telefoon contactpersoon", "tel contactpersoon",
                                                              "contact phone", "contact telefoon")),
        Column("profile", _("School profile"), ("schoolprofiel", "profiel", "profielschets", "korte profielschets",
                                                "omschrijving", "school profile")),
        Column("ambassadors_wanted", _("Ambassadors wanted"), ("aantal ambassadeurs", "gewenst aantal", "aantal",
                                                               "ambassadeurs", "ambassadors wanted")),
        Column("school_year", _("School year"), SCHOOL_YEAR,
               _("Such as 2025-2026; earlier years are kept as history. When empty, the year chosen below.")),
    ),
    required=(("name",), ("postcode",)),
)

AMBASSADORS = Layout(
    columns=(
        Column("first_name", _("First name"), ("voornaam", "roepnaam", "first name", "given name")),
        Column("last_name", _("Last name"), ("achternaam", "tussenvoegsel en achternaam", "last name", "surname",
                                             "family name")),
        Column("name", _("Name"), ("naam", "volledige naam", "naam ambassadeur", "ambassadeur", "name", "full name"),
               _("The whole name, when first and last name are not in columns of their own.")),
        Column("email", _("E-mail"), EMAIL, _("The ambassador's address: they get an account on the platform.")),
        Column("phone", _("Phone"), PHONE),
        Column("postcode", _("Postcode"), POSTCODE, _("Home or work: matching finds schools within travel distance.")),
        Column("city", _("City"), CITY),
        Column("region", _("Region"), REGION),
        Column("sector", _("Sector"), ("sector", "branche", "werkveld")),
        Column("employer", _("Employer"), ("werkgever", "organisatie", "bedrijf", "employer", "company")),
        Column("employer_release", _("Released by the employer"), ("vrijgesteld", "vrijgesteld door werkgever",
                                                                   "vrijstelling", "vrijstelling werkgever",
                                                                   "released by the employer")),
        Column("days", _("Day"), DAY, _("Such as dinsdag, di en do, or woensdagochtend.")),
        Column("day_part", _("Day part"), DAY_PART, _("Ochtend, middag or hele dag, for days without their own part; "
                                                      "the whole day when empty.")),
        Column("vog_issued_on", _("VOG issued on"), ("vog afgegeven op", "vog datum", "datum vog", "vog afgifte",
                                                     "afgiftedatum vog", "vog", "vog issued on", "vog date"), DATE_HELP),
        Column("vog_requested_on", _("VOG requested on"), ("vog aangevraagd op", "vog aangevraagd",
                                                           "datum aanvraag vog", "vog requested on"), DATE_HELP),
        Column("start_date", _("Start date"), ("startdatum", "start", "begindatum", "ingangsdatum", "start date"),
               DATE_HELP),
        Column("status", _("Status"), ("status",), _("Active when the VOG date is given, otherwise applied.")),
        Column("preferred_tasks", _("Tasks"), ("taken", "voorkeur taken", "voorkeurstaken", "wat wil je doen", "tasks",
                                               "preferred tasks")),
        Column("school_types", _("School types"), ("soort onderwijs", "schooltype", "po vo", "soort school",
                                                   "school types")),
        Column("subjects", _("Subjects"), ("vakken", "vak", "vakgebied", "subjects")),
        Column("expertise", _("Expertise"), ("expertise", "deskundigheid", "achtergrond", "kennis")),
        Column("max_distance_km", _("Travel distance (km)"), ("reisafstand", "max reisafstand", "maximale reisafstand",
                                                              "afstand", "km", "travel distance")),
        Column("language", _("Language"), LANGUAGE, _("Of the invitation: Nederlands or English; Dutch when empty.")),
    ),
    required=(("email",), ("name", "first_name")),
)

PLACEMENTS = Layout(
    columns=(
        Column("ambassador_email", _("Ambassador's e-mail"), EMAIL + ("e mail ambassadeur", "email ambassadeur",
                                                                      "ambassadeur e mail")),
        Column("ambassador_name", _("Ambassador"), ("ambassadeur", "naam ambassadeur", "ambassador"),
               _("Only to check: the e-mail address finds the ambassador.")),
        Column("brin", _("BRIN"), BRIN),
        Column("school_name", pgettext_lazy("import column", "School name"), SCHOOL_NAME),
        Column("postcode", _("Postcode"), POSTCODE, _("Of the school; with the school name it finds a school without "
                                                      "BRIN.")),
        Column("day", _("Day"), DAY, _("One weekday, such as dinsdag or woensdagochtend.")),
        Column("day_part", _("Day part"), DAY_PART, _("Ochtend, middag or hele dag; the whole day when empty.")),
        Column("start_date", _("Start date"), ("startdatum", "start", "begindatum", "ingangsdatum", "start date"),
               DATE_HELP),
        Column("end_date", _("End date"), ("einddatum", "eind", "tot", "end date", "until"),
               _("When empty, the end of the school year.")),
        Column("school_year", _("School year"), SCHOOL_YEAR, _("Taken from the start date when empty.")),
        Column("tasks", _("Tasks"), ("taken", "taak", "werkzaamheden", "tasks"), _("Classroom support when empty.")),
        Column("subject", _("Subject or section"), ("vak", "sectie", "vak of sectie", "vakgebied", "subject")),
        Column("year_group", _("Year group"), ("groep", "leerjaar", "klas", "jaargroep", "year group")),
        Column("hours_per_week", _("Hours per week"), ("uren", "uren per week", "uur per week", "hours",
                                                       "hours per week")),
        Column("description", _("Description"), ("omschrijving", "beschrijving", "notities", "opmerkingen",
                                                 "description")),
    ),
    required=(("ambassador_email",), ("brin", "school_name"), ("day",), ("start_date",)),
)

LAYOUTS = {Kind.SCHOOLS: SCHOOLS, Kind.AMBASSADORS: AMBASSADORS, Kind.PLACEMENTS: PLACEMENTS}


@cache
def _spellings(kind: str) -> dict[str, set[str]]:
    """Per column: its label in every language of the site and its synonyms, normalised."""
    spellings = {}
    for column in LAYOUTS[kind].columns:
        words = {normalise(word) for word in column.synonyms}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                words.add(normalise(str(column.label)))
        spellings[column.key] = words
    return spellings


def propose_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """{column key: index of the file's column}, each used once: exact spellings first, then close ones."""
    spellings = _spellings(kind)
    names = [normalise(header) for header in headers]
    mapping: dict[str, int] = {}
    for key, words in spellings.items():  # in the layout's order: the first column claims an ambiguous heading
        index = next((i for i, name in enumerate(names) if name in words and i not in mapping.values()), None)
        if index is not None:
            mapping[key] = index
    candidates = sorted(
        ((max(SequenceMatcher(None, name, word).ratio() for word in words), key, index)
         for key, words in spellings.items() if key not in mapping
         for index, name in enumerate(names) if name and index not in mapping.values()),
        reverse=True,
    )
    for likeness, key, index in candidates:
        if likeness < LIKENESS:
            break
        if key not in mapping and index not in mapping.values():
            mapping[key] = index
    return mapping
