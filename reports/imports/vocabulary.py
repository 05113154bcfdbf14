"""The words people use in their spreadsheets for the platform's lists: each list's own labels (in Dutch and English)
count, and these synonyms besides."""

from django.conf import settings

from ambassadors.models import AmbassadorSchoolType, EmployerRelease, Sector, Status
from schools.models import SchoolType, TaskType


def _languages():
    return [(code, name) for code, name in settings.LANGUAGES]


VOCABULARIES = {
    "school_type": {
        "choices": lambda: SchoolType.choices,
        "labels": lambda: SchoolType.labels,
        "synonyms": {
            "po": SchoolType.PRIMARY, "primair onderwijs": SchoolType.PRIMARY, "basisonderwijs": SchoolType.PRIMARY,
            "basisschool": SchoolType.PRIMARY, "primary": SchoolType.PRIMARY, "primary school": SchoolType.PRIMARY,
            "vo": SchoolType.SECONDARY, "voortgezet onderwijs": SchoolType.SECONDARY,
            "middelbare school": SchoolType.SECONDARY, "secondary": SchoolType.SECONDARY,
            "secondary school": SchoolType.SECONDARY, "po vo": SchoolType.BOTH, "po en vo": SchoolType.BOTH,
            "po vo school": SchoolType.BOTH, "so": SchoolType.SPECIAL, "speciaal onderwijs": SchoolType.SPECIAL,
            "sbo": SchoolType.SPECIAL, "speciaal basisonderwijs": SchoolType.SPECIAL, "special": SchoolType.SPECIAL,
        },
    },
    "ambassador_school_type": {
        "choices": lambda: AmbassadorSchoolType.choices,
        "labels": lambda: AmbassadorSchoolType.labels,
        "synonyms": {"po": "po", "primair": "po", "primair onderwijs": "po", "basisonderwijs": "po", "basisschool": "po",
                     "primary": "po", "vo": "vo", "voortgezet": "vo", "voortgezet onderwijs": "vo",
                     "middelbare school": "vo", "secondary": "vo"},
    },
    "sector": {
        "choices": lambda: Sector.choices,
        "labels": lambda: Sector.labels,
        "synonyms": {
            "bank": Sector.FINANCE, "banken": Sector.FINANCE, "bankwezen": Sector.FINANCE, "financien": Sector.FINANCE,
            "financieel": Sector.FINANCE, "financiele sector": Sector.FINANCE, "verzekeringen": Sector.FINANCE,
            "verzekeraar": Sector.FINANCE, "finance": Sector.FINANCE, "banking": Sector.FINANCE,
            "overheid": Sector.GOVERNMENT, "gemeente": Sector.GOVERNMENT, "rijksoverheid": Sector.GOVERNMENT,
            "provincie": Sector.GOVERNMENT, "government": Sector.GOVERNMENT, "municipality": Sector.GOVERNMENT,
            "zakelijke dienstverlening": Sector.BUSINESS, "bedrijfsleven": Sector.BUSINESS,
            "zakenleven": Sector.BUSINESS, "consultancy": Sector.BUSINESS, "advies": Sector.BUSINESS,
            "business": Sector.BUSINESS, "zorg": Sector.HEALTHCARE, "gezondheidszorg": Sector.HEALTHCARE,
            "welzijn": Sector.HEALTHCARE, "zorg en welzijn": Sector.HEALTHCARE, "healthcare": Sector.HEALTHCARE,
            "health": Sector.HEALTHCARE, "ict": Sector.IT, "it": Sector.IT, "techniek": Sector.IT,
            "technologie": Sector.IT, "tech": Sector.IT, "ict en techniek": Sector.IT, "technology": Sector.IT,
            "anders": Sector.OTHER, "overig": Sector.OTHER, "overige": Sector.OTHER, "other": Sector.OTHER,
        },
    },
    "release": {
        "choices": lambda: EmployerRelease.choices,
        "labels": lambda: EmployerRelease.labels,
        "synonyms": {"ja": EmployerRelease.YES, "j": EmployerRelease.YES, "yes": EmployerRelease.YES,
                     "y": EmployerRelease.YES, "true": EmployerRelease.YES, "waar": EmployerRelease.YES,
                     "nee": EmployerRelease.NO, "n": EmployerRelease.NO, "no": EmployerRelease.NO,
                     "false": EmployerRelease.NO, "onwaar": EmployerRelease.NO,
                     "wordt geregeld": EmployerRelease.ARRANGING, "in overleg": EmployerRelease.ARRANGING,
                     "regelen": EmployerRelease.ARRANGING, "arranging": EmployerRelease.ARRANGING},
    },
    "task": {
        "choices": lambda: TaskType.choices,
        "labels": lambda: TaskType.labels,
        "synonyms": {
            "klas": TaskType.CLASSROOM, "in de klas": TaskType.CLASSROOM, "klassenassistent": TaskType.CLASSROOM,
            "klassenassistentie": TaskType.CLASSROOM, "klassenondersteuning": TaskType.CLASSROOM,
            "ondersteuning in de klas": TaskType.CLASSROOM, "begeleiding": TaskType.CLASSROOM,
            "classroom": TaskType.CLASSROOM, "classroom support": TaskType.CLASSROOM,
            "surveilleren": TaskType.INVIGILATION, "surveillance": TaskType.INVIGILATION,
            "toezicht": TaskType.INVIGILATION, "invigilation": TaskType.INVIGILATION,
            "buitenschools": TaskType.EXTRACURRICULAR, "buitenschoolse activiteiten": TaskType.EXTRACURRICULAR,
            "excursies": TaskType.EXTRACURRICULAR, "activiteiten": TaskType.EXTRACURRICULAR,
            "extracurricular": TaskType.EXTRACURRICULAR, "administratie": TaskType.ADMINISTRATIVE,
            "administratief": TaskType.ADMINISTRATIVE, "administratieve taken": TaskType.ADMINISTRATIVE,
            "administrative": TaskType.ADMINISTRATIVE, "anders": TaskType.OTHER, "overig": TaskType.OTHER,
            "overige": TaskType.OTHER, "other": TaskType.OTHER,
        },
    },
    "status": {
        "choices": lambda: Status.choices,
        "labels": lambda: Status.labels,
        "synonyms": {
            "actief": Status.ACTIVE, "active": Status.ACTIVE, "gepauzeerd": Status.PAUSED, "pauze": Status.PAUSED,
            "paused": Status.PAUSED, "gestopt": Status.ENDED, "beeindigd": Status.ENDED, "gestopt met programma":
            Status.ENDED, "ended": Status.ENDED, "aangemeld": Status.APPLIED, "nieuw": Status.APPLIED,
            "applied": Status.APPLIED, "vog aangevraagd": Status.VOG_REQUESTED, "vog ontvangen": Status.VOG_RECEIVED,
            "afgewezen": Status.DECLINED, "declined": Status.DECLINED,
        },
    },
    "language": {
        "choices": _languages,
        "labels": lambda: [name for _code, name in _languages()],
        "synonyms": {"nl": "nl", "ned": "nl", "nederlands": "nl", "dutch": "nl", "en": "en", "eng": "en",
                     "engels": "en", "english": "en"},
    },
}
