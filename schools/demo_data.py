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
