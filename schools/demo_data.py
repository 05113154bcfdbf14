"""Realistic Dutch reference data for demo seeding and tests (fictional schools and people)."""

REGIONS = [
    # name, holiday region, centre (lat, lon), postcode range (first four digits), places
    ("Utrecht", "midden", (52.0907, 5.1214), (3500, 3585), ["Utrecht", "Nieuwegein", "Houten", "Zeist"]),
    ("Den Haag", "midden", (52.0705, 4.3007), (2490, 2599), ["Den Haag", "Rijswijk", "Leidschendam", "Voorburg"]),
    ("Almere", "noord", (52.3508, 5.2647), (1300, 1365), ["Almere"]),
    ("Rotterdam", "midden", (51.9244, 4.4777), (3000, 3089), ["Rotterdam", "Schiedam", "Capelle aan den IJssel", "Barendrecht"]),
    ("Amsterdam", "noord", (52.3676, 4.9041), (1000, 1109), ["Amsterdam", "Diemen", "Amstelveen"]),
    ("Den Bosch", "zuid", (51.6978, 5.3037), (5200, 5249), ["'s-Hertogenbosch", "Rosmalen", "Vught"]),
    ("Amersfoort", "midden", (52.1561, 5.3878), (3800, 3829), ["Amersfoort", "Leusden", "Soest"]),
    ("Leiden", "midden", (52.1601, 4.4970), (2300, 2334), ["Leiden", "Leiderdorp", "Oegstgeest"]),
]

STREETS = [
    "Kerkstraat", "Schoolstraat", "Molenweg", "Dorpsstraat", "Julianalaan", "Wilhelminastraat",
    "Beatrixlaan", "Kastanjelaan", "Lindenlaan", "Prinses Irenestraat", "Van Goghstraat", "Rembrandtlaan",
    "Vondellaan", "Spoorstraat", "Parkweg", "Burgemeester de Withstraat", "Zonnebloemstraat", "Merelstraat",
]

PO_PREFIXES = ["Basisschool", "OBS", "CBS", "KBS", "Montessorischool", "Daltonschool", "Jenaplanschool"]
PO_NAMES = [
    "De Regenboog", "De Wegwijzer", "Het Kompas", "De Klimop", "De Zonnewijzer", "Het Palet", "De Vlinder",
    "De Springplank", "Sint Jan", "De Fontein", "Het Anker", "De Notenboom", "De Achtbaan", "Het Startpunt",
    "De Horizon", "De Toermalijn", "De Paperclip", "Het Octopus", "De Bolster", "De Wilgenhoek",
]
VO_NAMES = [
    "Stedelijk College", "Christelijk Lyceum", "Openbaar Lyceum", "Montessori College", "Het Nieuwe Lyceum",
    "Da Vinci College", "Erasmus College", "Comenius College", "Vathorst College", "Spinoza Lyceum",
    "Maerlant College", "Hofstad Lyceum", "Calvijn College", "Stanislas College", "Het Baken",
]
SCHOOL_PROFILES = {
    "po": [
        "Een wijkschool met {n} leerlingen, veel aandacht voor lezen en een warme band met ouders.",
        "Daltonschool met {n} leerlingen waar zelfstandigheid en samenwerken centraal staan.",
        "Een school met {n} leerlingen en groeiende groepen; we zoeken extra handen bij het lezen en rekenen.",
    ],
    "vo": [
        "Brede scholengemeenschap (vmbo-havo-vwo) met {n} leerlingen en een sterk mentoraat.",
        "Lyceum met {n} leerlingen; extra ondersteuning bij toetsweken en surveilleren is welkom.",
        "Vmbo-school met {n} leerlingen en veel praktijkvakken; we zoeken hulp bij begeleiding en projecten.",
    ],
}
BOARD_PATTERNS = [
    "Stichting Openbaar Primair Onderwijs {place}",
    "Stichting Katholiek Onderwijs {place}",
    "Vereniging Christelijk Onderwijs {place}",
    "Stichting Voortgezet Onderwijs {place}",
]

FIRST_NAMES = [
    "Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Lotte", "Thijs", "Fleur", "Bram", "Anouk", "Jeroen",
    "Marloes", "Pieter", "Ingrid", "Mohammed", "Fatima", "Yusuf", "Esther", "Willem", "Noor", "Ruben", "Ilse",
    "Kees", "Annemieke", "Hanneke", "Sven", "Priya", "Mehmet", "Ayşe", "Joost", "Marieke", "Gerrit", "Linda",
]
LAST_NAMES = [
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"),
    ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"),
    ("", "Dijkstra"), ("", "El Amrani"), ("", "Yılmaz"), ("", "Kramer"), ("van der", "Linden"), ("", "Hoekstra"),
]
EMPLOYERS = {
    "finance": ["Rabobank", "ING", "ABN AMRO", "De Volksbank", "Achmea"],
    "government": ["Gemeente Utrecht", "Gemeente Den Haag", "Gemeente Rotterdam", "Rijkswaterstaat", "Provincie Utrecht"],
    "business": ["Deloitte", "PwC", "KPMG", "Randstad", "Arcadis"],
    "healthcare": ["UMC Utrecht", "Erasmus MC", "Zorggroep Almere", "GGD Haaglanden"],
    "it": ["Centric", "Capgemini", "Bol", "Ordina", "Topicus"],
    "other": ["NS", "Eneco", "Stichting Vluchtelingenwerk", "Zelfstandig ondernemer"],
}

CONTACT_ROLES = ["Intern begeleider", "Teamleider onderbouw", "Bouwcoördinator", "Adjunct-directeur", "Zorgcoördinator",
                 "Afdelingsleider"]

# title, task types, description, what it takes off the teacher's hands
NEEDS = [
    ("Surveilleren tijdens de toetsweken", ["invigilation"],
     "Tijdens de toetsweken zoeken we iemand die samen met een docent surveilleert in de aula.",
     "Docenten hoeven minder uren te surveilleren en houden tijd over voor nakijken en lesvoorbereiding."),
    ("Leesondersteuning groep 4", ["classroom"],
     "Met kleine groepjes leerlingen hardop lezen, naast de leerkracht in de klas.",
     "De leerkracht kan zich richten op de instructie aan de rest van de groep."),
    ("Rekenhulp in kleine groepjes", ["classroom"],
     "Oefenen met tafels en breuken met leerlingen die extra oefening nodig hebben, in overleg met de leerkracht.",
     "Minder differentiëren onder tijdsdruk; de leerkracht krijgt ruimte voor leerlingen met een eigen leerlijn."),
    ("Organisatie sportdag en excursies", ["extracurricular"],
     "Helpen bij het voorbereiden en begeleiden van de sportdag en twee excursies.",
     "Het team hoeft niet zelf alle logistiek te regelen naast de lessen."),
    ("Administratieve ondersteuning leerlingzaken", ["administrative"],
     "Tabellen en overzichten controleren, absenties verwerken en mappen bijwerken.",
     "Mentoren besteden minder tijd aan administratie en meer aan hun leerlingen."),
    ("Begeleiding praktijklokaal techniek", ["classroom", "extracurricular"],
     "Naast de docent techniek meehelpen in het praktijklokaal: materialen klaarzetten, leerlingen helpen.",
     "De docent kan meer leerlingen tegelijk begeleiden bij hun werkstuk."),
    ("Huiswerkklas na schooltijd", ["extracurricular"],
     "Twee middagen per week de huiswerkklas mee begeleiden, samen met een onderwijsassistent.",
     "Mentoren hoeven de huiswerkklas niet zelf te bemensen."),
    ("Schoolbibliotheek op orde", ["administrative", "other"],
     "De schoolbibliotheek bijhouden en leerlingen helpen een boek te kiezen.",
     "De leescoördinator houdt tijd over voor het leesplan."),
]
SUPPORT_REQUESTS = [
    "",
    "Vooral hulp bij surveilleren in de toetsweken.",
    "Extra handen in de onderbouw bij lezen en rekenen.",
    "Ondersteuning bij buitenschoolse activiteiten en excursies.",
    "Iemand die administratieve taken van mentoren overneemt.",
]
DECLINE_REASONS = [
    "Op dit moment werken we nog niet in uw regio; zodra we daar starten, nemen we contact op.",
    "Uw school valt buiten het werkgebied van de huidige subsidie.",
]

# School holidays per holiday region (name, noord, midden, zuid) as (first day, last day), ISO dates.
# Indicative dates for the demo; staff keep the official ones in the admin.
SCHOOL_HOLIDAYS = [
    ("Herfstvakantie", ("2025-10-18", "2025-10-26"), ("2025-10-18", "2025-10-26"), ("2025-10-11", "2025-10-19")),
    ("Kerstvakantie", ("2025-12-20", "2026-01-04"), ("2025-12-20", "2026-01-04"), ("2025-12-20", "2026-01-04")),
    ("Voorjaarsvakantie", ("2026-02-14", "2026-02-22"), ("2026-02-14", "2026-02-22"), ("2026-02-14", "2026-02-22")),
    ("Meivakantie", ("2026-04-25", "2026-05-03"), ("2026-04-25", "2026-05-03"), ("2026-04-25", "2026-05-03")),
    ("Zomervakantie", ("2026-07-04", "2026-08-16"), ("2026-07-18", "2026-08-30"), ("2026-07-11", "2026-08-23")),
    ("Herfstvakantie", ("2026-10-17", "2026-10-25"), ("2026-10-17", "2026-10-25"), ("2026-10-10", "2026-10-18")),
    ("Kerstvakantie", ("2026-12-19", "2027-01-03"), ("2026-12-19", "2027-01-03"), ("2026-12-19", "2027-01-03")),
    ("Voorjaarsvakantie", ("2027-02-20", "2027-02-28"), ("2027-02-13", "2027-02-21"), ("2027-02-13", "2027-02-21")),
    ("Meivakantie", ("2027-04-24", "2027-05-02"), ("2027-04-24", "2027-05-02"), ("2027-04-24", "2027-05-02")),
    ("Zomervakantie", ("2027-07-17", "2027-08-29"), ("2027-07-10", "2027-08-22"), ("2027-07-24", "2027-09-05")),
]
